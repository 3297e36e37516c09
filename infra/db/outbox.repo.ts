/**
 * 省级同步发件箱 — the provincial-sync outbox. `enqueue` writes rows in the caller's transaction (the
 * one that records the business event); the relay `claimBatch`es rows in send order, pushes them and
 * records each answer (the lag anomalies and gauges are outbox-lag.repo.ts; 重报 and 数据更正,
 * outbox-correction.repo.ts). Ordering rules (infra/sync/README.md):
 * - rows of one ordering key go out in (position, id) order, one at a time: a row is claimed only
 *   when every earlier row of its key is acknowledged (a parked row holds back its key only);
 * - a row with an after key also waits for every earlier row of that key (a case for its project);
 * - enqueue takes a transaction-scoped advisory lock on every key it touches, so ids within a key
 *   follow commit order and the relay never sees row N+1 committed before row N.
 * Several relays may claim at once: candidates are locked FOR UPDATE SKIP LOCKED and then leased.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './client.ts';
import { anomalyRow, type LagRule } from './outbox-lag.repo.ts';
import type { SpglTable } from '../province/spgl-tables.ts';
import { syncAnomaly, syncOutbox } from './tables/outbox.table.ts';

export interface OutboxRecordInput {
  table: SpglTable;
  op: 'UPSERT' | 'INSERT';
  dfsjzj: string;
  data: Readonly<Record<string, unknown>>;
  orderingKey: string;
  afterKey?: string | null;
  caseId?: string | null;
  /** When the business event was recorded (lag is measured from here). */
  recordedAt: Date;
}

export type OutboxRow = typeof syncOutbox.$inferSelect;

/**
 * Writes the records in the caller's transaction, in array order: one statement (one round trip) that
 * first takes the advisory lock of every key it touches (in hash order, so writers never deadlock) and
 * then inserts the rows — the insert reads the lock count, so it cannot run before the locks are held.
 */
export async function enqueue(tx: DbOrTx, records: readonly OutboxRecordInput[]): Promise<void> {
  if (records.length === 0) return;
  const keys = [...new Set(records.flatMap((r) => [r.orderingKey, ...(r.afterKey ? [r.afterKey] : [])]))];
  const rows = records.map((r) => ({
    ordering_key: r.orderingKey,
    after_key: r.afterKey ?? null,
    case_id: r.caseId ?? null,
    spgl_table: r.table,
    op: r.op,
    dfsjzj: r.dfsjzj,
    data: r.data,
    recorded_at: r.recordedAt.toISOString(),
    // the local valid flag follows the record's own SJYXBS (0 only on an invalidation record)
    sjyxbs: r.data.SJYXBS === 0 ? 0 : 1,
    sjwxyy: typeof r.data.SJWXYY === 'string' ? r.data.SJWXYY : null,
  }));
  await tx.execute(sql`
    with locked as (
      select count(*) as n from (
        select pg_advisory_xact_lock(h) from (select distinct hashtext(k) as h from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k order by 1) s
      ) l
    )
    insert into sync_outbox (ordering_key, after_key, case_id, spgl_table, op, dfsjzj, data, recorded_at, next_attempt_at, sjyxbs, sjwxyy)
    select r.ordering_key, r.after_key, r.case_id, r.spgl_table, r.op, r.dfsjzj, r.data, r.recorded_at, r.recorded_at, r.sjyxbs, r.sjwxyy
    from locked, rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (ordering_key text, after_key text, case_id text, spgl_table text,
      op text, dfsjzj text, data jsonb, recorded_at timestamptz, sjyxbs smallint, sjwxyy text))
      with ordinality as r(ordering_key, after_key, case_id, spgl_table, op, dfsjzj, data, recorded_at, sjyxbs, sjwxyy, ord)
    where locked.n >= 0
    order by r.ord`);
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * Leases up to `limit` rows that may go out now, in send order: only the head of each ordering key
 * (no earlier row of the key is unsent, leased or parked) whose after key has nothing unsent before
 * it. So an envelope carries at most one row per key, and a record the province refuses can never
 * be overtaken by a later record of its case in the same envelope.
 */
export async function claimBatch(db: Db, options: ClaimOptions): Promise<OutboxRow[]> {
  const { now, owner, limit } = options;
  return db.transaction(async (tx) => {
    const chosen = await tx
      .select()
      .from(syncOutbox)
      .where(
        and(
          eq(syncOutbox.status, 'PENDING'),
          lte(syncOutbox.nextAttemptAt, now),
          or(isNull(syncOutbox.leasedUntil), lt(syncOutbox.leasedUntil, now)),
          sql`not exists (select 1 from sync_outbox e where e.ordering_key = ${syncOutbox.orderingKey}
          and e.status in ('PENDING', 'PARKED') and (e.position, e.id) < (${syncOutbox.position}, ${syncOutbox.id}))`,
          sql`(${syncOutbox.afterKey} is null or not exists (select 1 from sync_outbox d where d.ordering_key = ${syncOutbox.afterKey}
          and d.status in ('PENDING', 'PARKED') and (d.position, d.id) < (${syncOutbox.position}, ${syncOutbox.id})))`,
        ),
      )
      .orderBy(asc(syncOutbox.position), asc(syncOutbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (chosen.length === 0) return [];
    const leasedUntil = new Date(now.getTime() + options.leaseMs);
    await tx
      .update(syncOutbox)
      .set({ leasedUntil, leaseOwner: owner, attempts: sql`${syncOutbox.attempts} + 1` })
      .where(
        inArray(
          syncOutbox.id,
          chosen.map((c) => c.id),
        ),
      );
    return chosen.map((c) => ({ ...c, leasedUntil, leaseOwner: owner, attempts: c.attempts + 1 }));
  });
}

export interface AckedRecord {
  row: OutboxRow;
  lagMs: number;
}

export interface BatchOutcome {
  acked: { row: OutboxRow }[];
  parked: { row: OutboxRow; code: string | null; reason: string }[];
}

/** Records the province's answer: acknowledged rows SENT (and A10 anomalies past the SLA), refused rows PARKED. */
export async function recordOutcome(
  db: Db,
  outcome: BatchOutcome,
  context: { now: Date; msgId: string; rule: LagRule },
): Promise<AckedRecord[]> {
  const { now, msgId, rule } = context;
  const acked = outcome.acked.map(({ row }) => ({ row, lagMs: now.getTime() - row.recordedAt.getTime() }));
  await db.transaction(async (tx) => {
    if (acked.length > 0) {
      await tx
        .update(syncOutbox)
        .set({ status: 'SENT', ackedAt: now, msgId, leasedUntil: null, leaseOwner: null, lastError: null })
        .where(
          and(
            inArray(
              syncOutbox.id,
              acked.map((a) => a.row.id),
            ),
            eq(syncOutbox.status, 'PENDING'),
          ),
        );
      const late = acked.filter((a) => a.lagMs > rule.slaMs);
      if (late.length > 0) {
        await tx
          .insert(syncAnomaly)
          .values(late.map((a) => anomalyRow(a.row, now, rule, { ackedAt: now.toISOString(), lagMs: a.lagMs })))
          .onConflictDoUpdate({
            target: [syncAnomaly.outboxId, syncAnomaly.code],
            set: { evidence: sql`excluded.evidence` },
          });
      }
    }
    for (const { row, code, reason } of outcome.parked) {
      await tx
        .update(syncOutbox)
        .set({
          status: 'PARKED',
          sbyy: reason,
          rejectCode: code,
          parkedAt: now,
          msgId,
          leasedUntil: null,
          leaseOwner: null,
        })
        .where(and(eq(syncOutbox.id, row.id), eq(syncOutbox.status, 'PENDING')));
    }
  });
  return acked;
}

/** Gives the rows back for a later attempt (the push failed as a whole). */
export async function releaseForRetry(
  db: Db,
  rows: readonly OutboxRow[],
  context: { owner: string; nextAttemptAt: Date; error: string },
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .update(syncOutbox)
    .set({
      nextAttemptAt: context.nextAttemptAt,
      leasedUntil: null,
      leaseOwner: null,
      lastError: context.error.slice(0, 500),
    })
    .where(
      and(
        inArray(
          syncOutbox.id,
          rows.map((r) => r.id),
        ),
        eq(syncOutbox.status, 'PENDING'),
        eq(syncOutbox.leaseOwner, context.owner),
      ),
    );
}

/** A lease owner id for one relay instance. */
export const newLeaseOwner = (): string => `relay-${randomUUID().slice(0, 8)}`;
