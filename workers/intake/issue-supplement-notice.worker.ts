/**
 * approval.issue-supplement-notice — 补齐补正通知 (app/intake/issue-supplement-notice.ts): the check's
 * missing list, at least one material, told at once in the name of the clerk who checked.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createIssueSupplementNoticeWorker(deps: Pick<ProcessSteps, 'issueSupplementNotice'>) {
  return defineWorker({
    type: JOB_TYPES.issueSupplementNotice,
    input: Type.Object({
      [V.applicationId]: Id,
      [V.missingMaterials]: Type.Array(Type.Object({ materialId: Id, nameZh: Type.String() }), { minItems: 1 }),
      [V.checkedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.issueSupplementNotice({
        step,
        applicationId: input.applicationId,
        missing: input.missingMaterials,
        checkedBy: personOf(input.checkedBy),
      });
      return complete();
    },
  });
}
