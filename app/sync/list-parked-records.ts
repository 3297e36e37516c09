/** 待重报 — the records the province refused (SJSCZT −1) with its reasons (SBYY), in outbox order, a page at a time. */
import type { Actor } from '../../domain/access/roles.ts';
import type { SyncOutbox } from '../../domain/ports/sync-outbox.port.ts';
import type { PageRequest } from '../paging.ts';
import { assertSupervisor } from './sync-access.ts';

export function createListParkedRecords(deps: { outbox: SyncOutbox }) {
  return async function listParkedRecords(actor: Actor, page: PageRequest) {
    assertSupervisor(actor, 'sync.read');
    const { rows, total } = await deps.outbox.parked(page);
    return {
      items: rows.map((r) => ({
        ...r,
        recordedAt: r.recordedAt.toISOString(),
        parkedAt: r.parkedAt?.toISOString() ?? null,
      })),
      total,
    };
  };
}
