/**
 * approval.resume-clock — 恢复计时 (app/clock/resume-clock.ts), in two places: after a supplement, with
 * the lead's extension of Task_DecideExtension (`extendedBy`); after a rectification, with whoever
 * reported it (`rectifiedBy`, carried by the `case.rectified` message).
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createResumeClockWorker(deps: Pick<ProcessSteps, 'resumeClock'>) {
  return defineWorker({
    type: JOB_TYPES.resumeClock,
    input: Type.Object({
      [V.caseId]: Id,
      [V.extensionDays]: Maybe(Type.Integer({ minimum: 0 })),
      [V.extensionReason]: Maybe(Type.String()),
      [V.extendedBy]: Maybe(Person),
      [V.rectifiedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.resumeClock({
        step,
        caseId: input.caseId,
        extensionDays: input.extensionDays ?? 0,
        extensionReason: textOf(input.extensionReason),
        extendedBy: personOf(input.extendedBy),
        rectifiedBy: personOf(input.rectifiedBy),
      });
      return complete();
    },
  });
}
