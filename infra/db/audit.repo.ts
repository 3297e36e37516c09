/**
 * 操作日志 persistence: appends serialised on the chain-head row (SELECT … FOR UPDATE inside the
 * writer's transaction), a filtered newest-first listing, and the chain verifier used by
 * `npm run audit:verify`.
 */
import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { chainHash, CHAIN_HASH_ALGORITHM, type ChainHashAlgorithm } from '../crypto/chain-hash.ts';
import type { Db, DbOrTx, Tx } from './client.ts';
import { auditChainHead, auditLog } from './schema.ts';

export interface AuditEntry {
  at: Date;
  actorUserId?: string | null;
  actorUsername?: string | null;
  actorRoles?: readonly string[];
  actorDepartment?: string | null;
  clientAddress?: string | null;
  action: string;
  target?: string | null;
  outcome: string;
  details?: Record<string, unknown>;
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actorUserId?: string;
  actorUsername?: string;
  action?: string;
  target?: string;
  outcome?: string;
  /** Keyset paging: rows with seq below this one (newest first). */
  beforeSeq?: number;
  limit: number;
}

/** The hashed part of a row: everything but the hashes themselves. */
export function hashedBody(row: Omit<AuditRow, 'prevHash' | 'hash'>): Record<string, unknown> {
  return {
    seq: row.seq, at: row.at, actorUserId: row.actorUserId, actorUsername: row.actorUsername, actorRoles: row.actorRoles,
    actorDepartment: row.actorDepartment, clientAddress: row.clientAddress, action: row.action, target: row.target,
    outcome: row.outcome, details: row.details, hashAlg: row.hashAlg,
  };
}

/** Appends one entry inside `tx` (the caller's transaction, so a business write and its audit commit together). */
export async function appendAuditIn(tx: Tx, entry: AuditEntry): Promise<AuditRow> {
  const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  if (!head) throw new Error('audit_chain_head row missing (migration 0007 not applied?)');
  const body = {
    seq: head.seq + 1, at: entry.at, actorUserId: entry.actorUserId ?? null, actorUsername: entry.actorUsername ?? null,
    actorRoles: [...(entry.actorRoles ?? [])], actorDepartment: entry.actorDepartment ?? null, clientAddress: entry.clientAddress ?? null,
    action: entry.action, target: entry.target ?? null, outcome: entry.outcome, details: entry.details ?? {}, hashAlg: CHAIN_HASH_ALGORITHM as string,
  };
  const row: AuditRow = { ...body, prevHash: head.hash, hash: chainHash(head.hash, hashedBody(body as AuditRow), CHAIN_HASH_ALGORITHM) };
  await tx.insert(auditLog).values(row);
  await tx.update(auditChainHead).set({ seq: row.seq, hash: row.hash }).where(eq(auditChainHead.id, 1));
  return row;
}

export interface AuditRepo {
  append(entry: AuditEntry): Promise<AuditRow>;
  list(filter: AuditFilter): Promise<AuditRow[]>;
}

export function createAuditRepo(db: Db): AuditRepo {
  return {
    append: (entry) => db.transaction((tx) => appendAuditIn(tx as Tx, entry)),
    async list(filter) {
      const where: SQL[] = [];
      if (filter.from) where.push(gte(auditLog.at, filter.from));
      if (filter.to) where.push(lte(auditLog.at, filter.to));
      if (filter.actorUserId) where.push(eq(auditLog.actorUserId, filter.actorUserId));
      if (filter.actorUsername) where.push(eq(auditLog.actorUsername, filter.actorUsername));
      if (filter.action) where.push(eq(auditLog.action, filter.action));
      if (filter.target) where.push(eq(auditLog.target, filter.target));
      if (filter.outcome) where.push(eq(auditLog.outcome, filter.outcome));
      if (filter.beforeSeq !== undefined) where.push(lt(auditLog.seq, filter.beforeSeq));
      return db.select().from(auditLog).where(where.length ? and(...where) : undefined).orderBy(desc(auditLog.seq)).limit(filter.limit);
    },
  };
}

export type ChainProblemKind = 'ALTERED' | 'INSERTED' | 'DELETED';
export interface ChainReport {
  ok: boolean;
  rows: number;
  headSeq: number;
  problem?: { kind: ChainProblemKind; seq: number; message: string };
}

/**
 * Walks the chain in seq order. A gap in seq is a deletion; a row whose hash does not match its
 * content was altered; a row that does not link to the row before it means that row before was
 * replaced by an inserted one; rows past the head, or a head past the last row, are an insertion or
 * a deletion at the end. Reports the first problem.
 */
export async function verifyAuditChain(db: DbOrTx, options: { batch?: number } = {}): Promise<ChainReport> {
  const batch = options.batch ?? 1000;
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headSeq = head?.seq ?? 0;
  let prev = { seq: 0, hash: '' };
  let rows = 0;
  const fail = (kind: ChainProblemKind, seq: number, message: string): ChainReport => ({ ok: false, rows, headSeq, problem: { kind, seq, message } });
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, prev.seq)).orderBy(asc(auditLog.seq)).limit(batch);
    for (const row of page) {
      if (row.seq !== prev.seq + 1) return fail('DELETED', prev.seq + 1, `rows ${prev.seq + 1}–${row.seq - 1} are missing`);
      const expected = chainHash(row.prevHash, hashedBody(row), row.hashAlg as ChainHashAlgorithm);
      if (expected !== row.hash) return fail('ALTERED', row.seq, `row ${row.seq} does not match its hash`);
      if (row.prevHash !== prev.hash) return fail('INSERTED', prev.seq, `row ${prev.seq} is not the row ${row.seq} was chained to: replaced by an inserted row`);
      prev = { seq: row.seq, hash: row.hash };
      rows += 1;
      if (row.seq > headSeq) return fail('INSERTED', row.seq, `row ${row.seq} lies past the chain head ${headSeq}: inserted outside the writer`);
    }
    if (page.length < batch) break;
  }
  if (prev.seq < headSeq) return fail('DELETED', prev.seq + 1, `rows ${prev.seq + 1}–${headSeq} at the end are missing`);
  if (head && headSeq > 0 && prev.hash !== head.hash) return fail('INSERTED', prev.seq, `the last row ${prev.seq} is not the one the head recorded: replaced`);
  return { ok: true, rows, headSeq };
}

/** Count of rows (tests, metrics). */
export async function countAudit(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return row?.n ?? 0;
}
