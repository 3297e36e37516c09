/**
 * Loads what the supervision rules need about many item cases in a handful of queries: the case
 * rows, their own and their applications' events, ADMIN/IMMEDIATE clocks, sibling cases (same
 * project + item) and their province pushes. Each case is judged against the catalogue version it was
 * pinned to when it was filed (item_case.catalog_version), not today's: a limit or a department that
 * changed later does not make an old case deviate.
 */
import { and, asc, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { caseEvent, itemCase, syncOutbox } from '../db/schema.ts';
import { clocksOfCases } from '../db/legal-clock.repo.ts';
import type { ItemCaseRow } from '../db/case-rows.repo.ts';
import type { Actor, RecordedCaseEvent } from '../../domain/case/case-event.ts';
import type { ClockEvent } from '../../domain/clock/clock-event.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { indexCatalog, type CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { findCatalog } from '../db/catalog.repo.ts';
import type { CaseFacts, ItemFacts } from '../../domain/supervision/anomaly-rule.ts';

export interface LoadedCase {
  row: ItemCaseRow;
  facts: CaseFacts;
  clockKind: 'ADMIN' | 'IMMEDIATE' | null;
}

const CHUNK = 2000;
const chunks = <T>(list: T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

type EventRow = typeof caseEvent.$inferSelect;
export function toRecorded(
  r: Pick<
    EventRow,
    | 'aggregateId'
    | 'aggregate'
    | 'type'
    | 'actorUserId'
    | 'actorRole'
    | 'actorDept'
    | 'businessTime'
    | 'recordedAt'
    | 'payload'
    | 'seq'
    | 'hash'
  >,
): RecordedCaseEvent {
  const actor: Actor = { userId: r.actorUserId, role: r.actorRole, departmentCode: r.actorDept };
  return {
    aggregateId: r.aggregateId,
    aggregate: r.aggregate,
    type: r.type as RecordedCaseEvent['type'],
    actor,
    businessTime: r.businessTime,
    recordedAt: r.recordedAt,
    payload: r.payload,
    seq: r.seq,
    hash: r.hash,
  };
}

export function itemFactsOf(
  catalog: CatalogIndex,
  row: Pick<ItemCaseRow, 'itemCode' | 'department' | 'stageNo'>,
): ItemFacts {
  if (!catalog.hasItem(row.itemCode))
    return {
      itemCode: row.itemCode,
      promisedDays: 0,
      immediate: false,
      departments: [row.department],
      specialProcedures: [],
      eCertResult: false,
    };
  const item = catalog.item(row.itemCode);
  return {
    itemCode: item.code,
    promisedDays: item.promised.days,
    immediate: item.immediate,
    departments: [item.department],
    specialProcedures: item.specialProcedures,
    eCertResult: item.result.eCert,
  };
}

async function eventsOf(db: DbOrTx, aggregateIds: string[]): Promise<Map<string, RecordedCaseEvent[]>> {
  const byAggregate = new Map<string, RecordedCaseEvent[]>();
  for (const ids of chunks(aggregateIds)) {
    const rows = await db
      .select()
      .from(caseEvent)
      .where(inArray(caseEvent.aggregateId, ids))
      .orderBy(asc(caseEvent.aggregateId), asc(caseEvent.seq));
    for (const r of rows) {
      const list = byAggregate.get(r.aggregateId) ?? [];
      list.push(toRecorded(r));
      byAggregate.set(r.aggregateId, list);
    }
  }
  return byAggregate;
}

/** Stored catalogue versions never change (their checksum is kept), so an index is built once per version. */
const pinned = new Map<string, CatalogIndex>();

export async function catalogsOf(
  db: DbOrTx,
  current: CatalogIndex,
  versions: Iterable<string | null>,
): Promise<Map<string, CatalogIndex>> {
  const found = new Map<string, CatalogIndex>([[current.catalog.version, current]]);
  for (const version of new Set(versions)) {
    if (!version || found.has(version)) continue;
    let index = pinned.get(version);
    if (!index) {
      const document = await findCatalog(db, version);
      if (!document) continue; // never loaded here: judged against the current catalogue
      index = indexCatalog(document);
      pinned.set(version, index);
    }
    found.set(version, index);
  }
  return found;
}

export async function loadCaseFacts(
  db: DbOrTx,
  deps: { catalog: CatalogIndex; calendars: Calendars },
  caseIds: string[],
  now: Date,
): Promise<LoadedCase[]> {
  const rows: ItemCaseRow[] = [];
  for (const ids of chunks([...new Set(caseIds)]))
    rows.push(...(await db.select().from(itemCase).where(inArray(itemCase.id, ids))));
  if (rows.length === 0) return [];
  const events = await eventsOf(db, [...new Set([...rows.map((r) => r.id), ...rows.map((r) => r.applicationId)])]);
  const clocks = new Map<string, { kind: 'ADMIN' | 'IMMEDIATE'; events: ClockEvent[] }>();
  const siblings = new Map<string, ItemCaseRow[]>();
  const syncs = new Map<string, { id: number; recordedAt: Date; ackedAt: Date | null }[]>();
  for (const ids of chunks(rows.map((r) => r.id))) {
    for (const c of await clocksOfCases(db, ids, ['ADMIN', 'IMMEDIATE']))
      clocks.set(c.caseId, { kind: c.kind as 'ADMIN' | 'IMMEDIATE', events: c.events });
  }
  for (const projects of chunks([...new Set(rows.map((r) => r.projectCode))])) {
    for (const s of await db.select().from(itemCase).where(inArray(itemCase.projectCode, projects))) {
      const key = `${s.projectCode}|${s.itemCode}`;
      siblings.set(key, [...(siblings.get(key) ?? []), s]);
    }
  }
  const numbers = rows.map((r) => r.caseNumber).filter((n): n is string => !!n);
  for (const ids of chunks(numbers)) {
    const outbox = await db
      .select({
        id: syncOutbox.id,
        caseId: syncOutbox.caseId,
        recordedAt: syncOutbox.recordedAt,
        ackedAt: syncOutbox.ackedAt,
      })
      .from(syncOutbox)
      .where(and(isNotNull(syncOutbox.caseId), inArray(syncOutbox.caseId, ids)));
    for (const o of outbox) syncs.set(o.caseId!, [...(syncs.get(o.caseId!) ?? []), o]);
  }
  const siblingEvents = await eventsOf(
    db,
    [...new Set([...siblings.values()].flat().map((s) => s.id))].filter((id) => !events.has(id)),
  );
  const eventsOfCase = (id: string) => events.get(id) ?? siblingEvents.get(id) ?? [];
  const catalogs = await catalogsOf(
    db,
    deps.catalog,
    rows.map((r) => r.catalogVersion),
  );

  return rows.map((row) => {
    const clock = clocks.get(row.id);
    let admin: CaseFacts['admin'] = null;
    const calendar = deps.calendars.forRegion(row.regionCode);
    if (clock) {
      try {
        // elapsed days are what the known years prove while a year is missing
        const s = evaluateClock(calendar, clock.events, now);
        admin = { limitDays: s.limitDays, extensionDays: s.extensionDays, elapsedDays: s.elapsedDays };
      } catch {
        admin = null;
      }
    }
    const item = itemFactsOf((row.catalogVersion && catalogs.get(row.catalogVersion)) || deps.catalog, row);
    const facts: CaseFacts = {
      caseId: row.id,
      item: clock?.kind === 'IMMEDIATE' ? { ...item, immediate: true } : item,
      events: eventsOfCase(row.id),
      applicationEvents: events.get(row.applicationId) ?? [],
      admin,
      siblings: (siblings.get(`${row.projectCode}|${row.itemCode}`) ?? [])
        .filter((s) => s.id !== row.id)
        .map((s) => {
          const evs = eventsOfCase(s.id);
          return {
            caseId: s.id,
            submittedAt: evs[0]?.businessTime ?? null,
            finishedAt: s.decidedAt,
            resultDocNumber:
              (evs.find((e) => e.type === 'RESULT_ISSUED')?.payload.docNumber as string | undefined) ?? null,
          };
        }),
      syncs: (row.caseNumber ? (syncs.get(row.caseNumber) ?? []) : []).map((o) => ({
        seq: o.id,
        recordedAt: o.recordedAt,
        syncedAt: o.ackedAt,
      })),
      calendar,
      now,
    };
    return { row, facts, clockKind: clock?.kind ?? null };
  });
}
