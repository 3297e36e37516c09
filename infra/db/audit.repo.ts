/**
 * 操作日志 persistence (the audit-log port): appends serialised on the chain-head row (SELECT … FOR
 * UPDATE inside the writer's transaction), a filtered, paged search, and the chain verifier used by
 * `npm run audit:verify`.
 */
import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { chainHash, CHAIN_HASH_ALGORITHM, type ChainHashAlgorithm } from '../crypto/chain-hash.ts';
import type { AuditEntry, AuditInTransaction, AuditLog } from '../../domain/ports/audit-log.port.ts';
import type { StoreTransaction } from '../../domain/ports/store.port.ts';
import type { Db, DbOrTx, Tx } from './client.ts';
import { toStorableJson, toStorableText } from './storable-text.ts';
import { auditChainHead, auditLog } from './schema.ts';

export type { AuditEntry, AuditFacts } from '../../domain/ports/audit-log.port.ts';

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Writes the audit record of an action inside the action's own transaction, so both commit or
 * neither (the port's AuditInTransaction: the use case hands on the store's transaction).
 */
export type AuditInTx = AuditInTransaction;

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
    seq: row.seq,
    at: row.at,
    actorUserId: row.actorUserId,
    actorUsername: row.actorUsername,
    actorRoles: row.actorRoles,
    actorDepartment: row.actorDepartment,
    clientAddress: row.clientAddress,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    details: row.details,
    hashAlg: row.hashAlg,
  };
}

/**
 * The audit log could not be written, so the action it would record must not happen (fail closed):
 * the caller's transaction rolls back and the API answers 503 AUDIT_UNAVAILABLE.
 */
export class AuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super('audit log unavailable', { cause });
    this.name = 'AuditUnavailableError';
  }
}

const text = (s: string | null | undefined): string | null =>
  s === undefined || s === null ? null : toStorableText(s);

/**
 * The row as PostgreSQL will hold it: every text storable (NUL and lone surrogates become U+FFFD —
 * the edge refuses such input, so only text from elsewhere is ever changed), details as jsonb gives
 * them back. The hash is computed over this, so it verifies against what is read back.
 */
function storableBody(seq: number, entry: AuditEntry): Omit<AuditRow, 'prevHash' | 'hash'> {
  return {
    seq,
    at: entry.at,
    actorUserId: text(entry.actorUserId),
    actorUsername: text(entry.actorUsername),
    actorRoles: (entry.actorRoles ?? []).map((r) => toStorableText(r)),
    actorDepartment: text(entry.actorDepartment),
    clientAddress: text(entry.clientAddress),
    action: toStorableText(entry.action),
    target: text(entry.target),
    outcome: toStorableText(entry.outcome),
    details: (toStorableJson(entry.details ?? {}) ?? {}) as Record<string, unknown>,
    hashAlg: CHAIN_HASH_ALGORITHM as string,
  };
}

/**
 * Appends one entry inside `tx` (the caller's transaction, so a business write and its audit commit
 * together — or neither). Any failure is an AuditUnavailableError: the caller's action is refused.
 */
export async function appendAuditIn(tx: Tx, entry: AuditEntry): Promise<AuditRow> {
  try {
    const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
    if (!head) throw new Error('audit_chain_head row missing (migration 0007 not applied?)');
    const body = storableBody(head.seq + 1, entry);
    const row: AuditRow = {
      ...body,
      prevHash: head.hash,
      hash: chainHash(head.hash, hashedBody(body), CHAIN_HASH_ALGORITHM),
    };
    await tx.insert(auditLog).values(row);
    await tx.update(auditChainHead).set({ seq: row.seq, hash: row.hash }).where(eq(auditChainHead.id, 1));
    return row;
  } catch (err) {
    throw err instanceof AuditUnavailableError ? err : new AuditUnavailableError(err);
  }
}

export interface AuditRepo extends AuditLog {
  append(entry: AuditEntry): Promise<AuditRow>;
  list(filter: AuditFilter): Promise<AuditRow[]>;
}

/** The store's transaction as drizzle's (the account and calendar stores hand drizzle transactions on). */
const drizzleTxOf = (tx: StoreTransaction): Tx => tx as unknown as Tx;

function conditions(filter: Omit<AuditFilter, 'limit'>): SQL | undefined {
  const where: SQL[] = [];
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lte(auditLog.at, filter.to));
  if (filter.actorUserId) where.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.actorUsername) where.push(eq(auditLog.actorUsername, filter.actorUsername));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.target) where.push(eq(auditLog.target, filter.target));
  if (filter.outcome) where.push(eq(auditLog.outcome, filter.outcome));
  if (filter.beforeSeq !== undefined) where.push(lt(auditLog.seq, filter.beforeSeq));
  return where.length ? and(...where) : undefined;
}

export function createAuditRepo(db: Db): AuditRepo {
  return {
    append: (entry) =>
      db
        .transaction((tx) => appendAuditIn(tx as Tx, entry))
        .catch((err: unknown) => {
          throw err instanceof AuditUnavailableError ? err : new AuditUnavailableError(err);
        }),
    async appendIn(tx, entry) {
      await appendAuditIn(drizzleTxOf(tx), entry);
    },
    list: (filter) =>
      db.select().from(auditLog).where(conditions(filter)).orderBy(desc(auditLog.seq)).limit(filter.limit),
    async search({ sort, limit, offset, ...filter }) {
      const where = conditions(filter);
      const rows = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(sort === 'seq' ? asc(auditLog.seq) : desc(auditLog.seq))
        .limit(limit)
        .offset(offset);
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(where);
      return { rows, total: Number(count?.n ?? 0) };
    },
  };
}

export type ChainProblemKind = 'ALTERED' | 'INSERTED' | 'DELETED';
export interface ChainProblem {
  kind: ChainProblemKind;
  seq: number;
  message: string;
}
export interface ChainReport {
  ok: boolean;
  /** Rows read. */
  rows: number;
  headSeq: number;
  /** Every break found, in seq order (at most `maxProblems`; `problemCount` counts them all). */
  problems: ChainProblem[];
  problemCount: number;
  /** The first break (as `problems[0]`). */
  problem?: ChainProblem;
}

/**
 * Walks the whole chain in seq order and reports every break with its position:
 * - a gap in seq is a deletion (DELETED at the first missing seq);
 * - a row whose hash does not match its content was altered (ALTERED at the row);
 * - a row that does not link to the row before it means that row before was replaced by an
 *   inserted one (INSERTED at the row before);
 * - rows past the head, or a head past the last row, are an insertion or a deletion at the end.
 * After a break the walk re-anchors on the row's own prev_hash and hash and goes on, so one break
 * does not hide the next.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { batch?: number; maxProblems?: number } = {},
): Promise<ChainReport> {
  // the head and every page from one snapshot: rows appended while the walk runs (a live system) are
  // neither "past the head" nor missing — they are simply not in it
  if (!('rollback' in db))
    return db.transaction((tx) => walkChain(tx as Tx, options), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
  return walkChain(db, options);
}

async function walkChain(db: DbOrTx, options: { batch?: number; maxProblems?: number }): Promise<ChainReport> {
  const batch = options.batch ?? 1000;
  const maxProblems = options.maxProblems ?? 1000;
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headSeq = head?.seq ?? 0;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (kind: ChainProblemKind, seq: number, message: string) => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push({ kind, seq, message });
  };
  let prev = { seq: 0, hash: '' };
  let rows = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, prev.seq))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    for (const row of page) {
      rows += 1;
      const gap = row.seq !== prev.seq + 1;
      if (gap) report('DELETED', prev.seq + 1, `rows ${prev.seq + 1}–${row.seq - 1} are missing`);
      const expected = chainHash(row.prevHash, hashedBody(row), row.hashAlg as ChainHashAlgorithm);
      if (expected !== row.hash) report('ALTERED', row.seq, `row ${row.seq} does not match its hash`);
      // after a gap the link cannot be checked: the row it was chained to is gone
      if (!gap && row.prevHash !== prev.hash)
        report(
          'INSERTED',
          prev.seq,
          `row ${prev.seq} is not the row ${row.seq} was chained to: replaced by an inserted row`,
        );
      if (row.seq > headSeq)
        report('INSERTED', row.seq, `row ${row.seq} lies past the chain head ${headSeq}: inserted outside the writer`);
      prev = { seq: row.seq, hash: row.hash };
    }
    if (page.length < batch) break;
  }
  if (prev.seq < headSeq) report('DELETED', prev.seq + 1, `rows ${prev.seq + 1}–${headSeq} at the end are missing`);
  else if (head && headSeq > 0 && prev.seq === headSeq && prev.hash !== head.hash)
    report('INSERTED', prev.seq, `the last row ${prev.seq} is not the one the head recorded: replaced`);
  return {
    ok: problemCount === 0,
    rows,
    headSeq,
    problems,
    problemCount,
    ...(problems[0] ? { problem: problems[0] } : {}),
  };
}

/** Count of rows (tests, metrics). */
export async function countAudit(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return row?.n ?? 0;
}
