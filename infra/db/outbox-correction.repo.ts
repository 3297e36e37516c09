/**
 * Corrections of records in the provincial-sync outbox: 重报 (a parked record goes out again, as it
 * was or corrected) and 数据更正 (a record the province holds is invalidated and replaced). Both keep
 * the old row as evidence and take the new record's place in its key's order (outbox.repo.ts).
 */
import type { ResendResult } from '../../domain/ports/sync-outbox.port.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';
import type { SpglTable } from '../province/spgl-tables.ts';
import { enqueue } from './outbox.repo.ts';
import { syncOutbox } from './tables/outbox.table.ts';

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
