/**
 * 初审意见 — a department's preliminary opinion on its item case (an empty one is 同意), readable by the
 * stage's other departments; recorded as the reviewer who gave it.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface RecordOpinionInput {
  step: ProcessStep;
  caseId: string;
  opinion: string | null;
  reviewedBy: Actor | null;
}

export function createRecordOpinion(deps: { store: Store; catalog: CatalogIndex; clock: Clock; log: Logger }) {
  return async function recordOpinion(input: RecordOpinionInput): Promise<{ caseId: string; opinion: string }> {
    const { caseId } = input;
    const opinion = input.opinion ?? '同意';
    const now = deps.clock.now();
    await deps.store.transaction(async (uow) => {
      await requireItemCase(uow, deps.catalog, caseId);
      await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'OPINION_RECORDED',
          actor: personOrSystem(input.reviewedBy, deps.log, { aggregateId: caseId, event: 'OPINION_RECORDED' }),
          payload: { opinion },
        },
        now,
      );
    });
    return { caseId, opinion };
  };
}

export type RecordOpinion = ReturnType<typeof createRecordOpinion>;
