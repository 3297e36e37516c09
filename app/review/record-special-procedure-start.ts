/**
 * 特别程序开始 (办法 §12, 行政许可法 §45) — the administrative clock pauses, the procedure's own clock
 * starts with its catalogue limit and unit, and the applicant is told its type and limit by SMS. Only
 * types the item allows (another is an incident). Recorded as the reviewer who chose the procedure.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import { chineseWallTime } from '../../domain/calendar/shanghai-day.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId, specialClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { NonRetryableError } from '../../domain/ports/engine.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface RecordSpecialProcedureStartInput {
  step: ProcessStep;
  caseId: string;
  /** The special procedure type's catalogue code. */
  type: string;
  startedBy: Actor | null;
}

export function createRecordSpecialProcedureStart(deps: {
  store: Store;
  catalog: CatalogIndex;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
}) {
  return async function recordSpecialProcedureStart(
    input: RecordSpecialProcedureStartInput,
  ): Promise<{ procedureId: string; deadline: Date | null }> {
    const { caseId, type, step } = input;
    // one procedure per element instance: a redelivery finds it started
    const procedureId = `${caseId}:SP:${step.elementInstanceKey}`;
    const now = deps.clock.now();
    const started = await deps.store.transaction(async (uow) => {
      const loaded = await requireItemCase(uow, deps.catalog, caseId);
      let allowed;
      try {
        allowed = deps.catalog.specialProcedureOf(loaded.itemCase.itemCode, type);
      } catch (err) {
        throw new NonRetryableError((err as Error).message, { cause: err });
      }
      const state = await uow.clocks.start({
        id: specialClockId(procedureId),
        caseId,
        kind: 'SPECIAL',
        regionCode: loaded.itemCase.regionCode,
        department: loaded.itemCase.department,
        limit: allowed.limit,
        unit: allowed.unit,
        at: now,
      });
      const fresh = await appendStepEvent(
        uow,
        step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'SPECIAL_PROCEDURE_STARTED',
          actor: personOrSystem(input.startedBy, deps.log, { aggregateId: caseId, event: 'SPECIAL_PROCEDURE_STARTED' }),
          payload: { procedureId, type, limit: allowed.limit, unit: allowed.unit, deadline: state.deadline },
        },
        now,
      );
      if (fresh) {
        await uow.clocks.append(adminClockId(caseId), { type: 'PAUSE', at: now, reason: 'SPECIAL_PROCEDURE' });
        await uow.cases.addSpecialProcedure({
          id: procedureId,
          caseId,
          type,
          limit: allowed.limit,
          unit: allowed.unit,
          startedAt: now,
          deadline: state.deadline,
          processInstanceKey: step.processInstanceKey ?? null,
        });
      }
      // on a redelivery the notice keeps the instant first recorded, so the SMS is the same message
      const startedAt = (await uow.cases.specialProcedure(procedureId))?.startedAt ?? now;
      return { ...loaded, allowed, deadline: state.deadline, startedAt };
    });
    if (started.application.contactPhone) {
      await deps.sms.send({
        templateId: 'SPECIAL_PROCEDURE_STARTED',
        phones: [started.application.contactPhone],
        idempotencyKey: effectKey(step, caseId),
        params: {
          itemName: started.item.nameZh,
          caseNo: started.itemCase.caseNumber ?? caseId,
          startedAt: chineseWallTime(started.startedAt),
          procedureType: deps.catalog.specialProcedureType(type).nameZh,
          limit: String(started.allowed.limit),
          limitUnit: started.allowed.unit === 'WD' ? '个工作日' : '个自然日',
        },
      });
    }
    return { procedureId, deadline: started.deadline };
  };
}

export type RecordSpecialProcedureStart = ReturnType<typeof createRecordSpecialProcedureStart>;
