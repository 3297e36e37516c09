/**
 * Case persistence: appending an event locks its aggregate, checks the transition (domain/case),
 * chains the hash, updates the projection, and lets the caller add rows of its own (the outbox) —
 * all in the caller's transaction. A step key makes a re-delivered job append nothing twice.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { CaseEvent, RecordedCaseEvent } from '../../domain/case/case-event.ts';
import { blztOf } from '../../domain/case/case-event.ts';
import { transition } from '../../domain/case/case-lifecycle.ts';
import type { DbOrTx, Tx } from './client.ts';
import { caseEvent, caseMaterial, itemCase, project, resultDocument, stageApplication } from './schema.ts';

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function eventHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update(canonical(row)).digest('hex');
}

export interface AppendResult { event: RecordedCaseEvent; state: string; duplicate: boolean }

/**
 * Appends one event. With a `stepKey` already used on this aggregate, nothing is written and the
 * earlier event is returned (`duplicate: true`) — at-least-once job delivery stays exactly-once here.
 */
export async function appendCaseEvent(tx: Tx, event: CaseEvent, now: Date, options: { stepKey?: string; projection?: Record<string, unknown> } = {}): Promise<AppendResult> {
  const table = event.aggregate === 'APPLICATION' ? stageApplication : itemCase;
  const rows = await tx.select({ state: table.state, lastSeq: table.lastSeq, lastHash: table.lastHash }).from(table).where(eq(table.id, event.aggregateId)).for('update');
  const current = rows[0];
  if (!current) {
    const { DomainError } = await import('../../domain/errors.ts');
    throw new DomainError(event.aggregate === 'APPLICATION' ? 'APPLICATION_NOT_FOUND' : 'CASE_NOT_FOUND', `${event.aggregateId} not found`, { field: 'id' });
  }
  if (options.stepKey) {
    const earlier = await tx.select().from(caseEvent).where(and(eq(caseEvent.aggregateId, event.aggregateId), eq(caseEvent.stepKey, options.stepKey)));
    if (earlier[0]) return { event: toRecorded(earlier[0]), state: current.state, duplicate: true };
  }
  const state = transition(event.aggregate, current.state, event);
  const seq = current.lastSeq + 1;
  const body = {
    aggregateId: event.aggregateId, aggregate: event.aggregate, seq, type: event.type, businessTime: event.businessTime, recordedAt: now,
    actorUserId: event.actor.userId, actorRole: event.actor.role, actorDept: event.actor.departmentCode, payload: event.payload,
    blzt: blztOf({ ...event, accepted: !['PENDING', 'SUBMITTED', 'SUPPLEMENT_PENDING'].includes(current.state) }),
  };
  const hash = eventHash(current.lastHash, body);
  const [inserted] = await tx.insert(caseEvent).values({ ...body, stepKey: options.stepKey ?? null, prevHash: current.lastHash, hash }).returning();
  await tx.update(table).set({ state, lastSeq: seq, lastHash: hash, ...(options.projection ?? {}) }).where(eq(table.id, event.aggregateId));
  return { event: toRecorded(inserted!), state, duplicate: false };
}

function toRecorded(row: typeof caseEvent.$inferSelect): RecordedCaseEvent {
  return {
    aggregateId: row.aggregateId, aggregate: row.aggregate, type: row.type as RecordedCaseEvent['type'],
    actor: { userId: row.actorUserId, role: row.actorRole, departmentCode: row.actorDept }, businessTime: row.businessTime,
    payload: row.payload, seq: row.seq, recordedAt: row.recordedAt, hash: row.hash,
  };
}

export async function listCaseEvents(db: DbOrTx, aggregateId: string): Promise<(RecordedCaseEvent & { blzt: number | null })[]> {
  const rows = await db.select().from(caseEvent).where(eq(caseEvent.aggregateId, aggregateId)).orderBy(asc(caseEvent.seq));
  return rows.map((r) => ({ ...toRecorded(r), blzt: r.blzt }));
}

/** Re-computes the hash chain of an aggregate; returns the first seq that does not verify, or null. */
export async function verifyCaseChain(db: DbOrTx, aggregateId: string): Promise<number | null> {
  const rows = await db.select().from(caseEvent).where(eq(caseEvent.aggregateId, aggregateId)).orderBy(asc(caseEvent.seq));
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

export type ApplicationRow = typeof stageApplication.$inferSelect;
export type ItemCaseRow = typeof itemCase.$inferSelect;

export async function getApplication(db: DbOrTx, id: string): Promise<ApplicationRow | null> {
  return (await db.select().from(stageApplication).where(eq(stageApplication.id, id)))[0] ?? null;
}

export async function getItemCase(db: DbOrTx, id: string): Promise<ItemCaseRow | null> {
  return (await db.select().from(itemCase).where(eq(itemCase.id, id)))[0] ?? null;
}

export async function itemCasesOfApplication(db: DbOrTx, applicationId: string): Promise<ItemCaseRow[]> {
  return db.select().from(itemCase).where(eq(itemCase.applicationId, applicationId)).orderBy(asc(itemCase.id));
}

export async function getProject(db: DbOrTx, code: string): Promise<typeof project.$inferSelect | null> {
  return (await db.select().from(project).where(eq(project.code, code)))[0] ?? null;
}

/** Materials the project already holds: everything uploaded for any of its applications. */
export async function materialsOfProject(db: DbOrTx, projectCode: string): Promise<(typeof caseMaterial.$inferSelect)[]> {
  return db.select({ m: caseMaterial }).from(caseMaterial).innerJoin(stageApplication, eq(stageApplication.id, caseMaterial.applicationId))
    .where(eq(stageApplication.projectCode, projectCode)).then((rows) => rows.map((r) => r.m));
}

/** Results (documents and e-certificates) of the project's item cases, by item code. */
export async function resultsOfProject(db: DbOrTx, projectCode: string): Promise<{ itemCode: string; kind: 'ECERT' | 'DOCUMENT'; certificateId: string | null }[]> {
  const rows = await db.select({ itemCode: itemCase.itemCode, kind: resultDocument.kind, certificateId: resultDocument.certificateId })
    .from(resultDocument).innerJoin(itemCase, eq(itemCase.id, resultDocument.caseId)).where(eq(itemCase.projectCode, projectCode));
  return rows;
}

/** 办件编号 ZHyyyymmddNNNNN (Asia/Shanghai date, city-wide serial). */
export async function nextCaseNumber(tx: Tx, at: Date): Promise<string> {
  const result = await tx.execute(sql`select nextval('case_number_seq')::text as n`);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: string }[];
  const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `ZH${day}${rows[0]!.n.padStart(5, '0')}`;
}
