/**
 * A year of a region's calendar as people read it: the notice (holidays as named ranges, 调休 make-up
 * days), its version and who loaded it, and the year's working days and weekdays off on that calendar.
 */
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { parseLocalDate, toLocalDate, weekdayOf, firstDayOfYear } from '../../domain/calendar/shanghai-day.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { YearNotice } from '../../domain/calendar/year-notice.ts';
import type { StoredNotice } from '../../domain/ports/calendar-notices.port.ts';

/** The bundled data's own name in listings. */
export const BUNDLED_SOURCE = 'chinese-days 1.5.7 (随系统提供的国务院节假日安排)';

export interface YearSummary {
  regionCode: string;
  year: number;
  /** 0 for a bundled year (never loaded). */
  version: number;
  source: string;
  loadedBy: string | null;
  loadedAt: string | null;
  /** Working days of the year on this region's calendar. */
  workingDays: number;
  /** Days off that are not Saturdays or Sundays (holidays and closures on weekdays). */
  weekdaysOff: number;
  holidays: { name: string; from: string; to: string; days: number }[];
  makeUpDays: string[];
}

export interface CalendarOptions {
  endOfDay?: string;
}

/** The calendars with `notice` in force instead of the current one of its region and year. */
export const calendarsWith = (current: readonly YearNotice[], notice: YearNotice, options: CalendarOptions) =>
  createCalendars(
    [...current.filter((n) => n.regionCode !== notice.regionCode || n.year !== notice.year), notice],
    options,
  );

type SummarisedNotice = Omit<YearNotice, 'workingDays'> & { workingDays: readonly string[] } & Partial<
    Pick<StoredNotice, 'version' | 'loadedBy' | 'loadedAt'>
  >;

export function yearSummary(calendar: WorkingCalendar, notice: SummarisedNotice): YearSummary {
  let workingDays = 0;
  let weekdaysOff = 0;
  for (let day = firstDayOfYear(notice.year); day < firstDayOfYear(notice.year + 1); day += 1) {
    if (calendar.isWorkingDay(toLocalDate(day))) workingDays += 1;
    else if (weekdayOf(day) !== 0 && weekdayOf(day) !== 6) weekdaysOff += 1;
  }
  return {
    regionCode: notice.regionCode,
    year: notice.year,
    version: notice.version ?? 0,
    source: notice.source,
    loadedBy: notice.loadedBy ?? null,
    loadedAt: notice.loadedAt?.toISOString() ?? null,
    workingDays,
    weekdaysOff,
    holidays: notice.holidays.map((h) => ({ ...h, days: parseLocalDate(h.to) - parseLocalDate(h.from) + 1 })),
    makeUpDays: [...notice.workingDays],
  };
}

/** Consecutive dates as named runs (the bundled data has no names: 法定节假日). */
export function runsOf(dates: string[]): YearNotice['holidays'] {
  const runs: YearNotice['holidays'] = [];
  for (const date of dates) {
    const last = runs.at(-1);
    if (last && parseLocalDate(date) === parseLocalDate(last.to) + 1) last.to = date;
    else runs.push({ name: '法定节假日', from: date, to: date });
  }
  return runs;
}
