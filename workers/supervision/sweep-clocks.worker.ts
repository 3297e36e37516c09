/**
 * approval.sweep-clocks — 时限监察 (app/supervision/sweep-clocks.ts), every minute from
 * bpmn/clock-sweep.bpmn: it reads no variable and reports how many warnings it sent.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';

export function createSweepClocksWorker(deps: Pick<ProcessSteps, 'sweepClocks'>) {
  return defineWorker({
    type: JOB_TYPES.sweepClocks,
    input: Type.Object({}),
    output: Type.Object({ [V.fired]: Type.Integer({ minimum: 0 }) }),
    async handle() {
      return complete(await deps.sweepClocks());
    },
  });
}
