/**
 * 日历查询 — each day of a range (at most 366) with its working and holiday flags on the region's
 * calendar (public). holiday: a weekday off (法定节假日, or the region's closure); makeUpWorkday: a
 * weekend day worked (调休).
 */
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { parseLocalDate, toLocalDate, weekdayOf } from '../../domain/calendar/shanghai-day.ts';
import { CITY_REGION } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';

export const MAX_CALENDAR_RANGE_DAYS = 366;

export function createListCalendarDays(deps: { calendars: Calendars }) {
  return function listCalendarDays(query: { from: string; to: string; regionCode?: string }) {
    const from = parseLocalDate(query.from);
    const to = parseLocalDate(query.to);
    if (to < from) throw new DomainError('INVALID_DATE', '结束日期早于开始日期', { field: 'query.to' });
    if (to - from + 1 > MAX_CALENDAR_RANGE_DAYS)
      throw new DomainError('CALENDAR_RANGE_TOO_LONG', `最多 ${MAX_CALENDAR_RANGE_DAYS} 天`, { field: 'query.to' });
    const calendar = deps.calendars.forRegion(query.regionCode ?? CITY_REGION);
    const days = [];
    for (let day = from; day <= to; day += 1) {
      const date = toLocalDate(day);
      const working = calendar.isWorkingDay(date);
      const weekday = weekdayOf(day) === 0 ? 7 : weekdayOf(day);
      const weekend = weekday >= 6;
      days.push({ date, weekday, working, weekend, holiday: !working && !weekend, makeUpWorkday: working && weekend });
    }
    return { from: query.from, to: query.to, workingDays: days.filter((d) => d.working).length, days };
  };
}
