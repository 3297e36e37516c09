/**
 * 工作日历 — the loaded notices in the database: every version kept, the current one of a region and
 * year being its highest. Loading serialises on an advisory lock, so two loads of one year make two
 * versions in turn, never a clash; re-sending the current notice unchanged makes no version.
 */
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { sameNotice, type YearNotice } from '../../domain/calendar/year-notice.ts';
import { createCalendars, type Calendars } from '../../domain/calendar/calendars.ts';
import type {
  CalendarNoticeStore,
  CalendarNoticeWrites,
  StoredNotice,
} from '../../domain/ports/calendar-notices.port.ts';
import type { StoreTransaction } from '../../domain/ports/store.port.ts';
import { SPECIAL_CLOCK_SUFFIX } from '../../domain/clock/clock-ids.ts';
import type { Db, DbOrTx, Tx } from './client.ts';
import { reviveClockEvents } from './legal-clock.repo.ts';
import { legalClock, specialProcedure } from './schema.ts';
import { calendarNotice } from './tables/calendar.table.ts';

export type { StoredNotice } from '../../domain/ports/calendar-notices.port.ts';

type Row = typeof calendarNotice.$inferSelect;
const toNotice = (r: Row): StoredNotice => ({
  regionCode: r.regionCode,
  year: r.year,
  version: r.version,
  source: r.source,
  holidays: r.holidays,
  workingDays: r.workingDays,
  loadedBy: r.loadedBy,
  loadedAt: r.loadedAt,
});

/** Any number: the lock every calendar load takes for the length of its transaction. */
const LOAD_LOCK = 0x6361_6c65; // "cale"

/** The current version of every region's every year. */
export async function currentNotices(db: DbOrTx): Promise<StoredNotice[]> {
  const rows = await db
    .selectDistinctOn([calendarNotice.year, calendarNotice.regionCode])
    .from(calendarNotice)
    .orderBy(calendarNotice.year, calendarNotice.regionCode, desc(calendarNotice.version));
  return rows.map(toNotice);
}

/** Every version of every notice, newest first within a region and year (the list and its history). */
export async function noticeHistory(
  db: DbOrTx,
  filter: { regionCode?: string; year?: number } = {},
): Promise<StoredNotice[]> {
  const where = and(
    ...(filter.regionCode ? [eq(calendarNotice.regionCode, filter.regionCode)] : []),
    ...(filter.year !== undefined ? [eq(calendarNotice.year, filter.year)] : []),
  );
  const rows = await db
    .select()
    .from(calendarNotice)
    .where(where)
    .orderBy(calendarNotice.year, calendarNotice.regionCode, desc(calendarNotice.version));
  return rows.map(toNotice);
}

/** One version (the current one when `version` is absent), or null. */
export async function getNotice(
  db: DbOrTx,
  regionCode: string,
  year: number,
  version?: number,
): Promise<StoredNotice | null> {
  const rows = await db
    .select()
    .from(calendarNotice)
    .where(
      and(
        eq(calendarNotice.regionCode, regionCode),
        eq(calendarNotice.year, year),
        ...(version !== undefined ? [eq(calendarNotice.version, version)] : []),
      ),
    )
    .orderBy(desc(calendarNotice.version))
    .limit(1);
  return rows[0] ? toNotice(rows[0]) : null;
}

/**
 * Stores the notice as the next version of its region and year, inside the caller's transaction
 * (which holds the load lock until it ends); `changed` is false when it equals the current version,
 * which is then returned as it is.
 */
export async function saveNotice(
  tx: Tx,
  notice: YearNotice,
  by: { loadedBy: string; at: Date },
): Promise<{ notice: StoredNotice; changed: boolean }> {
  await lockCalendarLoads(tx);
  const current = await getNotice(tx, notice.regionCode, notice.year);
  if (current && sameNotice(current, notice)) return { notice: current, changed: false };
  const row = {
    regionCode: notice.regionCode,
    year: notice.year,
    version: (current?.version ?? 0) + 1,
    source: notice.source,
    holidays: notice.holidays,
    workingDays: notice.workingDays,
    loadedBy: by.loadedBy,
    loadedAt: by.at,
  };
  await tx.insert(calendarNotice).values(row);
  return { notice: row, changed: true };
}

/** Serialises calendar loads until the end of the transaction. */
export async function lockCalendarLoads(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOAD_LOCK})`);
}

/** Changes whenever a notice is loaded anywhere: how another process sees it has to reload. */
export async function calendarRevision(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${calendarNotice.loadedAt})::text` })
    .from(calendarNotice);
  return `${row?.n ?? 0}/${row?.last ?? ''}`;
}

/** The calendars on the notices as they stand now (one-shot commands; the server keeps a CalendarBook). */
export async function loadCalendars(db: DbOrTx, options: { endOfDay?: string } = {}): Promise<Calendars> {
  return createCalendars(await currentNotices(db), options.endOfDay ? { endOfDay: options.endOfDay } : {});
}

function writes(tx: Tx): CalendarNoticeWrites {
  return {
    async lockAndReadCurrent() {
      await lockCalendarLoads(tx);
      return currentNotices(tx);
    },
    save: (notice, by) => saveNotice(tx, notice, by),
    async specialDeadlines() {
      const rows = await tx
        .select({
          procedureId: specialProcedure.id,
          deadline: specialProcedure.deadline,
          regionCode: legalClock.regionCode,
          events: legalClock.events,
        })
        .from(specialProcedure)
        .innerJoin(legalClock, eq(legalClock.id, sql`${specialProcedure.id} || ${SPECIAL_CLOCK_SUFFIX}`))
        .where(or(isNull(specialProcedure.finishedAt), isNull(specialProcedure.deadline)));
      return rows.map((r) => ({ ...r, events: reviveClockEvents(r.events) }));
    },
    async setSpecialDeadline(procedureId, deadline) {
      await tx.update(specialProcedure).set({ deadline }).where(eq(specialProcedure.id, procedureId));
    },
  };
}

/** The calendar-notice store (domain/ports/calendar-notices.port.ts). */
export function createCalendarNoticeStore(db: Db): CalendarNoticeStore {
  return {
    history: () => noticeHistory(db),
    notice: (regionCode, year, version) => getNotice(db, regionCode, year, version),
    transaction: (fn) => db.transaction((t) => fn({ notices: writes(t as Tx), tx: t as unknown as StoreTransaction })),
  };
}
