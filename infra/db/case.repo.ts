/**
 * Case persistence. Appending an event locks its aggregate row, folds the aggregate's events into its
 * projection (domain/case), applies the new event (which throws DomainError when it is not allowed),
 * chains the hash, inserts the event and updates the projection columns — one transaction (a savepoint
 * inside the caller's), so a refused event writes nothing and callers can add rows of their own (the
 * outbox) to the same transaction. A step key makes a re-delivered job append nothing twice;
 * `expectedSeq` gives optimistic concurrency to callers that read first (unique (aggregate_id, seq)
 * backs it in the database). The rows beside the event log (applications, item cases, projects,
 * materials, results, special procedures, case numbers) are case-rows.repo.ts.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { CaseEvent, CaseEventType, RecordedCaseEvent } from '../../domain/case/case-event.ts';
import {
  applyCaseEvent,
  assertBusinessTime,
  blztAfter,
  foldCase,
  type CaseProjection,
} from '../../domain/case/case-lifecycle.ts';
import { DomainError } from '../../domain/errors.ts';
import type { DbOrTx, Tx } from './client.ts';
import { caseEvent, itemCase, stageApplication } from './schema.ts';

/** JSON with object keys sorted and dates as ISO strings: the hashed form of a row. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value === null || value === undefined || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
    .join(',')}}`;
}

/** sha256(prev_hash ‖ canonical JSON of the row without id, step key and the hashes). */
export function eventHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
}

export interface AppendOptions {
  /** Idempotency key of the writing step (case id + job type + element instance). */
  stepKey?: string;
  /** Extra projection columns of the aggregate row, written with the event. */
  projection?: Record<string, unknown>;
  /** The seq the caller last saw: CASE_CONCURRENT_MODIFICATION when another event came in between. */
  expectedSeq?: number;
}

export interface AppendResult {
  event: RecordedCaseEvent & { blzt: number | null };
  state: string;
  projection: CaseProjection;
  duplicate: boolean;
}

type EventRow = typeof caseEvent.$inferSelect;

const toInput = (r: EventRow) => ({ type: r.type as CaseEventType, payload: r.payload, businessTime: r.businessTime });

function toRecorded(row: EventRow): RecordedCaseEvent & { blzt: number | null } {
  return {
    aggregateId: row.aggregateId,
    aggregate: row.aggregate,
    type: row.type as CaseEventType,
    actor: { userId: row.actorUserId, role: row.actorRole, departmentCode: row.actorDept },
    businessTime: row.businessTime,
    payload: row.payload,
    clientIp: row.clientIp,
    seq: row.seq,
    recordedAt: row.recordedAt,
    hash: row.hash,
    blzt: row.blzt,
  };
}

function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code === '23505') return true;
  }
  return false;
}

/**
 * Appends one event: in the caller's transaction when `db` is one, else in a transaction of its own.
 * Every rule is checked before the first write, so a refused event leaves the caller's transaction
 * usable. With a `stepKey` already used on this aggregate nothing is written and the earlier event is
 * returned (`duplicate: true`): at-least-once job delivery stays exactly-once here.
 */
export async function appendCaseEvent(
  db: DbOrTx,
  event: CaseEvent,
  now: Date,
  options: AppendOptions = {},
): Promise<AppendResult> {
  if (db instanceof PgTransaction) return appendInTransaction(db as Tx, event, now, options);
  return db.transaction((tx) => appendInTransaction(tx as Tx, event, now, options));
}

async function appendInTransaction(tx: Tx, event: CaseEvent, now: Date, options: AppendOptions): Promise<AppendResult> {
  const table = event.aggregate === 'APPLICATION' ? stageApplication : itemCase;
  const [row] = await tx
    .select({ lastSeq: table.lastSeq, lastHash: table.lastHash })
    .from(table)
    .where(eq(table.id, event.aggregateId))
    .for('update');
  if (!row) {
    throw new DomainError(
      event.aggregate === 'APPLICATION' ? 'APPLICATION_NOT_FOUND' : 'CASE_NOT_FOUND',
      `${event.aggregateId} not found`,
      { field: 'id', id: event.aggregateId },
    );
  }
  const history = await tx
    .select()
    .from(caseEvent)
    .where(eq(caseEvent.aggregateId, event.aggregateId))
    .orderBy(asc(caseEvent.seq));
  const before = foldCase(event.aggregate, history.map(toInput));
  if (options.stepKey) {
    const earlier = history.find((r) => r.stepKey === options.stepKey);
    if (earlier) return { event: toRecorded(earlier), state: before.state, projection: before, duplicate: true };
  }
  if (options.expectedSeq !== undefined && options.expectedSeq !== row.lastSeq) {
    throw new DomainError(
      'CASE_CONCURRENT_MODIFICATION',
      `${event.aggregateId} changed: expected seq ${options.expectedSeq}, found ${row.lastSeq}`,
      { field: 'expectedSeq', expected: options.expectedSeq, actual: row.lastSeq },
    );
  }
  if (before.seq !== row.lastSeq)
    throw new Error(`case ${event.aggregateId}: projection seq ${row.lastSeq} does not match ${before.seq} events`);
  assertBusinessTime(event.businessTime, now, history.at(-1)?.businessTime ?? null);
  const after = applyCaseEvent(before, event);
  const seq = row.lastSeq + 1;
  const body = {
    aggregateId: event.aggregateId,
    aggregate: event.aggregate,
    seq,
    type: event.type,
    businessTime: event.businessTime,
    recordedAt: now,
    actorUserId: event.actor.userId,
    actorRole: event.actor.role,
    actorDept: event.actor.departmentCode,
    clientIp: event.clientIp ?? null,
    payload: event.payload,
    blzt: blztAfter(before, event),
  };
  const hash = eventHash(row.lastHash, body);
  let inserted: EventRow | undefined;
  try {
    [inserted] = await tx
      .insert(caseEvent)
      .values({ ...body, stepKey: options.stepKey ?? null, prevHash: row.lastHash, hash })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError('CASE_CONCURRENT_MODIFICATION', `${event.aggregateId}: seq ${seq} was taken`, {
        field: 'seq',
        seq,
      });
    throw err;
  }
  await tx
    .update(table)
    .set({
      state: after.state,
      lastSeq: seq,
      lastHash: hash,
      ...projectionColumns(after),
      ...(options.projection ?? {}),
    })
    .where(eq(table.id, event.aggregateId));
  return { event: toRecorded(inserted!), state: after.state, projection: after, duplicate: false };
}

/** The projection columns the fold determines (beyond state, seq and hash). */
function projectionColumns(p: CaseProjection): Record<string, unknown> {
  if (p.aggregate === 'APPLICATION') return p.receivedAt ? { receivedAt: p.receivedAt } : {};
  return {
    ...(p.caseNumber ? { caseNumber: p.caseNumber } : {}),
    ...(p.acceptedAt ? { acceptedAt: p.acceptedAt } : {}),
    ...(p.decision ? { decision: p.decision } : {}),
    ...(p.decidedAt ? { decidedAt: p.decidedAt } : {}),
  };
}

export async function listCaseEvents(
  db: DbOrTx,
  aggregateId: string,
): Promise<(RecordedCaseEvent & { blzt: number | null })[]> {
  const rows = await db
    .select()
    .from(caseEvent)
    .where(eq(caseEvent.aggregateId, aggregateId))
    .orderBy(asc(caseEvent.seq));
  return rows.map(toRecorded);
}

/** The projection rebuilt from the event log (what the projection columns must agree with). */
export async function loadCaseProjection(
  db: DbOrTx,
  aggregate: CaseEvent['aggregate'],
  aggregateId: string,
): Promise<CaseProjection> {
  const rows = await db
    .select()
    .from(caseEvent)
    .where(eq(caseEvent.aggregateId, aggregateId))
    .orderBy(asc(caseEvent.seq));
  return foldCase(aggregate, rows.map(toInput));
}

/** Re-computes the hash chain of an aggregate; returns the first seq that does not verify, or null. */
export async function verifyCaseChain(db: DbOrTx, aggregateId: string): Promise<number | null> {
  const rows = await db
    .select()
    .from(caseEvent)
    .where(eq(caseEvent.aggregateId, aggregateId))
    .orderBy(asc(caseEvent.seq));
  let prev = '';
  let expectedSeq = 1;
  for (const r of rows) {
    const { id: _id, hash, prevHash, stepKey: _s, ...body } = r;
    if (r.seq !== expectedSeq || prevHash !== prev || eventHash(prev, body) !== hash) return r.seq;
    prev = hash;
    expectedSeq++;
  }
  return null;
}
