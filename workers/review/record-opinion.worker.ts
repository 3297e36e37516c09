/**
 * approval.record-opinion — 初审意见 (app/review/record-opinion.ts): the reviewer's opinion of
 * Task_Review, handed on as `{ caseId, opinion }` for the review's collected `opinions`.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createRecordOpinionWorker(deps: Pick<ProcessSteps, 'recordOpinion'>) {
  return defineWorker({
    type: JOB_TYPES.recordOpinion,
    input: Type.Object({ [V.caseId]: Id, [V.opinion]: Maybe(Type.String()), [V.completedBy]: Maybe(Person) }),
    output: Type.Object({ [V.opinion]: Type.Object({ caseId: Id, opinion: Type.String() }) }),
    async handle(input, { step }) {
      const opinion = await deps.recordOpinion({
        step,
        caseId: input.caseId,
        opinion: textOf(input.opinion),
        reviewedBy: personOf(input.completedBy),
      });
      return complete({ opinion });
    },
  });
}
