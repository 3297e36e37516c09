/**
 * 期限计算 — the deadline N working days after an instant (public: applicants plan with it). The start
 * day is not counted; the deadline is the end of the N-th working day on the region's calendar (default
 * 珠海市). A year the calendar does not know answers CALENDAR_YEAR_UNKNOWN.
 */
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { CITY_REGION } from '../../domain/access/roles.ts';

export function createComputeDeadline(deps: { calendars: Calendars }) {
  return function computeDeadline(query: { start: Date; workingDays: number; regionCode?: string }) {
    const deadline = deps.calendars
      .forRegion(query.regionCode ?? CITY_REGION)
      .addWorkingDays(query.start, query.workingDays);
    return { start: query.start.toISOString(), workingDays: query.workingDays, deadline: deadline.toISOString() };
  };
}
