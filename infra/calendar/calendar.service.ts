/**
 * 工作日历维护 — loading the State Council's notice of a year, or a region's own days off, and reading
 * what is known. A load is one transaction: the notice checked against the calendar it joins, stored as
 * the next version, special-procedure deadlines that depended on it set, and the audit record written;
 * then the book reloads and every clock is evaluated on the new calendar from its next read on.
 */
import { eq, isNull, or, sql } from 'drizzle-orm';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import { chineseDaysSource } from '../../domain/calendar/holiday-source.ts';
import { firstDayOfYear, parseLocalDate, toLocalDate, weekdayOf } from '../../domain/calendar/shanghai-day.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { parseYearNotice, type YearNotice, type YearNoticeInput } from '../../domain/calendar/year-notice.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import { SPECIAL_CLOCK_SUFFIX } from '../../domain/clock/clock-ids.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../clock.ts';
import { appendAuditIn, type AuditEntry } from '../db/audit.repo.ts';
import { currentNotices, getNotice, lockCalendarLoads, noticeHistory, saveNotice, type StoredNotice } from '../db/calendar.repo.ts';
import type { Database, Tx } from '../db/client.ts';
import { reviveClockEvents } from '../db/legal-clock.repo.ts';
import { legalClock, specialProcedure } from '../db/schema.ts';
import type { CalendarBook } from './calendar-book.ts';

/** The bundled data's own name in listings. */
export const BUNDLED_SOURCE = 'chinese-days 1.5.7 (随系统提供的国务院节假日安排)';

export interface YearSummary {
  regionCode: string;
  year: number;
  /** 0 for a bundled year (never loaded). */
  version: number;
  source: string;
  loadedBy: string | null;
  loadedAt: Date | null;
  /** Working days of the year on this region's calendar. */
  workingDays: number;
  /** Days off that are not Saturdays or Sundays (holidays and closures on weekdays). */
  weekdaysOff: number;
  holidays: { name: string; from: string; to: string; days: number }[];
  makeUpDays: string[];
}

export interface KnownYear {
  regionCode: string;
  year: number;
  origin: 'bundled' | 'loaded';
  source: string;
  version: number;
  versions: number;
  loadedBy: string | null;
  loadedAt: Date | null;
}

/** Who loads: the signed-in account, or the operator running the command. */
export type LoadActor = Pick<AuditEntry, 'actorUserId' | 'actorUsername' | 'actorRoles' | 'actorDepartment' | 'clientAddress'> & { loadedBy: string };

export function createCalendarService(deps: { database: Database; book: CalendarBook; clock: Clock; endOfDay?: string }) {
  const options = deps.endOfDay ? { endOfDay: deps.endOfDay } : {};

  /** The calendars with `notice` in force instead of the current one of its region and year. */
  const calendarsWith = (current: readonly YearNotice[], notice: YearNotice) =>
    createCalendars([...current.filter((n) => n.regionCode !== notice.regionCode || n.year !== notice.year), notice], options);

  function summary(calendar: WorkingCalendar, notice: Omit<YearNotice, 'workingDays'> & { workingDays: readonly string[] } & Partial<Pick<StoredNotice, 'version' | 'loadedBy' | 'loadedAt'>>): YearSummary {
    let workingDays = 0;
    let weekdaysOff = 0;
    for (let day = firstDayOfYear(notice.year); day < firstDayOfYear(notice.year + 1); day += 1) {
      if (calendar.isWorkingDay(toLocalDate(day))) workingDays += 1;
      else if (weekdayOf(day) !== 0 && weekdayOf(day) !== 6) weekdaysOff += 1;
    }
    return {
      regionCode: notice.regionCode, year: notice.year, version: notice.version ?? 0, source: notice.source,
      loadedBy: notice.loadedBy ?? null, loadedAt: notice.loadedAt ?? null, workingDays, weekdaysOff,
      holidays: notice.holidays.map((h) => ({ ...h, days: parseLocalDate(h.to) - parseLocalDate(h.from) + 1 })),
      makeUpDays: [...notice.workingDays],
    };
  }

  /** Sets the stored deadline of special procedures still open (or without one) from their clocks. */
  async function refreshSpecialDeadlines(tx: Tx, calendars: ReturnType<typeof createCalendars>): Promise<number> {
    const rows = await tx.select({ id: specialProcedure.id, deadline: specialProcedure.deadline, regionCode: legalClock.regionCode, events: legalClock.events })
      .from(specialProcedure).innerJoin(legalClock, eq(legalClock.id, sql`${specialProcedure.id} || ${SPECIAL_CLOCK_SUFFIX}`))
      .where(or(isNull(specialProcedure.finishedAt), isNull(specialProcedure.deadline)));
    let changed = 0;
    const now = deps.clock.now();
    for (const row of rows) {
      const deadline = evaluateClock(calendars.forRegion(row.regionCode), reviveClockEvents(row.events), now).deadline;
      if ((deadline?.getTime() ?? null) === (row.deadline?.getTime() ?? null)) continue;
      await tx.update(specialProcedure).set({ deadline }).where(eq(specialProcedure.id, row.id));
      changed += 1;
    }
    return changed;
  }

  return {
    /**
     * Loads a notice for `year` and `regionCode` (`000000`: the State Council's). Refused, naming the
     * field, when it is malformed, leaves a gap after the known years, or (regional) falls in a year
     * the national calendar does not know yet; nothing is stored then.
     */
    async load(input: YearNoticeInput, year: number, regionCode: string, actor: LoadActor): Promise<YearSummary & { changed: boolean }> {
      const notice = parseYearNotice(input, year, regionCode);
      const now = deps.clock.now();
      const result = await deps.database.db.transaction(async (t) => {
        const tx = t as Tx;
        await lockCalendarLoads(tx); // before reading: a concurrent load of the year before is seen or waited for
        const current = await currentNotices(tx);
        const calendars = calendarsWith(current, notice);
        const national = calendars.forRegion(NATIONAL_REGION);
        if (regionCode !== NATIONAL_REGION && year > national.lastYear) {
          throw new DomainError('CALENDAR_YEAR_UNKNOWN', `请先载入 ${year} 年全国节假日安排,再载入本地区的停工安排`, { field: 'params.year', year });
        }
        const saved = await saveNotice(tx, notice, { loadedBy: actor.loadedBy, at: now });
        const deadlines = saved.changed ? await refreshSpecialDeadlines(tx, calendars) : 0;
        await appendAuditIn(tx, {
          at: now, ...actor, action: 'calendar.load', target: `calendar:${regionCode}/${year}`, outcome: saved.changed ? `version ${saved.notice.version}` : 'unchanged',
          details: { source: notice.source, version: saved.notice.version, changed: saved.changed, holidays: notice.holidays.length, workingDays: notice.workingDays.length, specialDeadlinesSet: deadlines },
        });
        return { saved, calendar: calendars.forRegion(regionCode) };
      });
      await deps.book.refresh();
      return { ...summary(result.calendar, result.saved.notice), changed: result.saved.changed };
    },

    /** Every year the calendar knows (bundled and loaded, national and regional), and its coverage. */
    async list(): Promise<{ lastKnownYear: number; daysLeft: number; years: KnownYear[] }> {
      const history = await noticeHistory(deps.database.db);
      const national = deps.book.national();
      const years: KnownYear[] = [];
      const bundled = chineseDaysSource();
      for (let year = bundled.firstYear; year <= bundled.lastYear; year += 1) {
        years.push({ regionCode: NATIONAL_REGION, year, origin: 'bundled', source: BUNDLED_SOURCE, version: 0, versions: 0, loadedBy: null, loadedAt: null });
      }
      for (const n of history) {
        const known = years.find((y) => y.regionCode === n.regionCode && y.year === n.year);
        if (known?.origin === 'loaded') { known.versions += 1; continue; }
        const entry: KnownYear = { regionCode: n.regionCode, year: n.year, origin: 'loaded', source: n.source, version: n.version, versions: 1, loadedBy: n.loadedBy, loadedAt: n.loadedAt };
        if (known) Object.assign(known, entry); else years.push(entry);
      }
      years.sort((a, b) => a.year - b.year || a.regionCode.localeCompare(b.regionCode));
      return { lastKnownYear: national.lastYear, daysLeft: national.daysUntilCoverageEnds(deps.clock.now()), years };
    },

    /** A year of a region as it stands (or as version `version` had it), with its summary. */
    async year(regionCode: string, year: number, version?: number): Promise<YearSummary> {
      const stored = await getNotice(deps.database.db, regionCode, year, version);
      if (stored) return summary(calendarsWith(deps.book.notices(), stored).forRegion(regionCode), stored);
      const bundled = chineseDaysSource();
      const bundledYear = regionCode === NATIONAL_REGION && year >= bundled.firstYear && year <= bundled.lastYear;
      if (bundledYear && (version === undefined || version === 0)) {
        const inYear = (d: string) => d.startsWith(`${year}-`);
        return summary(createCalendars([], options).forRegion(NATIONAL_REGION), {
          regionCode, year, source: BUNDLED_SOURCE, holidays: runsOf([...bundled.holidays].filter(inYear).sort()), workingDays: [...bundled.makeUpWorkdays].filter(inYear).sort(),
        });
      }
      throw new DomainError('CALENDAR_YEAR_NOT_FOUND', version === undefined ? `工作日历没有 ${year} 年(${regionCode})` : `${year} 年(${regionCode})没有第 ${version} 版`, { field: version === undefined ? 'params.year' : 'query.version' });
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/** Consecutive dates as named runs (the bundled data has no names: 法定节假日). */
function runsOf(dates: string[]): YearNotice['holidays'] {
  const runs: YearNotice['holidays'] = [];
  for (const date of dates) {
    const last = runs.at(-1);
    if (last && parseLocalDate(date) === parseLocalDate(last.to) + 1) last.to = date;
    else runs.push({ name: '法定节假日', from: date, to: date });
  }
  return runs;
}
