/**
 * 工作日历 — the calculator applicants plan with (public: deadline, days) and the calendar the city
 * keeps as data: the known years, and the system administrator's loading of the State Council's notice
 * of a year or a region's own days off (a typhoon closure), each change a new version. Schema in, one
 * calendar use case (app/calendar) call, schema out.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MAX_NOTICE_ENTRIES, NOTICE_YEARS } from '../../domain/calendar/year-notice.ts';
import type { CalendarUseCases } from '../../app/calendar-use-cases.ts';
import { MAX_CALENDAR_RANGE_DAYS } from '../../app/calendar/list-calendar-days.ts';
import { actorOf } from '../request-context.ts';
import { auditActor } from '../audit/audit.hook.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS, PUBLIC } from './common.schemas.ts';

export interface CalendarRoutesOptions {
  useCases: CalendarUseCases;
}

const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' });
const RegionCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: '行政区划代码, e.g. 440400 珠海市, 440402 香洲区',
});
const Year = Type.Integer({ minimum: NOTICE_YEARS.min, maximum: NOTICE_YEARS.max });

const NoticeBody = Type.Object(
  {
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        "The notice's title and number, e.g. 国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕N号).",
    }),
    holidays: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 50, description: '元旦, 春节 … or 台风停工' }),
          from: LocalDate,
          to: LocalDate,
        },
        { additionalProperties: false },
      ),
      {
        maxItems: MAX_NOTICE_ENTRIES,
        description: 'Days off, both ends included, in date order, not overlapping, all inside the year.',
      },
    ),
    workingDays: Type.Array(LocalDate, {
      maxItems: MAX_NOTICE_ENTRIES,
      description: '调休上班: days worked although off by default. In a national notice each a Saturday or Sunday.',
    }),
  },
  { additionalProperties: false },
);

const Summary = Type.Object({
  regionCode: Type.String({
    description: "000000: the State Council's national notice; otherwise the region's own days off.",
  }),
  year: Type.Integer(),
  version: Type.Integer({
    description: '0: the bundled data (chinese-days), never loaded; each load that changes the notice adds one.',
  }),
  source: Type.String(),
  loadedBy: Type.Union([Type.String(), Type.Null()]),
  loadedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  workingDays: Type.Integer({ description: "Working days of the year on this region's calendar." }),
  weekdaysOff: Type.Integer({ description: 'Days off that fall Monday to Friday.' }),
  holidays: Type.Array(
    Type.Object({ name: Type.String(), from: Type.String(), to: Type.String(), days: Type.Integer() }),
  ),
  makeUpDays: Type.Array(Type.String()),
});
const LoadResult = Type.Intersect([
  Summary,
  Type.Object({
    changed: Type.Boolean({ description: 'False when the notice equals the current version: nothing was stored.' }),
  }),
]);
const KnownYear = Type.Object({
  regionCode: Type.String(),
  year: Type.Integer(),
  origin: Type.Union([Type.Literal('bundled'), Type.Literal('loaded')]),
  source: Type.String(),
  version: Type.Integer(),
  versions: Type.Integer({ description: 'Versions loaded so far (each kept).' }),
  loadedBy: Type.Union([Type.String(), Type.Null()]),
  loadedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const yearQuery = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'An earlier version (0: the bundled data).' }),
    ),
  },
  { additionalProperties: false },
);

/** The system administrator loading, as the audit log and the notice name them. */
const loaderOf = (request: FastifyRequest) => {
  const actor = actorOf(request);
  return { actor, audit: auditActor(request), loadedBy: actor.username };
};
const audited = <R extends { version: number; changed: boolean; source: string }>(
  request: FastifyRequest,
  regionCode: string,
  year: number,
  result: R,
): R => {
  request.auditInfo.target = `calendar:${regionCode}/${year}`;
  request.auditInfo.details = { version: result.version, changed: result.changed, source: result.source };
  return result;
};

export const calendarRoutes: FastifyPluginAsyncTypebox<CalendarRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/calendar/deadline',
    {
      config: { public: true },
      schema: {
        operationId: 'computeDeadline',
        tags: ['calendar'],
        summary: 'The deadline N working days after an instant',
        security: PUBLIC,
        description:
          "The start day is not counted; the deadline is the end of the N-th working day (Asia/Shanghai), on the region's calendar (default 珠海市). A year the calendar does not know answers CALENDAR_YEAR_UNKNOWN.",
        querystring: Type.Object(
          {
            start: Type.String({ format: 'date-time' }),
            workingDays: Type.Integer({ minimum: 0, maximum: 1000 }),
            regionCode: Type.Optional(RegionCode),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            start: Type.String({ format: 'date-time' }),
            workingDays: Type.Integer(),
            deadline: Type.String({ format: 'date-time' }),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request) => u.computeDeadline({ ...request.query, start: new Date(request.query.start) }),
  );

  app.get(
    '/api/v1/calendar/days',
    {
      config: { public: true },
      schema: {
        operationId: 'listCalendarDays',
        tags: ['calendar'],
        summary: 'Each day of a range with its working and holiday flags',
        security: PUBLIC,
        description: `At most ${MAX_CALENDAR_RANGE_DAYS} days (a longer range is refused, CALENDAR_RANGE_TOO_LONG). holiday: a weekday off (法定节假日, or the region's closure); makeUpWorkday: a weekend day worked (调休).`,
        querystring: Type.Object(
          { from: LocalDate, to: LocalDate, regionCode: Type.Optional(RegionCode) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            workingDays: Type.Integer(),
            days: Type.Array(
              Type.Object({
                date: Type.String(),
                weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO: 1 Monday … 7 Sunday' }),
                working: Type.Boolean(),
                weekend: Type.Boolean(),
                holiday: Type.Boolean(),
                makeUpWorkday: Type.Boolean(),
              }),
            ),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request) => u.listCalendarDays(request.query),
  );

  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        operationId: 'listCalendarYears',
        tags: ['calendar'],
        summary: 'The years the working-day calendar knows: bundled and loaded, national and regional',
        security: BEARER,
        description:
          'daysLeft: natural days until the last known year ends; from 60 days before, /health reports the calendar degraded and the system administrators get a weekly SMS.',
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: { 200: Page(KnownYear, { lastKnownYear: Type.Integer(), daysLeft: Type.Integer() }), ...PROBLEMS },
      },
    },
    async (request) => u.listCalendarYears(actorOf(request), pageOf(request.query)),
  );

  app.get(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        operationId: 'getCalendarYear',
        tags: ['calendar'],
        summary: 'A year of the national calendar: its notice and figures (any version)',
        security: BEARER,
        params: Type.Object({ year: Year }),
        querystring: yearQuery,
        response: { 200: Summary, ...PROBLEMS },
      },
    },
    async (request) => u.getCalendarYear(actorOf(request), '000000', request.params.year, request.query.version),
  );

  app.get(
    '/api/v1/calendar/regions/:regionCode/years/:year',
    {
      schema: {
        operationId: 'getRegionalCalendarYear',
        tags: ['calendar'],
        summary: "A region's own days off of a year (any version), with the year's figures on its calendar",
        security: BEARER,
        params: Type.Object({ regionCode: RegionCode, year: Year }),
        querystring: yearQuery,
        response: { 200: Summary, ...PROBLEMS },
      },
    },
    async (request) =>
      u.getCalendarYear(actorOf(request), request.params.regionCode, request.params.year, request.query.version),
  );

  app.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        operationId: 'loadNationalCalendarNotice',
        tags: ['calendar'],
        summary: "Load the State Council's holiday notice of a year (system administrator; audited)",
        security: BEARER,
        description:
          'The year must follow the last known year (or replace a known one). Re-sending a changed notice makes a new version; the old one stays readable (?version=). Every clock is evaluated on it from the next read; clocks waiting on the year get their deadlines and lights at once, and the warning ladder catches up at the next sweep.',
        params: Type.Object({ year: Year }),
        body: NoticeBody,
        response: { 200: LoadResult, ...PROBLEMS },
      },
    },
    async (request) =>
      audited(
        request,
        '000000',
        request.params.year,
        await u.loadCalendarNotice(loaderOf(request), request.body, request.params.year),
      ),
  );

  app.put(
    '/api/v1/calendar/regions/:regionCode/years/:year',
    {
      schema: {
        operationId: 'loadRegionalCalendarNotice',
        tags: ['calendar'],
        summary: "Load a region's own days off of a year, e.g. a typhoon closure (system administrator; audited)",
        security: BEARER,
        description:
          "On top of the national calendar, for the region and the regions under it (a district's wins over its city's). The whole year's list each time; each change a new version.",
        params: Type.Object({ regionCode: RegionCode, year: Year }),
        body: NoticeBody,
        response: { 200: LoadResult, ...PROBLEMS },
      },
    },
    async (request) =>
      audited(
        request,
        request.params.regionCode,
        request.params.year,
        await u.loadCalendarNotice(loaderOf(request), request.body, request.params.year, request.params.regionCode),
      ),
  );
};
