/**
 * 特别程序结束 — the special clock stops; on PASS the administrative clock resumes with the time that
 * was left and the applicant is told; on FAIL the one-time rectification notice (一次性整改告知) goes out
 * and the administrative clock stays paused until rectification. Recorded as the person who ran it.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import { chineseWallTime } from '../../domain/calendar/shanghai-day.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId, specialClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, personOrSystem, requireItemCase, type ProcessStep } from '../process-step.ts';

export interface RecordSpecialProcedureResultInput {
  step: ProcessStep;
  caseId: string;
  procedureId: string;
  result: 'PASS' | 'FAIL';
  /** On FAIL the rectification asked for. */
  note: string | null;
  /** The type's catalogue code, for the notice (its name); null: 特别程序. */
  type: string | null;
  finishedBy: Actor | null;
}

export function createRecordSpecialProcedureResult(deps: {
  store: Store;
  catalog: CatalogIndex;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
}) {
  return async function recordSpecialProcedureResult(input: RecordSpecialProcedureResultInput): Promise<void> {
    const { caseId, procedureId, result, step } = input;
    const note = input.note ?? '';
    const now = deps.clock.now();
    const finished = await deps.store.transaction(async (uow) => {
      const loaded = await requireItemCase(uow, deps.catalog, caseId);
      const fresh = await appendStepEvent(
        uow,
        step,
        {
          aggregateId: caseId,
          aggregate: 'CASE',
          type: 'SPECIAL_PROCEDURE_FINISHED',
          actor: personOrSystem(input.finishedBy, deps.log, {
            aggregateId: caseId,
            event: 'SPECIAL_PROCEDURE_FINISHED',
          }),
          payload: { procedureId, result, note },
        },
        now,
      );
      if (fresh) {
        await uow.clocks.append(specialClockId(procedureId), { type: 'STOP', at: now });
        if (result === 'PASS') await uow.clocks.append(adminClockId(caseId), { type: 'RESUME', at: now });
        await uow.cases.finishSpecialProcedure(procedureId, { finishedAt: now, result, note });
      }
      // on a redelivery the notice keeps the instant first recorded, so the SMS is the same message
      const finishedAt = (await uow.cases.specialProcedure(procedureId))?.finishedAt ?? now;
      return { ...loaded, finishedAt };
    });
    const { itemCase, application, item } = finished;
    if (!application.contactPhone) return;
    const procedureType = input.type ? deps.catalog.specialProcedureType(input.type).nameZh : '特别程序';
    const common = { itemName: item.nameZh, caseNo: itemCase.caseNumber ?? caseId, procedureType };
    await deps.sms.send(
      result === 'PASS'
        ? {
            templateId: 'SPECIAL_PROCEDURE_PASSED',
            phones: [application.contactPhone],
            idempotencyKey: effectKey(step, caseId),
            params: { ...common, resumedAt: chineseWallTime(finished.finishedAt) },
          }
        : {
            templateId: 'SPECIAL_PROCEDURE_FAILED',
            phones: [application.contactPhone],
            idempotencyKey: effectKey(step, caseId),
            params: { ...common, rectification: note || '详见整改告知书', rectifyBy: '整改完成后' },
          },
    );
  };
}

export type RecordSpecialProcedureResult = ReturnType<typeof createRecordSpecialProcedureResult>;
