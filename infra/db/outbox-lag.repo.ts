/**
 * The provincial-sync lag (A10): the anomaly rows recorded when a record goes out, or stays unsent,
 * past the SLA, and the outbox gauges (backlog, parked, oldest unsent) for /metrics and the monitor.
 */
import { and, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './client.ts';
import { syncAnomaly, syncOutbox } from './tables/outbox.table.ts';

export interface LagRule {
  slaMs: number;
  ruleVersion: string;
}

export function anomalyRow(
  row: Pick<typeof syncOutbox.$inferSelect, 'id' | 'dfsjzj' | 'caseId' | 'recordedAt'>,
  now: Date,
  rule: LagRule,
  evidence: Record<string, unknown>,
): typeof syncAnomaly.$inferInsert {
  return {
    code: 'A10',
    outboxId: row.id,
    dfsjzj: row.dfsjzj,
    caseId: row.caseId,
    detectedAt: now,
    ruleVersion: rule.ruleVersion,
    paramsSnapshot: { syncSlaMs: rule.slaMs },
    evidence: { recordedAt: row.recordedAt.toISOString(), ...evidence },
  };
}

/** Records an A10 anomaly for every record still unsent (pending or parked) past the SLA; idempotent. */
export async function recordUnsentLagAnomalies(db: Db, now: Date, rule: LagRule): Promise<number> {
  const due = new Date(now.getTime() - rule.slaMs);
  const rows = await db
    .select({
      id: syncOutbox.id,
      dfsjzj: syncOutbox.dfsjzj,
      caseId: syncOutbox.caseId,
      recordedAt: syncOutbox.recordedAt,
    })
    .from(syncOutbox)
    .where(and(inArray(syncOutbox.status, ['PENDING', 'PARKED']), lt(syncOutbox.recordedAt, due)));
  if (rows.length === 0) return 0;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const done = await db
      .insert(syncAnomaly)
      .values(
        chunk.map((r) =>
          anomalyRow(r, now, rule, { ackedAt: null, unsentForMs: now.getTime() - r.recordedAt.getTime() }),
        ),
      )
      .onConflictDoNothing()
      .returning({ id: syncAnomaly.id });
    inserted += done.length;
  }
  return inserted;
}

export interface OutboxGauges {
  backlog: number;
  parked: number;
  oldestUnsentRecordedAt: Date | null;
}

/** Backlog = pending rows (sent or not yet tried); parked rows are counted apart. */
export async function readOutboxGauges(db: DbOrTx): Promise<OutboxGauges> {
  const [row] = await db
    .select({
      backlog: sql<string>`count(*) filter (where ${syncOutbox.status} = 'PENDING')`,
      parked: sql<string>`count(*) filter (where ${syncOutbox.status} = 'PARKED')`,
      oldest: sql<string | null>`min(${syncOutbox.recordedAt}) filter (where ${syncOutbox.status} = 'PENDING')`,
    })
    .from(syncOutbox)
    .where(inArray(syncOutbox.status, ['PENDING', 'PARKED']));
  return {
    backlog: Number(row?.backlog ?? 0),
    parked: Number(row?.parked ?? 0),
    oldestUnsentRecordedAt: row?.oldest ? new Date(row.oldest) : null,
  };
}
