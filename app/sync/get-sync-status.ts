/** 同步状态 — the outbox's health: backlog, the oldest unsent record's age, parked records counted, the open lag incident, open A10 anomalies. */
import type { Actor } from '../../domain/access/roles.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { SyncOutbox } from '../../domain/ports/sync-outbox.port.ts';
import { assertSupervisor } from './sync-access.ts';

export function createGetSyncStatus(deps: { outbox: SyncOutbox; clock: Clock }) {
  return async function getSyncStatus(actor: Actor) {
    assertSupervisor(actor, 'sync.read');
    const health = await deps.outbox.health(deps.clock.now());
    const incident = health.incident && {
      id: health.incident.id,
      openedAt: health.incident.openedAt.toISOString(),
      notifiedAt: health.incident.notifiedAt?.toISOString() ?? null,
    };
    return { ...health, incident };
  };
}
