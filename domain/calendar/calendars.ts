/**
 * The working calendars in force — one per region, built from the bundled national data and the
 * notices the city has loaded (year-notice.ts). What the rest of the system asks for a region's
 * calendar; infra keeps one fresh as notices are loaded (infra/calendar/calendar-book.ts).
 */
import { NATIONAL_REGION, regionChain } from './calendar-override.ts';
import { createWorkingCalendar, type WorkingCalendar, type WorkingCalendarOptions } from './working-calendar.ts';
import type { YearNotice } from './year-notice.ts';

export interface Calendars {
  /** The calendar of a region: the national years with its own, its city's and its province's days off. */
  forRegion(regionCode: string): WorkingCalendar;
}

/** Calendars over a fixed set of notices (the current version of each), built per region on first use. */
export function createCalendars(
  notices: readonly YearNotice[],
  options: Pick<WorkingCalendarOptions, 'endOfDay' | 'source'> = {},
): Calendars {
  const byRegion = new Map<string, WorkingCalendar>();
  const regional = new Set(notices.filter((n) => n.regionCode !== NATIONAL_REGION).map((n) => n.regionCode));
  const national = createWorkingCalendar({ ...options, notices });
  return {
    forRegion(regionCode) {
      // a region with no notice of its own or above it shares the national calendar
      if (!regionChain(regionCode).some((code) => regional.has(code))) return national;
      let calendar = byRegion.get(regionCode);
      if (!calendar) {
        calendar = createWorkingCalendar({ ...options, notices, regionCode });
        byRegion.set(regionCode, calendar);
      }
      return calendar;
    },
  };
}
