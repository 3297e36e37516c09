/**
 * approval.issue-receipt — 正式收件回执 (app/intake/issue-receipt.ts): the item cases are numbered and
 * their clocks start; the case numbers go out by case id.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createIssueReceiptWorker(deps: Pick<ProcessSteps, 'issueReceipt'>) {
  return defineWorker({
    type: JOB_TYPES.issueReceipt,
    input: Type.Object({ [V.applicationId]: Id, [V.checkedBy]: Maybe(Person) }),
    output: Type.Object({ [V.caseNumbers]: Type.Record(Type.String(), Type.String()) }),
    async handle(input, { step }) {
      const { caseNumbers } = await deps.issueReceipt({
        step,
        applicationId: input.applicationId,
        checkedBy: personOf(input.checkedBy),
      });
      return complete({ caseNumbers });
    },
  });
}
