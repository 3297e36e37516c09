/**
 * 受理后补件 — a department asked for materials: the administrative clock pauses from the notice (BRIEF
 * §2.2) and the applicant is told everything missing at once. Recorded as the reviewer who asked.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface RecordSupplementRequestInput {
  step: ProcessStep;
  caseId: string;
  /** The names of the materials asked for. */
  missing: readonly string[];
  requestedBy: Actor | null;
}

export function createRecordSupplementRequest(deps: {
  store: Store;
  catalog: CatalogIndex;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
}) {
  return async function recordSupplementRequest(input: RecordSupplementRequestInput): Promise<void> {
    const { caseId, missing, step } = input;
    const now = deps.clock.now();
    const { itemCase, application, item } = await deps.store.transaction(async (uow) => {
      const loaded = await requireItemCase(uow, deps.catalog, caseId);
      const fresh = await appendStepEvent(
        uow,
        step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'SUPPLEMENT_REQUESTED',
          actor: personOrSystem(input.requestedBy, deps.log, { aggregateId: caseId, event: 'SUPPLEMENT_REQUESTED' }),
          payload: { missing },
        },
        now,
      );
      if (fresh) await uow.clocks.append(adminClockId(caseId), { type: 'PAUSE', at: now, reason: 'SUPPLEMENT' });
      return loaded;
    });
    if (application.contactPhone) {
      await deps.sms.send({
        templateId: 'SUPPLEMENT_NOTICE',
        phones: [application.contactPhone],
        idempotencyKey: effectKey(step, caseId),
        params: {
          itemName: item.nameZh,
          caseNo: itemCase.caseNumber ?? caseId,
          materials: missing.join('、') || '见补件通知',
        },
      });
    }
  };
}

export type RecordSupplementRequest = ReturnType<typeof createRecordSupplementRequest>;
