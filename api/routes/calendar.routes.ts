/**
 * 工作日历 — GET /api/v1/calendar/deadline and /api/v1/calendar/days. Public: it is the same
 * arithmetic the published service guides (办事指南) state, and applicants plan with it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../../domain/errors.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { parseLocalDate, toLocalDate, weekdayOf } from '../../domain/calendar/shanghai-day.ts';
import { PROBLEMS } from './common.schemas.ts';

export interface CalendarRoutesOptions { calendar: WorkingCalendar }

export const MAX_CALENDAR_RANGE_DAYS = 366;
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });

export const calendarRoutes: FastifyPluginAsyncTypebox<CalendarRoutesOptions> = async (app, { calendar }) => {
  app.get('/api/v1/calendar/deadline', {
    config: { public: true },
    schema: {
      tags: ['calendar'], summary: 'The deadline N working days after an instant',
      description: 'The start day is not counted; the deadline is the end of the N-th working day (Asia/Shanghai). A year the calendar does not know answers CALENDAR_YEAR_UNKNOWN.',
      querystring: Type.Object({
        start: Type.String({ format: 'date-time' }),
        workingDays: Type.Integer({ minimum: 0, maximum: 1000 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ start: Type.String({ format: 'date-time' }), workingDays: Type.Integer(), deadline: Type.String({ format: 'date-time' }) }), ...PROBLEMS },
    },
  }, async (request) => {
    const start = new Date(request.query.start);
    return { start: start.toISOString(), workingDays: request.query.workingDays, deadline: calendar.addWorkingDays(start, request.query.workingDays).toISOString() };
  });

  app.get('/api/v1/calendar/days', {
    config: { public: true },
    schema: {
      tags: ['calendar'], summary: 'Each day of a range with its working and holiday flags',
      description: `At most ${MAX_CALENDAR_RANGE_DAYS} days. holiday: a weekday off (法定节假日); makeUpWorkday: a weekend day worked (调休).`,
      querystring: Type.Object({ from: LocalDate, to: LocalDate }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: Type.String(), to: Type.String(), workingDays: Type.Integer(),
          days: Type.Array(Type.Object({
            date: Type.String(), weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO: 1 Monday … 7 Sunday' }),
            working: Type.Boolean(), weekend: Type.Boolean(), holiday: Type.Boolean(), makeUpWorkday: Type.Boolean(),
          })),
        }),
        ...PROBLEMS,
      },
    },
  }, async (request) => {
    const from = parseLocalDate(request.query.from);
    const to = parseLocalDate(request.query.to);
    if (to < from) throw new DomainError('INVALID_DATE', '结束日期早于开始日期', { field: 'query.to' });
    if (to - from + 1 > MAX_CALENDAR_RANGE_DAYS) throw new DomainError('CALENDAR_RANGE_TOO_LONG', `最多 ${MAX_CALENDAR_RANGE_DAYS} 天`, { field: 'query.to' });
    const days = [];
    for (let day = from; day <= to; day += 1) {
      const date = toLocalDate(day);
      const working = calendar.isWorkingDay(date);
      const weekday = weekdayOf(day) === 0 ? 7 : weekdayOf(day);
      const weekend = weekday >= 6;
      days.push({ date, weekday, working, weekend, holiday: !working && !weekend, makeUpWorkday: working && weekend });
    }
    return { from: request.query.from, to: request.query.to, workingDays: days.filter((d) => d.working).length, days };
  });
};
