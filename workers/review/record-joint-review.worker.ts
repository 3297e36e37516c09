/**
 * approval.record-joint-review — 会审 (app/review/record-joint-review.ts): the lead's conclusion of
 * Task_JointReview over the opinions the review collected.
 */
import { Type } from 'typebox';
import type { ProcessSteps } from '../../app/process-steps.ts';
import { JOB_TYPES, VARIABLES as V } from '../../domain/process-contract.ts';
import { complete, defineWorker } from '../define-worker.ts';
import { personOf, textOf } from '../step.ts';
import { Id, Maybe, Person } from '../variables.schemas.ts';

export function createRecordJointReviewWorker(deps: Pick<ProcessSteps, 'recordJointReview'>) {
  return defineWorker({
    type: JOB_TYPES.recordJointReview,
    input: Type.Object({
      [V.applicationId]: Id,
      [V.jointConclusion]: Maybe(Type.String()),
      [V.opinions]: Maybe(Type.Array(Type.Unknown())),
      [V.jointReviewedBy]: Maybe(Person),
    }),
    async handle(input, { step }) {
      await deps.recordJointReview({
        step,
        applicationId: input.applicationId,
        conclusion: textOf(input.jointConclusion),
        opinions: input.opinions ?? [],
        reviewedBy: personOf(input.jointReviewedBy),
      });
      return complete();
    },
  });
}
