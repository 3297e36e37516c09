/**
 * 工作日历 — the calculator applicants plan with (public: deadline, days) and the calendar the city
 * keeps as data: the known years, and the system administrator's loading of the State Council's notice
 * of a year or a region's own days off (a typhoon closure), each change a new version.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { DomainError } from '../../domain/errors.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import { parseLocalDate, toLocalDate, weekdayOf } from '../../domain/calendar/shanghai-day.ts';
import { MAX_NOTICE_ENTRIES, NOTICE_YEARS } from '../../domain/calendar/year-notice.ts';
import { assertCan } from '../../domain/access/policy.ts';
import { CITY_REGION } from '../../domain/access/roles.ts';
import type { CalendarService, YearSummary } from '../../infra/calendar/calendar.service.ts';
import { actorOf } from '../request-context.ts';
import { auditActor } from '../audit/audit.hook.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';

export interface CalendarRoutesOptions { calendars: Calendars; service: CalendarService }

export const MAX_CALENDAR_RANGE_DAYS = 366;
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const RegionCode = Type.String({ pattern: '^[0-9]{6}$', description: '行政区划代码, e.g. 440400 珠海市, 440402 香洲区' });
const Year = Type.Integer({ minimum: NOTICE_YEARS.min, maximum: NOTICE_YEARS.max });

const NoticeBody = Type.Object({
  source: Type.String({ minLength: 1, maxLength: 200, description: 'The notice\'s title and number, e.g. 国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕N号).' }),
  holidays: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 50, description: '元旦, 春节 … or 台风停工' }), from: LocalDate, to: LocalDate,
  }, { additionalProperties: false }), { maxItems: MAX_NOTICE_ENTRIES, description: 'Days off, both ends included, in date order, not overlapping, all inside the year.' }),
  workingDays: Type.Array(LocalDate, { maxItems: MAX_NOTICE_ENTRIES, description: '调休上班: days worked although off by default. In a national notice each a Saturday or Sunday.' }),
}, { additionalProperties: false });

const Summary = Type.Object({
  regionCode: Type.String({ description: '000000: the State Council\'s national notice; otherwise the region\'s own days off.' }),
  year: Type.Integer(),
  version: Type.Integer({ description: '0: the bundled data (chinese-days), never loaded; each load that changes the notice adds one.' }),
  source: Type.String(),
  loadedBy: Type.Union([Type.String(), Type.Null()]),
  loadedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  workingDays: Type.Integer({ description: 'Working days of the year on this region\'s calendar.' }),
  weekdaysOff: Type.Integer({ description: 'Days off that fall Monday to Friday.' }),
  holidays: Type.Array(Type.Object({ name: Type.String(), from: Type.String(), to: Type.String(), days: Type.Integer() })),
  makeUpDays: Type.Array(Type.String()),
});
const LoadResult = Type.Intersect([Summary, Type.Object({ changed: Type.Boolean({ description: 'False when the notice equals the current version: nothing was stored.' }) })]);

const summaryView = (s: YearSummary): Static<typeof Summary> => ({ ...s, loadedAt: s.loadedAt?.toISOString() ?? null });

export const calendarRoutes: FastifyPluginAsyncTypebox<CalendarRoutesOptions> = async (app, { calendars, service }) => {
  const calendarOf = (regionCode: string | undefined) => calendars.forRegion(regionCode ?? CITY_REGION);

  app.get('/api/v1/calendar/deadline', {
    config: { public: true },
    schema: {
      tags: ['calendar'], summary: 'The deadline N working days after an instant',
      description: 'The start day is not counted; the deadline is the end of the N-th working day (Asia/Shanghai), on the region\'s calendar (default 珠海市). A year the calendar does not know answers CALENDAR_YEAR_UNKNOWN.',
      querystring: Type.Object({
        start: Type.String({ format: 'date-time' }),
        workingDays: Type.Integer({ minimum: 0, maximum: 1000 }),
        regionCode: Type.Optional(RegionCode),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ start: Type.String({ format: 'date-time' }), workingDays: Type.Integer(), deadline: Type.String({ format: 'date-time' }) }), ...PROBLEMS },
    },
  }, async (request) => {
    const start = new Date(request.query.start);
    return { start: start.toISOString(), workingDays: request.query.workingDays, deadline: calendarOf(request.query.regionCode).addWorkingDays(start, request.query.workingDays).toISOString() };
  });

  app.get('/api/v1/calendar/days', {
    config: { public: true },
    schema: {
      tags: ['calendar'], summary: 'Each day of a range with its working and holiday flags',
      description: `At most ${MAX_CALENDAR_RANGE_DAYS} days. holiday: a weekday off (法定节假日, or the region's closure); makeUpWorkday: a weekend day worked (调休).`,
      querystring: Type.Object({ from: LocalDate, to: LocalDate, regionCode: Type.Optional(RegionCode) }, { additionalProperties: false }),
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
    const calendar = calendarOf(request.query.regionCode);
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

  app.get('/api/v1/calendar/years', {
    schema: {
      tags: ['calendar'], summary: 'The years the working-day calendar knows: bundled and loaded, national and regional', security: BEARER,
      description: 'daysLeft: natural days until the last known year ends; from 60 days before, /health reports the calendar degraded and the system administrators get a weekly SMS.',
      response: {
        200: Type.Object({
          lastKnownYear: Type.Integer(), daysLeft: Type.Integer(),
          years: Type.Array(Type.Object({
            regionCode: Type.String(), year: Type.Integer(), origin: Type.Union([Type.Literal('bundled'), Type.Literal('loaded')]), source: Type.String(),
            version: Type.Integer(), versions: Type.Integer({ description: 'Versions loaded so far (each kept).' }),
            loadedBy: Type.Union([Type.String(), Type.Null()]), loadedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          })),
        }),
        ...PROBLEMS,
      },
    },
  }, async (request) => {
    assertCan(actorOf(request), 'calendar.read', { kind: 'public' });
    const list = await service.list();
    return { ...list, years: list.years.map((y) => ({ ...y, loadedAt: y.loadedAt?.toISOString() ?? null })) };
  });

  const yearQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'An earlier version (0: the bundled data).' })) }, { additionalProperties: false });

  app.get('/api/v1/calendar/years/:year', {
    schema: {
      tags: ['calendar'], summary: 'A year of the national calendar: its notice and figures (any version)', security: BEARER,
      params: Type.Object({ year: Year }), querystring: yearQuery, response: { 200: Summary, ...PROBLEMS },
    },
  }, async (request) => {
    assertCan(actorOf(request), 'calendar.read', { kind: 'public' });
    return summaryView(await service.year(NATIONAL_REGION, request.params.year, request.query.version));
  });

  app.get('/api/v1/calendar/regions/:regionCode/years/:year', {
    schema: {
      tags: ['calendar'], summary: 'A region\'s own days off of a year (any version), with the year\'s figures on its calendar', security: BEARER,
      params: Type.Object({ regionCode: RegionCode, year: Year }), querystring: yearQuery, response: { 200: Summary, ...PROBLEMS },
    },
  }, async (request) => {
    assertCan(actorOf(request), 'calendar.read', { kind: 'public' });
    return summaryView(await service.year(request.params.regionCode, request.params.year, request.query.version));
  });

  const load = async (request: { body: Static<typeof NoticeBody>; auditInfo: { target?: string; details?: Record<string, unknown> } } & Parameters<typeof auditActor>[0], year: number, regionCode: string) => {
    const actor = actorOf(request);
    assertCan(actor, 'calendar.manage', { kind: 'platform' });
    const result = await service.load(request.body, year, regionCode, { ...auditActor(request), loadedBy: actor.username });
    request.auditInfo.target = `calendar:${regionCode}/${year}`;
    request.auditInfo.details = { version: result.version, changed: result.changed, source: result.source };
    return { ...summaryView(result), changed: result.changed };
  };

  app.put('/api/v1/calendar/years/:year', {
    schema: {
      tags: ['calendar'], summary: 'Load the State Council\'s holiday notice of a year (system administrator; audited)', security: BEARER,
      description: 'The year must follow the last known year (or replace a known one). Re-sending a changed notice makes a new version; the old one stays readable (?version=). Every clock is evaluated on it from the next read; clocks waiting on the year get their deadlines and lights at once, and the warning ladder catches up at the next sweep.',
      params: Type.Object({ year: Year }), body: NoticeBody, response: { 200: LoadResult, ...PROBLEMS },
    },
  }, async (request) => load(request, request.params.year, NATIONAL_REGION));

  app.put('/api/v1/calendar/regions/:regionCode/years/:year', {
    schema: {
      tags: ['calendar'], summary: 'Load a region\'s own days off of a year, e.g. a typhoon closure (system administrator; audited)', security: BEARER,
      description: 'On top of the national calendar, for the region and the regions under it (a district\'s wins over its city\'s). The whole year\'s list each time; each change a new version.',
      params: Type.Object({ regionCode: RegionCode, year: Year }), body: NoticeBody, response: { 200: LoadResult, ...PROBLEMS },
    },
  }, async (request) => {
    if (request.params.regionCode === NATIONAL_REGION) throw new DomainError('CALENDAR_REGION_INVALID', '全国节假日安排请用 PUT /api/v1/calendar/years/{year}', { field: 'params.regionCode' });
    return load(request, request.params.year, request.params.regionCode);
  });
};
