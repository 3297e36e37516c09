/** The use cases of provincial sync (省级同步) for supervisors: the outbox's status, the parked records, a resend. */
import type { Clock } from '../domain/ports/clock.port.ts';
import type { SyncOutbox } from '../domain/ports/sync-outbox.port.ts';
import { createGetSyncStatus } from './sync/get-sync-status.ts';
import { createListParkedRecords } from './sync/list-parked-records.ts';
import { createResendParkedRecord } from './sync/resend-parked-record.ts';

export function createSyncUseCases(deps: { outbox: SyncOutbox; clock: Clock }) {
  return {
    getSyncStatus: createGetSyncStatus(deps),
    listParkedRecords: createListParkedRecords(deps),
    resendParkedRecord: createResendParkedRecord(deps),
  };
}
export type SyncUseCases = ReturnType<typeof createSyncUseCases>;
