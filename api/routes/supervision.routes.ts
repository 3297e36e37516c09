/**
 * 电子监察 (办法 §20–21) — time-limit supervision, anomaly flags and the A1 override codes.
 * Supervisors see their region (the city all districts, a district its own); departments see and
 * answer the flags on their own cases. Reads come from the transactional store.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../infra/db/client.ts';
import type { Clock } from '../../infra/clock.ts';
import { getItemCase } from '../../infra/db/case.repo.ts';
import { openCaseClocks } from '../../infra/supervision/time-limits.repo.ts';
import { getFlag, listFlags, transitionFlag, transitionsOf } from '../../infra/supervision/flag.repo.ts';
import { issueOverrideCode } from '../../infra/supervision/completion-guard.ts';
import { CITY_SCOPE, currentOverrides, parameterHistory, setParameters, type ParameterChange } from '../../infra/supervision/rule-parameter.repo.ts';
import { SUPERVISION_RULES } from '../../domain/supervision/supervision-rules.ts';
import { checkRuleParams, paramsFor } from '../../domain/supervision/anomaly-rule.ts';
import { sendProblem } from '../error-handler.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { FLAG_STATUSES, type FlagActor } from '../../domain/supervision/flag-status.ts';
import { countLights } from '../../domain/supervision/time-limits.ts';
import { assertListScope, can, hasAction, type Resource } from '../../domain/access/policy.ts';
import { CITY_REGION } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';

export interface SupervisionRoutesOptions { database: Database; clock: Clock; calendars: Calendars; catalog: CatalogIndex }

const flagResource = (flag: { department: string; regionCode: string }): Resource => ({ kind: 'case', departmentCode: flag.department, regionCode: flag.regionCode, ownerUscc: '' });

const Counts = {
  open: Type.Integer(), green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), paused: Type.Integer(),
  calendarPending: Type.Integer({ description: 'Clocks whose deadline waits on a year the working-day calendar lacks (load it: PUT /api/v1/calendar/years/{year}); their light is what the known years prove.' }),
};
const GroupRow = Type.Object({ key: Type.String(), ...Counts });
const FlagView = Type.Object({
  id: Type.Integer(), rule: Type.String(), ruleVersion: Type.Integer(), caseId: Type.String(), itemCode: Type.String(), department: Type.String(), regionCode: Type.String(),
  severity: Type.String(), message: Type.String(), params: Type.Unknown(), evidenceSeqs: Type.Array(Type.Integer()), source: Type.String(), detectedAt: Type.String(),
  status: Type.String(), statusAt: Type.String(),
  history: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), by: Type.String(), role: Type.String(), note: Type.String(), at: Type.String() })),
});

export const supervisionRoutes: FastifyPluginAsyncTypebox<SupervisionRoutesOptions> = async (app, { database, clock, calendars, catalog }) => {
  const db = database.db;

  app.get('/api/v1/supervision/time-limits', {
    schema: {
      tags: ['supervision'], summary: '时限监察: open cases with elapsed and remaining working days and their lights, grouped', security: BEARER,
      querystring: Type.Object({
        groupBy: Type.Optional(Type.Union([Type.Literal('department'), Type.Literal('district'), Type.Literal('stage'), Type.Literal('window'), Type.Literal('channel')], {
          description: 'window: the account that issued the formal receipt (收件窗口); channel: online (网上申报) or window',
        })),
        light: Type.Optional(Type.Union([Type.Literal('GREEN'), Type.Literal('YELLOW'), Type.Literal('RED')])),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          asOf: Type.String(), regionCode: Type.String(), counts: Type.Object(Counts),
          groups: Type.Array(GroupRow),
          cases: Type.Array(Type.Object({
            caseId: Type.String(), caseNumber: Type.Union([Type.String(), Type.Null()]), itemCode: Type.String(), itemName: Type.String(), department: Type.String(), regionCode: Type.String(),
            stage: Type.Integer(), channel: Type.String(), receivedBy: Type.Union([Type.String(), Type.Null()]), clock: Type.String(), status: Type.String(), elapsedDays: Type.Number(), remainingDays: Type.Union([Type.Number(), Type.Null()]), deadline: Type.Union([Type.String(), Type.Null()]),
            calendarPendingYear: Type.Union([Type.Integer(), Type.Null()]),
            light: Type.String(), overdue: Type.Boolean(), nearingDeadline: Type.Boolean(),
          })),
        }),
        ...PROBLEMS,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const region = assertListScope(actor, 'supervision.read', '仅限工改办监察人员').regionCode;
    const now = clock.now();
    const rows = await openCaseClocks(db, region);
    const cases = rows.map(({ clock: k, itemCase: c, channel, receivedBy }) => {
      const s = evaluateClock(calendars.forRegion(k.regionCode), k.events, now);
      return {
        caseId: c.id, caseNumber: c.caseNumber, itemCode: c.itemCode, itemName: catalog.hasItem(c.itemCode) ? catalog.item(c.itemCode).nameZh : c.itemCode,
        department: c.department, regionCode: c.regionCode, stage: c.stageNo, channel, receivedBy, clock: k.kind, status: s.status, elapsedDays: s.elapsedDays, remainingDays: s.remainingDays,
        deadline: s.deadline?.toISOString() ?? null, light: s.light, overdue: s.overdue, nearingDeadline: !s.overdue && s.remainingDays !== null && s.remainingDays <= 1,
        calendarPendingYear: s.calendarPendingYear, left: s.remainingDays ?? s.totalDays - s.elapsedDays,
      };
    });
    const { counts, groups } = countLights(cases, request.query.groupBy ?? 'department');
    const shown = cases.filter((c) => !request.query.light || c.light === request.query.light)
      .sort((a, b) => a.left - b.left).slice(0, request.query.limit ?? 200).map(({ left: _left, ...c }) => c);
    return { asOf: now.toISOString(), regionCode: region ?? CITY_REGION, counts, groups, cases: shown };
  });

  const flagView = async (ids: number[], rows: Awaited<ReturnType<typeof listFlags>>) => {
    const history = ids.length ? await transitionsOf(db, ids) : [];
    return rows.map((f) => ({
      id: f.id, rule: f.rule, ruleVersion: f.ruleVersion, caseId: f.caseId, itemCode: f.itemCode, department: f.department, regionCode: f.regionCode, severity: f.severity,
      message: f.message, params: f.params, evidenceSeqs: f.evidenceSeqs, source: f.source, detectedAt: f.detectedAt.toISOString(), status: f.status, statusAt: f.statusAt.toISOString(),
      history: history.filter((h) => h.flagId === f.id).map((h) => ({ from: h.fromStatus, to: h.toStatus, by: h.actorUserId, role: h.actorRole, note: h.note, at: h.at.toISOString() })),
    }));
  };

  app.get('/api/v1/supervision/anomalies', {
    schema: {
      tags: ['supervision'], summary: '异常监察: flags in scope (supervisors: their region; departments: their own cases)', security: BEARER,
      querystring: Type.Object({
        status: Type.Optional(Type.Union(FLAG_STATUSES.map((s) => Type.Literal(s)))), rule: Type.Optional(Type.String({ pattern: '^[AP][0-9]{1,2}$' })),
        caseId: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(FlagView) }), ...PROBLEMS },
    },
  }, async (request) => {
    const scope = assertListScope(actorOf(request), 'anomaly.read', '无权查看异常');
    const q = request.query;
    const rows = await listFlags(db, {
      regionCode: scope.regionCode, department: scope.departmentCode,
      ...(q.status ? { status: q.status } : {}), ...(q.rule ? { rule: q.rule } : {}), ...(q.caseId ? { caseId: q.caseId } : {}), limit: q.limit ?? 100,
    });
    return { items: await flagView(rows.map((r) => r.id), rows) };
  });

  app.post('/api/v1/supervision/anomalies/:id/transition', {
    schema: {
      tags: ['supervision'], summary: 'Explain (department) or confirm / dismiss (supervisor) a flag; the history is kept', security: BEARER,
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      body: Type.Object({ to: Type.Union([Type.Literal('EXPLAINED'), Type.Literal('CONFIRMED'), Type.Literal('DISMISSED')]), note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: FlagView, ...PROBLEMS },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const flag = await getFlag(db, request.params.id);
    // a flag outside what the actor may read does not exist for them
    if (!flag || !can(actor, 'anomaly.read', flagResource(flag))) throw new DomainError('FLAG_NOT_FOUND', `异常 ${request.params.id} 不存在`, { field: 'params.id' });
    const by: FlagActor = request.body.to === 'EXPLAINED' ? 'DEPARTMENT' : 'SUPERVISOR';
    if (!can(actor, by === 'DEPARTMENT' ? 'anomaly.explain' : 'supervision.act', flagResource(flag))) {
      throw new DomainError('FORBIDDEN', by === 'SUPERVISOR' ? '确认或撤销异常须由监察人员办理' : '说明异常须由办理部门提交', { field: 'body.to' });
    }
    const updated = await transitionFlag(database, { id: flag.id, to: request.body.to, by, actor: { userId: actor.userId, role: by }, note: request.body.note, at: clock.now() });
    request.auditInfo.target = `anomaly:${flag.id}`;
    return (await flagView([updated.id], [updated]))[0]!;
  });

  app.post('/api/v1/supervision/cases/:caseId/override-codes', {
    schema: {
      tags: ['supervision'], summary: 'Issue a one-time override code for a decision the A1 rule would refuse (shown once)', security: BEARER,
      params: Type.Object({ caseId: Type.String({ maxLength: 40 }) }),
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ code: Type.String(), expiresAt: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (!hasAction(actor, 'supervision.act')) throw new DomainError('FORBIDDEN', '仅限工改办监察人员', { field: 'authorization' });
    const c = await getItemCase(db, request.params.caseId);
    if (!c || !can(actor, 'supervision.act', { kind: 'case', departmentCode: c.department, regionCode: c.regionCode, ownerUscc: '' })) throw new DomainError('CASE_NOT_FOUND', `办件 ${request.params.caseId} 不存在`, { field: 'params.caseId' });
    const issued = await issueOverrideCode(database, { caseId: request.params.caseId, supervisorId: actor.userId, reason: request.body.reason, now: clock.now() });
    request.auditInfo.target = `case:${request.params.caseId}`;
    request.auditInfo.details = { reason: request.body.reason, expiresAt: issued.expiresAt.toISOString() };
    return reply.status(201).send({ code: issued.code, expiresAt: issued.expiresAt.toISOString() });
  });

  const RuleView = Type.Object({
    code: Type.String(), nameZh: Type.String(), version: Type.Integer(), basis: Type.Array(Type.String()), defaults: Type.Record(Type.String(), Type.Number()),
    city: Type.Record(Type.String(), Type.Number(), { description: 'In force city-wide: the defaults with the city overrides.' }),
    items: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), { description: 'Per-item overrides, by item code.' }),
  });
  const ChangeView = Type.Object({ id: Type.Integer(), rule: Type.String(), scope: Type.String(), params: Type.Record(Type.String(), Type.Number()), setBy: Type.String(), reason: Type.String(), setAt: Type.String() });
  const changeView = (c: ParameterChange) => ({ ...c, setAt: c.setAt.toISOString() });

  app.get('/api/v1/supervision/rules', {
    schema: {
      tags: ['supervision'], summary: '监察规则: every rule with its version, defaults and the parameters in force (city-wide and per item), and the change history', security: BEARER,
      response: { 200: Type.Object({ parameterVersion: Type.Integer(), rules: Type.Array(RuleView), history: Type.Array(ChangeView) }), ...PROBLEMS },
    },
  }, async (request) => {
    assertListScope(actorOf(request), 'supervision.read', '仅限工改办监察人员');
    const [{ overrides, version }, history] = await Promise.all([currentOverrides(db), parameterHistory(db)]);
    const rules = SUPERVISION_RULES.map((r) => ({
      code: r.code, nameZh: r.nameZh, version: r.version, basis: [...r.basis], defaults: r.defaults, city: paramsFor(r, CITY_SCOPE, { city: overrides.city ?? {} }),
      items: Object.fromEntries(Object.entries(overrides.items ?? {}).filter(([, byRule]) => byRule[r.code]).map(([item, byRule]) => [item, byRule[r.code]!])),
    }));
    return { parameterVersion: version, rules, history: history.slice(0, 200).map(changeView) };
  });

  app.post('/api/v1/supervision/rules/:code/parameters', {
    schema: {
      tags: ['supervision'], summary: 'Set parameters of a rule, city-wide or for one item (city supervisors; kept as a new version, never overwritten)', security: BEARER,
      params: Type.Object({ code: Type.String({ pattern: '^[AP][0-9]{1,2}$' }) }),
      body: Type.Object({
        itemCode: Type.Optional(Type.String({ maxLength: 40, description: 'Absent: city-wide.' })),
        params: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown()),
        reason: Type.String({ minLength: 1, maxLength: 1000 }),
      }, { additionalProperties: false }),
      response: { 201: ChangeView, ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (!can(actor, 'supervision.configure', { kind: 'region', regionCode: CITY_REGION })) throw new DomainError('FORBIDDEN', '监察规则参数由市工改办设置', { field: 'authorization' });
    const rule = SUPERVISION_RULES.find((r) => r.code === request.params.code);
    if (!rule) throw new DomainError('RULE_NOT_FOUND', `没有监察规则 ${request.params.code}`, { field: 'params.code' });
    const { itemCode, params, reason } = request.body;
    if (itemCode !== undefined && !catalog.hasItem(itemCode)) throw new DomainError('RULE_ITEM_UNKNOWN', `审批事项 ${itemCode} 不在目录中`, { field: 'body.itemCode' });
    const problems = checkRuleParams(rule, params);
    if (problems.length) {
      return sendProblem(reply, request, { status: 400, title: problems[0]!.message, code: 'VALIDATION_FAILED', field: problems[0]!.field, errors: problems });
    }
    const change = await setParameters(db, { rule: rule.code, scope: itemCode ?? CITY_SCOPE, params: params as Record<string, number>, setBy: actor.userId, reason, setAt: clock.now() });
    request.auditInfo.target = `rule:${rule.code}`;
    request.auditInfo.details = { scope: change.scope, params: change.params, reason };
    return reply.status(201).send(changeView(change));
  });
};
