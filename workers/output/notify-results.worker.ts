/**
 * approval.notify-results — 统一出件 (app/output/notify-results.ts): the applicant is told, the
 * application decided, the project tracker moved on. The system's own step: it reads no person.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { Id } from '../variables.schemas.ts';

export function createNotifyResultsWorker(deps: Pick<ProcessSteps, 'notifyResults'>) {
  return defineWorker({
    type: JOB_TYPES.notifyResults,
    input: Type.Object({ [V.applicationId]: Id }),
    async handle(input, { step }) {
      await deps.notifyResults({ step, applicationId: input.applicationId });
      return complete();
    },
  });
}
