/** 年度日历 — a year of a region (000000: the national calendar) as it stands, or as version `version` had it, with its figures. */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import { chineseDaysSource } from '../../domain/calendar/holiday-source.ts';
import { DomainError } from '../../domain/errors.ts';
import type { CalendarNoticeStore, CalendarsInForce } from '../../domain/ports/calendar-notices.port.ts';
import {
  BUNDLED_SOURCE,
  calendarsWith,
  runsOf,
  yearSummary,
  type CalendarOptions,
  type YearSummary,
} from './year-summary.ts';

export function createGetCalendarYear(deps: {
  notices: CalendarNoticeStore;
  book: CalendarsInForce;
  options: CalendarOptions;
}) {
  return async function getCalendarYear(
    actor: Actor,
    regionCode: string,
    year: number,
    version?: number,
  ): Promise<YearSummary> {
    assertCan(actor, 'calendar.read', { kind: 'public' });
    const stored = await deps.notices.notice(regionCode, year, version);
    if (stored)
      return yearSummary(calendarsWith(deps.book.notices(), stored, deps.options).forRegion(regionCode), stored);
    const bundled = chineseDaysSource();
    const bundledYear = regionCode === NATIONAL_REGION && year >= bundled.firstYear && year <= bundled.lastYear;
    if (bundledYear && (version === undefined || version === 0)) {
      const inYear = (d: string) => d.startsWith(`${year}-`);
      return yearSummary(createCalendars([], deps.options).forRegion(NATIONAL_REGION), {
        regionCode,
        year,
        source: BUNDLED_SOURCE,
        holidays: runsOf([...bundled.holidays].filter(inYear).sort()),
        workingDays: [...bundled.makeUpWorkdays].filter(inYear).sort(),
      });
    }
    throw new DomainError(
      'CALENDAR_YEAR_NOT_FOUND',
      version === undefined
        ? `工作日历没有 ${year} 年(${regionCode})`
        : `${year} 年(${regionCode})没有第 ${version} 版`,
      { field: version === undefined ? 'params.year' : 'query.version' },
    );
  };
}
