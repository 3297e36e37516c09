/**
 * 会审 (办法 §15) — the lead department's conclusion over every department's opinion (an empty one is
 * 同意), recorded on the application as the lead's person who held it.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireApplication, type ProcessStep } from '../process-step.ts';

export interface RecordJointReviewInput {
  step: ProcessStep;
  applicationId: string;
  conclusion: string | null;
  /** Every department's `{ caseId, opinion }`, as the review collected them. */
  opinions: readonly unknown[];
  reviewedBy: Actor | null;
}

export function createRecordJointReview(deps: { store: Store; clock: Clock; log: Logger }) {
  return async function recordJointReview(input: RecordJointReviewInput): Promise<void> {
    const { applicationId } = input;
    const now = deps.clock.now();
    await deps.store.transaction(async (uow) => {
      await requireApplication(uow, applicationId);
      await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'JOINT_REVIEWED',
          actor: personOrSystem(input.reviewedBy, deps.log, { aggregateId: applicationId, event: 'JOINT_REVIEWED' }),
          payload: { conclusion: input.conclusion ?? '同意', opinions: input.opinions },
        },
        now,
      );
    });
  };
}

export type RecordJointReview = ReturnType<typeof createRecordJointReview>;
