/**
 * 电子监察 (办法 §20–21) — time-limit supervision, anomaly flags, the A1 override codes and the rules'
 * parameters: schema in, one supervision use case (app/supervision) call, schema out. Supervisors see
 * their region (the city all districts, a district its own); departments see and answer the flags on
 * their own cases.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { SupervisionUseCases } from '../../app/supervision-use-cases.ts';
import { FLAG_STATUSES } from '../../domain/supervision/flag-status.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS, sortOf } from './common.schemas.ts';

export interface SupervisionRoutesOptions {
  useCases: SupervisionUseCases;
}

const Counts = {
  open: Type.Integer(),
  green: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  paused: Type.Integer(),
  calendarPending: Type.Integer({
    description:
      'Clocks whose deadline waits on a year the working-day calendar lacks (load it: PUT /api/v1/calendar/years/{year}); their light is what the known years prove.',
  }),
};
const GroupRow = Type.Object({ key: Type.String(), ...Counts });
const TimeLimitCase = Type.Object({
  caseId: Type.String(),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  itemCode: Type.String(),
  itemName: Type.String(),
  department: Type.String(),
  regionCode: Type.String(),
  stage: Type.Integer(),
  channel: Type.String(),
  receivedBy: Type.Union([Type.String(), Type.Null()]),
  clock: Type.String(),
  status: Type.String(),
  elapsedDays: Type.Number(),
  remainingDays: Type.Union([Type.Number(), Type.Null()]),
  deadline: Type.Union([Type.String(), Type.Null()]),
  calendarPendingYear: Type.Union([Type.Integer(), Type.Null()]),
  light: Type.String(),
  overdue: Type.Boolean(),
  nearingDeadline: Type.Boolean(),
});
const FlagView = Type.Object({
  id: Type.Integer(),
  rule: Type.String(),
  ruleVersion: Type.Integer(),
  caseId: Type.String(),
  itemCode: Type.String(),
  department: Type.String(),
  regionCode: Type.String(),
  severity: Type.String(),
  message: Type.String(),
  params: Type.Unknown(),
  evidenceSeqs: Type.Array(Type.Integer()),
  source: Type.String(),
  detectedAt: Type.String(),
  status: Type.String(),
  statusAt: Type.String(),
  history: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      by: Type.String(),
      role: Type.String(),
      note: Type.String(),
      at: Type.String(),
    }),
  ),
});
const RuleView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  version: Type.Integer(),
  basis: Type.Array(Type.String()),
  defaults: Type.Record(Type.String(), Type.Number()),
  city: Type.Record(Type.String(), Type.Number(), {
    description: 'In force city-wide: the defaults with the city overrides.',
  }),
  items: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), {
    description: 'Per-item overrides, by item code.',
  }),
});
const ChangeView = Type.Object({
  id: Type.Integer(),
  rule: Type.String(),
  scope: Type.String(),
  params: Type.Record(Type.String(), Type.Number()),
  setBy: Type.String(),
  reason: Type.String(),
  setAt: Type.String(),
});
const RuleCode = Type.String({ pattern: '^[AP][0-9]{1,2}$' });

export const supervisionRoutes: FastifyPluginAsyncTypebox<SupervisionRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/supervision/time-limits',
    {
      schema: {
        operationId: 'listTimeLimits',
        tags: ['supervision'],
        summary: '时限监察: open cases with elapsed and remaining working days and their lights, grouped',
        security: BEARER,
        querystring: Type.Object(
          {
            groupBy: Type.Optional(
              Type.Union(
                [
                  Type.Literal('department'),
                  Type.Literal('district'),
                  Type.Literal('stage'),
                  Type.Literal('window'),
                  Type.Literal('channel'),
                ],
                {
                  description:
                    'window: the account that issued the formal receipt (收件窗口); channel: online (网上申报) or window',
                },
              ),
            ),
            light: Type.Optional(Type.Union([Type.Literal('GREEN'), Type.Literal('YELLOW'), Type.Literal('RED')])),
            sort: sortOf(
              ['remainingDays', '-remainingDays'],
              'Days left (or, while a year is missing, the least the known years prove).',
            ),
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Page(TimeLimitCase, {
            asOf: Type.String(),
            regionCode: Type.String(),
            counts: Type.Object(Counts, { description: 'Every open case of the region, whatever the page.' }),
            groups: Type.Array(GroupRow),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request) => {
      const q = request.query;
      return u.listTimeLimits(actorOf(request), {
        groupBy: q.groupBy ?? 'department',
        ...(q.light ? { light: q.light } : {}),
        sort: q.sort ?? 'remainingDays',
        ...pageOf(q),
      });
    },
  );

  app.get(
    '/api/v1/supervision/anomalies',
    {
      schema: {
        operationId: 'listAnomalies',
        tags: ['supervision'],
        summary: '异常监察: flags in scope (supervisors: their region; departments: their own cases)',
        security: BEARER,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union(FLAG_STATUSES.map((s) => Type.Literal(s)))),
            rule: Type.Optional(RuleCode),
            caseId: Type.Optional(Type.String({ maxLength: 40 })),
            sort: sortOf(['-detectedAt', 'detectedAt']),
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(FlagView), ...PROBLEMS },
      },
    },
    async (request) => {
      const { sort, limit, offset, ...filter } = request.query;
      return u.listAnomalies(actorOf(request), {
        ...filter,
        sort: sort ?? '-detectedAt',
        ...pageOf({ limit, offset }),
      });
    },
  );

  app.post(
    '/api/v1/supervision/anomalies/:id/transition',
    {
      schema: {
        operationId: 'transitionAnomaly',
        tags: ['supervision'],
        summary: 'Explain (department) or confirm / dismiss (supervisor) a flag; the history is kept',
        security: BEARER,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            to: Type.Union([Type.Literal('EXPLAINED'), Type.Literal('CONFIRMED'), Type.Literal('DISMISSED')]),
            note: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: FlagView, ...PROBLEMS },
      },
    },
    async (request) => {
      request.auditInfo.target = `anomaly:${request.params.id}`;
      return u.transitionAnomaly(actorOf(request), request.params.id, request.body);
    },
  );

  app.post(
    '/api/v1/supervision/cases/:caseId/override-codes',
    {
      schema: {
        operationId: 'issueOverrideCode',
        tags: ['supervision'],
        summary: 'Issue a one-time override code for a decision the A1 rule would refuse (shown once)',
        security: BEARER,
        params: Type.Object({ caseId: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ code: Type.String(), expiresAt: Type.String() }), ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const issued = await u.issueOverrideCode(actorOf(request), request.params.caseId, request.body.reason);
      request.auditInfo.target = `case:${request.params.caseId}`;
      request.auditInfo.details = { reason: request.body.reason, expiresAt: issued.expiresAt };
      return reply.status(201).send(issued);
    },
  );

  app.get(
    '/api/v1/supervision/rules',
    {
      schema: {
        operationId: 'getSupervisionRules',
        tags: ['supervision'],
        security: BEARER,
        summary:
          '监察规则: every rule with its version, defaults and the parameters in force (city-wide and per item); the changes: GET /api/v1/supervision/rules/changes',
        response: { 200: Type.Object({ parameterVersion: Type.Integer(), rules: Type.Array(RuleView) }), ...PROBLEMS },
      },
    },
    async (request) => u.getSupervisionRules(actorOf(request)),
  );

  app.get(
    '/api/v1/supervision/rules/changes',
    {
      schema: {
        operationId: 'listParameterChanges',
        tags: ['supervision'],
        summary: "Every change of the rules' parameters, newest first (who, why, when)",
        security: BEARER,
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: { 200: Page(ChangeView), ...PROBLEMS },
      },
    },
    async (request) => u.listParameterChanges(actorOf(request), pageOf(request.query)),
  );

  app.post(
    '/api/v1/supervision/rules/:code/parameters',
    {
      schema: {
        operationId: 'setRuleParameters',
        tags: ['supervision'],
        summary:
          'Set parameters of a rule, city-wide or for one item (city supervisors; kept as a new version, never overwritten)',
        security: BEARER,
        params: Type.Object({ code: RuleCode }),
        body: Type.Object(
          {
            itemCode: Type.Optional(Type.String({ maxLength: 40, description: 'Absent: city-wide.' })),
            params: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown()),
            reason: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ChangeView, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const change = await u.setRuleParameters(actorOf(request), request.params.code, request.body);
      request.auditInfo.target = `rule:${change.rule}`;
      request.auditInfo.details = { scope: change.scope, params: change.params, reason: request.body.reason };
      return reply.status(201).send(change);
    },
  );
};
