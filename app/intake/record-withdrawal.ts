/**
 * 撤件 — the application and every open item case are withdrawn and their clocks stop, recorded as the
 * applicant who withdrew (the `case.withdrawn` message).
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireApplication, type ProcessStep } from '../process-step.ts';

const OPEN = new Set([
  'PENDING',
  'ACCEPTED',
  'IN_REVIEW',
  'SUPPLEMENT_PENDING',
  'SPECIAL_PROCEDURE',
  'RECTIFICATION',
  'OPINION_GIVEN',
]);

export interface RecordWithdrawalInput {
  step: ProcessStep;
  applicationId: string;
  withdrawnBy: Actor | null;
  reason: string | null;
}

export function createRecordWithdrawal(deps: { store: Store; clock: Clock; log: Logger }) {
  return async function recordWithdrawal(input: RecordWithdrawalInput): Promise<void> {
    const { applicationId, step } = input;
    const now = deps.clock.now();
    const actor = personOrSystem(input.withdrawnBy, deps.log, { aggregateId: applicationId, event: 'WITHDRAWN' });
    await deps.store.transaction(async (uow) => {
      const application = await requireApplication(uow, applicationId);
      if (application.state !== 'WITHDRAWN') {
        await appendStepEvent(
          uow,
          step,
          {
            aggregateId: applicationId,
            aggregate: 'APPLICATION',
            type: 'WITHDRAWN',
            actor,
            payload: { reason: input.reason },
          },
          now,
        );
      }
      for (const c of await uow.cases.itemCasesOf([applicationId])) {
        if (!OPEN.has(c.state)) continue;
        await appendStepEvent(
          uow,
          step,
          { aggregateId: c.id, aggregate: 'CASE', type: 'WITHDRAWN', actor, payload: {} },
          now,
        );
        for (const clock of await uow.clocks.ofCases([c.id])) {
          if (clock.events.at(-1)?.type !== 'STOP') await uow.clocks.append(clock.id, { type: 'STOP', at: now });
        }
      }
    });
  };
}

export type RecordWithdrawal = ReturnType<typeof createRecordWithdrawal>;
