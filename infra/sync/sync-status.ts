/**
 * The sync outbox as supervisors see it (domain/ports/sync-outbox.port.ts): backlog, the age of the
 * oldest unsent record, the open lag incident, open A10 anomalies, the parked records with the
 * province's reasons (SJSCZT −1, SBYY), and the resend of one (outbox-correction.repo resendParked).
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { SyncOutbox } from '../../domain/ports/sync-outbox.port.ts';
import type { Db } from '../db/client.ts';
import { OutboxRecordNotFoundError, resendParked } from '../db/outbox-correction.repo.ts';
import { syncAnomaly, syncLagIncident, syncOutbox } from '../db/tables/outbox.table.ts';
import { readSyncGauges } from './sync-metrics.ts';

export function createSyncOutbox(db: Db): SyncOutbox {
  return {
    async health(now) {
      const gauges = await readSyncGauges(db, now);
      const [incident] = await db.select().from(syncLagIncident).where(isNull(syncLagIncident.clearedAt));
      const [anomalies] = await db
        .select({ n: count() })
        .from(syncAnomaly)
        .where(and(eq(syncAnomaly.code, 'A10'), eq(syncAnomaly.status, 'OPEN')));
      return {
        backlog: gauges.backlog,
        oldestUnsentAgeSeconds: Math.round(gauges.oldestUnsentAgeSeconds),
        parkedCount: gauges.parked,
        incident: incident ? { id: incident.id, openedAt: incident.openedAt, notifiedAt: incident.notifiedAt } : null,
        openAnomalies: Number(anomalies?.n ?? 0),
      };
    },
    async parked(page) {
      const parked = eq(syncOutbox.status, 'PARKED');
      const rows = await db
        .select()
        .from(syncOutbox)
        .where(parked)
        .orderBy(asc(syncOutbox.position), asc(syncOutbox.id))
        .limit(page.limit)
        .offset(page.offset);
      const [n] = await db.select({ n: count() }).from(syncOutbox).where(parked);
      return {
        rows: rows.map((r) => ({
          dfsjzj: r.dfsjzj,
          table: r.spglTable,
          caseId: r.caseId,
          sjsczt: -1 as const,
          code: r.rejectCode,
          sbyy: r.sbyy,
          recordedAt: r.recordedAt,
          parkedAt: r.parkedAt,
          attempts: r.attempts,
        })),
        total: Number(n?.n ?? 0),
      };
    },
    async resendParked(dfsjzj, options) {
      try {
        return await resendParked(db, dfsjzj, options);
      } catch (err) {
        if (err instanceof OutboxRecordNotFoundError) return null;
        throw err;
      }
    },
  };
}
