/**
 * 省级同步发件箱 — the provincial-sync outbox. `enqueue` writes rows in the caller's transaction (the
 * one that records the business event); the relay `claimBatch`es rows in send order, pushes them and
 * records each answer. Ordering rules (infra/sync/README.md):
 * - rows of one ordering key go out in (position, id) order, one at a time: a row is claimed only
 *   when every earlier row of its key is acknowledged (a parked row holds back its key only);
 * - a row with an after key also waits for every earlier row of that key (a case for its project);
 * - enqueue takes a transaction-scoped advisory lock on every key it touches, so ids within a key
 *   follow commit order and the relay never sees row N+1 committed before row N.
 * Several relays may claim at once: candidates are locked FOR UPDATE SKIP LOCKED and then leased.
 */
import type { ResendResult } from '../../domain/ports/sync-outbox.port.ts';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from './client.ts';
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

export interface LagRule {
  slaMs: number;
  ruleVersion: string;
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

function anomalyRow(
  row: Pick<OutboxRow, 'id' | 'dfsjzj' | 'caseId' | 'recordedAt'>,
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

export type { ResendResult };

export class OutboxRecordNotFoundError extends Error {
  constructor(
    readonly dfsjzj: string,
    readonly wanted: string,
  ) {
    super(`no ${wanted} outbox record with DFSJZJ ${dfsjzj}`);
    this.name = 'OutboxRecordNotFoundError';
  }
}

/** The DFSJZJ of the next corrected record: <base>~<n>. */
async function nextCorrectionKey(tx: Tx, dfsjzj: string): Promise<string> {
  const base = dfsjzj.replace(/~\d+$/, '');
  const [row] = await tx
    .select({ n: sql<string>`count(distinct ${syncOutbox.dfsjzj})` })
    .from(syncOutbox)
    .where(sql`${syncOutbox.dfsjzj} like ${`${base}~%`}`);
  return `${base}~${Number(row?.n ?? 0) + 1}`;
}

/**
 * 重报 — a parked record goes out again. Without data it is re-queued as it was (the cause was on
 * the province's side, or what it referred to has been fixed). With corrected data the parked row is
 * kept as evidence, marked SUPERSEDED with SJYXBS = 0 and SJWXYY, and a new record (new DFSJZJ
 * <base>~<n>, SJYXBS = 1) takes its place in the order. No SJYXBS = 0 record is pushed for it: the
 * province refused it, so it holds nothing to invalidate.
 */
export async function resendParked(
  db: Db,
  dfsjzj: string,
  options: { now: Date; data?: Readonly<Record<string, unknown>>; reason?: string },
): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    const [parked] = await tx
      .select()
      .from(syncOutbox)
      .where(and(eq(syncOutbox.dfsjzj, dfsjzj), eq(syncOutbox.status, 'PARKED')))
      .for('update');
    if (!parked) throw new OutboxRecordNotFoundError(dfsjzj, 'parked');
    if (!options.data) {
      await tx
        .update(syncOutbox)
        .set({ status: 'PENDING', attempts: 0, nextAttemptAt: options.now, parkedAt: null })
        .where(eq(syncOutbox.id, parked.id));
      return { action: 'requeued', id: parked.id };
    }
    const newKey = await nextCorrectionKey(tx, dfsjzj);
    await tx
      .update(syncOutbox)
      .set({ status: 'SUPERSEDED', sjyxbs: 0, sjwxyy: options.reason ?? `已更正重报为 ${newKey}` })
      .where(eq(syncOutbox.id, parked.id));
    const [created] = await tx
      .insert(syncOutbox)
      .values({
        position: parked.position,
        orderingKey: parked.orderingKey,
        afterKey: parked.afterKey,
        caseId: parked.caseId,
        spglTable: parked.spglTable,
        op: parked.op,
        dfsjzj: newKey,
        data: { ...options.data, DFSJZJ: newKey, SJYXBS: 1 },
        recordedAt: parked.recordedAt,
        nextAttemptAt: options.now,
        supersedesId: parked.id,
      })
      .returning({ id: syncOutbox.id });
    return { action: 'corrected', id: created!.id, dfsjzj: newKey, supersededId: parked.id };
  });
}

/**
 * 数据更正 — a record the province already holds was wrong. Never a silent overwrite: two records go
 * out, in the key's order — the old DFSJZJ again with SJYXBS = 0 and SJWXYY (as UPSERT, so it
 * replaces the stored row), then the corrected data under a new DFSJZJ <base>~<n> with SJYXBS = 1.
 * Call it in the transaction that records the correction.
 */
export async function correctRecord(
  tx: Tx,
  dfsjzj: string,
  options: { data: Readonly<Record<string, unknown>>; reason: string; recordedAt: Date },
): Promise<{ invalidated: string; dfsjzj: string }> {
  const [latest] = await tx
    .select()
    .from(syncOutbox)
    .where(and(eq(syncOutbox.dfsjzj, dfsjzj), eq(syncOutbox.sjyxbs, 1)))
    .orderBy(sql`${syncOutbox.id} desc`)
    .limit(1);
  if (!latest) throw new OutboxRecordNotFoundError(dfsjzj, 'valid');
  const newKey = await nextCorrectionKey(tx, dfsjzj);
  await tx.update(syncOutbox).set({ sjyxbs: 0, sjwxyy: options.reason }).where(eq(syncOutbox.dfsjzj, dfsjzj));
  const common = {
    table: latest.spglTable as SpglTable,
    orderingKey: latest.orderingKey,
    afterKey: latest.afterKey,
    caseId: latest.caseId,
    recordedAt: options.recordedAt,
  };
  await enqueue(tx, [
    { ...common, op: 'UPSERT', dfsjzj, data: { ...latest.data, SJYXBS: 0, SJWXYY: options.reason } },
    { ...common, op: latest.op, dfsjzj: newKey, data: { ...options.data, DFSJZJ: newKey, SJYXBS: 1 } },
  ]);
  return { invalidated: dfsjzj, dfsjzj: newKey };
}

/** A lease owner id for one relay instance. */
export const newLeaseOwner = (): string => `relay-${randomUUID().slice(0, 8)}`;
