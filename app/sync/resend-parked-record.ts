/**
 * 重报 — a supervisor re-sends a parked record: as it was (the cause was on the province's side, or
 * what it referred to has been fixed), or with corrected data as a new record (SJYXBS) with the reason
 * the old one is void (SJWXYY). Unknown or not parked: SYNC_RECORD_NOT_FOUND.
 */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { ResendResult, SyncOutbox } from '../../domain/ports/sync-outbox.port.ts';
import { assertSupervisor } from './sync-access.ts';

export function createResendParkedRecord(deps: { outbox: SyncOutbox; clock: Clock }) {
  return async function resendParkedRecord(
    actor: Actor,
    dfsjzj: string,
    correction: { data?: Record<string, unknown>; reason?: string },
  ): Promise<ResendResult> {
    assertSupervisor(actor, 'sync.resend');
    const result = await deps.outbox.resendParked(dfsjzj, {
      now: deps.clock.now(),
      ...(correction.data ? { data: correction.data } : {}),
      ...(correction.reason ? { reason: correction.reason } : {}),
    });
    if (!result)
      throw new DomainError('SYNC_RECORD_NOT_FOUND', `没有地方数据主键为 ${dfsjzj} 的待重报记录`, {
        field: 'params.dfsjzj',
      });
    return result;
  };
}
