/**
 * The use cases of the working-day calendar (工作日历): the public calculator (deadline, days) and the
 * calendar the city keeps as data (the known years, a year, loading a notice) — what the calendar
 * routes and `npm run calendar:load` call.
 */
import type { AuditLog } from '../domain/ports/audit-log.port.ts';
import type { CalendarNoticeStore, CalendarsInForce } from '../domain/ports/calendar-notices.port.ts';
import type { Clock } from '../domain/ports/clock.port.ts';
import { createComputeDeadline } from './calendar/compute-deadline.ts';
import { createGetCalendarYear } from './calendar/get-calendar-year.ts';
import { createListCalendarDays } from './calendar/list-calendar-days.ts';
import { createListCalendarYears } from './calendar/list-calendar-years.ts';
import { createLoadCalendarNotice } from './calendar/load-calendar-notice.ts';

export interface CalendarUseCaseDeps {
  notices: CalendarNoticeStore;
  /** The calendars in force (the book), reloaded after a load. */
  book: CalendarsInForce;
  audit: AuditLog;
  clock: Clock;
  /** Time of day a working-day deadline falls (DEADLINE_TIME_OF_DAY). */
  endOfDay?: string;
}

export function createCalendarUseCases(deps: CalendarUseCaseDeps) {
  const options = deps.endOfDay ? { endOfDay: deps.endOfDay } : {};
  const calendars = deps.book;
  return {
    computeDeadline: createComputeDeadline({ calendars }),
    listCalendarDays: createListCalendarDays({ calendars }),
    listCalendarYears: createListCalendarYears(deps),
    getCalendarYear: createGetCalendarYear({ ...deps, options }),
    loadCalendarNotice: createLoadCalendarNotice({ ...deps, options }),
  };
}
export type CalendarUseCases = ReturnType<typeof createCalendarUseCases>;
