/**
 * approval.request-supplement — 受理后补件 (app/review/record-supplement-request.ts): the materials the
 * reviewer listed in Task_Review (local to the case's review scope), recorded as that reviewer.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createRequestSupplementWorker(deps: Pick<ProcessSteps, 'recordSupplementRequest'>) {
  return defineWorker({
    type: JOB_TYPES.requestSupplement,
    input: Type.Object({
      [V.caseId]: Id,
      [V.missingMaterials]: Type.Array(Type.String()),
      [V.completedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.recordSupplementRequest({
        step,
        caseId: input.caseId,
        missing: input.missingMaterials,
        requestedBy: personOf(input.completedBy),
      });
      return complete();
    },
  });
}
