/**
 * approval.issue-result — 统一出件 (app/output/issue-result.ts): the result of one item case, issued in
 * the name of the head who decided (`completedBy` of the case's decision scope).
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createIssueResultWorker(deps: Pick<ProcessSteps, 'issueResult'>) {
  return defineWorker({
    type: JOB_TYPES.issueResult,
    input: Type.Object({ [V.caseId]: Id, [V.completedBy]: Maybe(Person) }),
    output: Type.Object({
      [V.result]: Type.Object({
        caseId: Id,
        title: Type.String(),
        docNumber: Type.String(),
        certificateId: Type.Union([Type.String(), Type.Null()]),
      }),
    }),
    async handle(input, { step }) {
      const result = await deps.issueResult({ step, caseId: input.caseId, issuedBy: personOf(input.completedBy) });
      return complete({ result });
    },
  });
}
