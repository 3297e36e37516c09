/** 办结 — the department head's decision on an item case; the administrative clock stops. */
import type { Actor, Decision } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface RecordDecisionInput {
  step: ProcessStep;
  caseId: string;
  decision: Decision;
  /** The conditions of an APPROVED_WITH_CONDITIONS. */
  conditions: string | null;
  decidedBy: Actor | null;
}

export function createRecordDecision(deps: { store: Store; catalog: CatalogIndex; clock: Clock; log: Logger }) {
  return async function recordDecision(input: RecordDecisionInput): Promise<void> {
    const { caseId, decision } = input;
    const now = deps.clock.now();
    await deps.store.transaction(async (uow) => {
      await requireItemCase(uow, deps.catalog, caseId);
      const fresh = await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'DECIDED',
          actor: personOrSystem(input.decidedBy, deps.log, { aggregateId: caseId, event: 'DECIDED' }),
          payload: { decision, conditions: input.conditions },
        },
        now,
        { decision, decidedAt: now },
      );
      if (!fresh) return;
      const clock = await uow.clocks.clock(adminClockId(caseId));
      if (clock && clock.events.at(-1)?.type !== 'STOP') await uow.clocks.append(clock.id, { type: 'STOP', at: now });
    });
  };
}

export type RecordDecision = ReturnType<typeof createRecordDecision>;
