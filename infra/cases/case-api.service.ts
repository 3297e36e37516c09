/**
 * What the case routes do, behind the HTTP layer: scoped reads of projects, applications and item
 * cases from the transactional store (never a lagging copy), and the task actions — list, claim,
 * unclaim, complete — with the policy of domain/access checked against the case the task belongs to.
 * Every refusal is a DomainError thrown before anything is written or sent to the engine.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Database, type DbOrTx, type Tx } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { EnginePort, UserTask } from '../engine/port.ts';
import { getApplication, getItemCase, getProject, itemCasesOfApplication, listCaseEvents, type ApplicationRow, type ItemCaseRow } from '../db/case.repo.ts';
import { caseMaterial, itemCase, project, resultDocument, stageApplication } from '../db/schema.ts';
import type { caseEvent, specialProcedure } from '../db/schema.ts';
import { assertCan, can, type Action, type Resource } from '../../domain/access/policy.ts';
import { businessRole, CITY_REGION, type Actor } from '../../domain/access/roles.ts';
import { maskPhone } from '../../domain/access/masking.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import { clocksOfCases, reviveClockEvents } from '../db/legal-clock.repo.ts';
import type { ClockEvent } from '../../domain/clock/clock-event.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { specialClockId } from '../../domain/clock/clock-ids.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { completionVariables, isTaskElement, TASK_ACTIONS, type TaskCompletion } from '../../domain/case/task-completion.ts';
import { DomainError } from '../../domain/errors.ts';
import { WINDOW_GROUP } from '../../domain/process-contract.ts';

export interface CaseApiDeps {
  database: Database;
  engine: EnginePort;
  catalog: CatalogIndex;
  calendars: Calendars;
  clock: Clock;
  /** A1 秒办件 and other completion-time checks (electronic supervision); throws to refuse. */
  /** The A1 guard: throws a refusal, or answers what to record with the decision in its transaction. */
  beforeDecision?(input: { caseId: string; actor: Actor; at: Date; override?: { code: string; reason: string } }): Promise<{ commit(tx: Tx): Promise<void> }>;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function createCaseApi(deps: CaseApiDeps) {
  const db = deps.database.db;

  async function ownerOf(projectCode: string): Promise<string> {
    return (await getProject(db, projectCode))?.ownerUscc ?? '';
  }

  /** The policy resource of an item case: its department, district, owner and stage siblings. */
  async function caseResource(c: ItemCaseRow, app?: ApplicationRow | null): Promise<Resource & { kind: 'case' }> {
    // independent reads: one round trip instead of three
    const [application, siblings, ownerUscc] = await Promise.all([
      app !== undefined && app !== null ? app : getApplication(db, c.applicationId), itemCasesOfApplication(db, c.applicationId), ownerOf(c.projectCode),
    ]);
    return resourceOf(c, siblings, application?.leadDepartment ?? '', ownerUscc);
  }

  function resourceOf(c: ItemCaseRow, siblings: ItemCaseRow[], leadDepartmentCode: string, ownerUscc: string): Resource & { kind: 'case' } {
    return {
      kind: 'case', departmentCode: c.department, regionCode: c.regionCode, ownerUscc,
      stageDepartments: [...new Set(siblings.map((s) => s.department))], leadDepartmentCode,
    };
  }

  /**
   * Everything the case view reads, in one statement keyed by the case id alone: the case's stage
   * siblings (ordered by id, the case among them) with the application's lead department and the
   * project's owner and its events (by seq); the case's clocks, special procedures (by start) and results. One round trip and one statement instead of eight: at 500 req/s
   * the per-statement cost (driver, query building, backend) is what the case view spends its time on.
   * The JSON keys are the drizzle field names; timestamps come back as ISO strings and become Dates.
   */
  async function caseViewRows(caseId: string) {
    const result = await queryRows<Record<string, unknown>>(db, sql`
      with app as (select application_id from item_case where id = ${caseId})
      select
        (select coalesce(json_agg(json_build_object(
            'id', s.id, 'applicationId', s.application_id, 'projectCode', s.project_code, 'caseNumber', s.case_number, 'itemCode', s.item_code,
            'department', s.department, 'regionCode', s.region_code, 'stageNo', s.stage_no, 'catalogVersion', s.catalog_version, 'state', s.state,
            'decision', s.decision, 'acceptedAt', s.accepted_at, 'decidedAt', s.decided_at, 'lastSeq', s.last_seq, 'lastHash', s.last_hash,
            'lead', a.lead_department, 'owner', p.owner_uscc,
            -- a correlated subquery per sibling: an index scan on (aggregate_id, seq) whatever the statistics
            -- (PGlite never analyzes; an IN (…) over the stage planned a sequential scan of case_event there)
            'events', (select coalesce(json_agg(json_build_object(
              'aggregateId', e.aggregate_id, 'seq', e.seq, 'type', e.type, 'blzt', e.blzt, 'businessTime', e.business_time, 'recordedAt', e.recorded_at,
              'actorUserId', e.actor_user_id, 'actorRole', e.actor_role, 'actorDept', e.actor_dept, 'payload', e.payload) order by e.seq), '[]'::json)
              from case_event e where e.aggregate_id = s.id)) order by s.id), '[]'::json)
          from item_case s left join stage_application a on a.id = s.application_id left join project p on p.code = s.project_code
          where s.application_id = (select application_id from app)) as siblings,
        (select coalesce(json_agg(json_build_object('id', k.id, 'kind', k.kind, 'regionCode', k.region_code, 'events', k.events)), '[]'::json)
          from legal_clock k where k.case_id = ${caseId}) as clocks,
        (select coalesce(json_agg(json_build_object(
            'id', x.id, 'type', x.type, 'limit', x.limit_days, 'unit', x.unit, 'startedAt', x.started_at, 'deadline', x.deadline,
            'finishedAt', x.finished_at, 'result', x.result, 'note', x.note) order by x.started_at), '[]'::json)
          from special_procedure x where x.case_id = ${caseId}) as procedures,
        (select coalesce(json_agg(json_build_object(
            'id', r.id, 'kind', r.kind, 'title', r.title, 'docNumber', r.doc_number, 'certificateId', r.certificate_id, 'fileHash', r.file_hash,
            'status', r.status, 'issuedAt', r.issued_at)), '[]'::json)
          from result_document r where r.case_id = ${caseId}) as results`);
    const [raw] = result;
    const json = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : v ?? []) as T[];
    const date = (v: string | null): Date | null => (v === null ? null : new Date(v));
    type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };
    type EventJson = Dated<typeof caseEvent.$inferSelect, 'businessTime' | 'recordedAt'>;
    const siblings = json<Dated<ItemCaseRow, 'acceptedAt' | 'decidedAt'> & { lead: string | null; owner: string | null; events: EventJson[] }>(raw?.siblings)
      .map(({ lead, owner, events, ...c }) => ({ row: { ...c, acceptedAt: date(c.acceptedAt), decidedAt: date(c.decidedAt) } as ItemCaseRow, lead, owner, events }));
    const self = siblings.find((s) => s.row.id === caseId);
    return {
      found: self ? { row: self.row, siblings: siblings.map((s) => s.row), leadDepartmentCode: self.lead ?? '', ownerUscc: self.owner ?? '' } : null,
      clocks: json<{ id: string; kind: string; regionCode: string; events: unknown[] }>(raw?.clocks).map((k) => ({ id: k.id, kind: k.kind, regionCode: k.regionCode, events: reviveClockEvents(k.events) })),
      procedures: json<Dated<typeof specialProcedure.$inferSelect, 'startedAt' | 'deadline' | 'finishedAt'>>(raw?.procedures)
        .map((x) => ({ ...x, startedAt: date(x.startedAt)!, deadline: date(x.deadline), finishedAt: date(x.finishedAt) })),
      results: json<Dated<typeof resultDocument.$inferSelect, 'issuedAt'>>(raw?.results).map((r) => ({ ...r, issuedAt: date(r.issuedAt)! })),
      stageEvents: siblings.flatMap((s) => json<EventJson>(s.events)).map((e) => ({ ...e, businessTime: date(e.businessTime)!, recordedAt: date(e.recordedAt)! })),
    };
  }

  /** An application as a case resource: the window and the lead act on it as a whole. */
  async function applicationResource(a: ApplicationRow): Promise<Resource & { kind: 'case' }> {
    const cases = await itemCasesOfApplication(db, a.id);
    return {
      kind: 'case', departmentCode: a.leadDepartment, regionCode: a.regionCode, ownerUscc: await ownerOf(a.projectCode),
      stageDepartments: [...new Set(cases.map((c) => c.department))], leadDepartmentCode: a.leadDepartment,
    };
  }

  async function requireApplication(id: string): Promise<ApplicationRow> {
    const a = await getApplication(db, id);
    if (!a) throw new DomainError('APPLICATION_NOT_FOUND', `申报 ${id} 不存在`, { field: 'params.id' });
    return a;
  }

  /** A case the actor may not read answers as not found, so ids outside the scope reveal nothing. */
  async function readableCase(actor: Actor, caseId: string, field = 'params.caseId'): Promise<{ row: ItemCaseRow; resource: Resource & { kind: 'case' } }> {
    const row = await getItemCase(db, caseId);
    if (!row) throw new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field });
    const resource = await caseResource(row);
    if (!can(actor, 'case.read', resource) && !can(actor, 'case.opinion.read', resource)) throw new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field });
    return { row, resource };
  }

  function clockView(row: { id: string; kind: string; regionCode: string; events: ClockEvent[] }, now: Date) {
    const s = evaluateClock(deps.calendars.forRegion(row.regionCode), row.events, now);
    return {
      id: row.id, kind: s.kind, status: s.status, pauseReason: s.pauseReason, unit: s.unit, startedAt: s.startedAt.toISOString(),
      limitDays: s.limitDays, extensionDays: s.extensionDays, totalDays: s.totalDays, deadline: iso(s.deadline), elapsedDays: s.elapsedDays,
      remainingDays: s.remainingDays, resumesWithDays: s.resumesWithDays, pausedDays: s.pausedDays, overdue: s.overdue, light: s.light,
      calendarPendingYear: s.calendarPendingYear,
      paused: s.status === 'PAUSED', pausedAt: s.status === 'PAUSED' ? iso(row.events.at(-1)?.at) : null,
    };
  }

  /** A case_event row as listCaseEvents returns it (the fields the views read). */
  function recordedEvent(r: Pick<typeof caseEvent.$inferSelect, 'seq' | 'type' | 'blzt' | 'businessTime' | 'recordedAt' | 'actorUserId' | 'actorRole' | 'actorDept' | 'payload'>) {
    return {
      seq: r.seq, type: r.type as Awaited<ReturnType<typeof listCaseEvents>>[number]['type'], blzt: r.blzt, businessTime: r.businessTime, recordedAt: r.recordedAt,
      actor: { userId: r.actorUserId, role: r.actorRole, departmentCode: r.actorDept }, payload: r.payload,
    };
  }

  function timeline(events: Pick<Awaited<ReturnType<typeof listCaseEvents>>[number], 'seq' | 'type' | 'blzt' | 'businessTime' | 'recordedAt' | 'actor' | 'payload'>[]) {
    return events.map((e) => ({
      seq: e.seq, type: e.type, blzt: e.blzt, businessTime: e.businessTime.toISOString(), recordedAt: e.recordedAt.toISOString(),
      actor: { userId: e.actor.userId, role: e.actor.role, departmentCode: e.actor.departmentCode }, payload: e.payload,
    }));
  }

  function caseSummary(c: ItemCaseRow) {
    const item = deps.catalog.hasItem(c.itemCode) ? deps.catalog.item(c.itemCode) : null;
    return {
      caseId: c.id, caseNumber: c.caseNumber, itemCode: c.itemCode, itemName: item?.nameZh ?? c.itemCode, department: c.department,
      regionCode: c.regionCode, stage: c.stageNo, state: c.state, decision: c.decision, acceptedAt: iso(c.acceptedAt), decidedAt: iso(c.decidedAt),
      catalogVersion: c.catalogVersion,
    };
  }

  async function caseDetail(actor: Actor, caseId: string) {
    // every read in one statement (caseViewRows); nothing leaves before the scope check below
    const { found, clocks, procedures, results, stageEvents } = await caseViewRows(caseId);
    if (!found) throw new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field: 'params.caseId' });
    const { row, siblings } = found;
    const resource = resourceOf(row, siblings, found.leadDepartmentCode, found.ownerUscc);
    if (!can(actor, 'case.read', resource) && !can(actor, 'case.opinion.read', resource)) throw new DomainError('CASE_NOT_FOUND', `办件 ${caseId} 不存在`, { field: 'params.caseId' });
    const now = deps.clock.now();
    const full = can(actor, 'case.read', resource);
    const clockViews = full ? clocks.map((c) => clockView(c, now)) : [];
    const eventsOf = new Map<string, ReturnType<typeof recordedEvent>[]>();
    for (const r of stageEvents) {
      const list = eventsOf.get(r.aggregateId) ?? [];
      if (list.length === 0) eventsOf.set(r.aggregateId, list);
      list.push(recordedEvent(r));
    }
    const events = eventsOf.get(row.id) ?? [];
    const opinions = [];
    for (const s of siblings) {
      const sr = { ...resource, departmentCode: s.department };
      if (!can(actor, 'case.opinion.read', sr) && !(s.id === row.id && full)) continue;
      for (const e of eventsOf.get(s.id) ?? []) {
        if (e.type === 'OPINION_RECORDED') opinions.push({ caseId: s.id, department: s.department, opinion: String(e.payload.opinion ?? ''), at: e.recordedAt.toISOString(), by: e.actor.userId });
      }
    }
    return {
      ...caseSummary(row), applicationId: row.applicationId, projectCode: row.projectCode, access: full ? 'FULL' as const : 'OPINIONS_ONLY' as const,
      clocks: full ? clockViews : [],
      // a procedure's deadline is its special clock's, on today's calendar (the stored one may wait for a year)
      specialProcedures: full ? procedures.map((p) => ({
        id: p.id, type: p.type, limitDays: p.limit, unit: p.unit, startedAt: p.startedAt.toISOString(),
        deadline: clockViews.find((c) => c.id === specialClockId(p.id))?.deadline ?? iso(p.deadline), finishedAt: iso(p.finishedAt), result: p.result, note: p.note,
      })) : [],
      results: full ? results.map((r) => ({ id: r.id, kind: r.kind, title: r.title, docNumber: r.docNumber, certificateId: r.certificateId, fileHash: r.fileHash, status: r.status, issuedAt: r.issuedAt.toISOString() })) : [],
      opinions,
      timeline: full ? timeline(events) : [],
    };
  }

  async function applicationDetail(actor: Actor, id: string) {
    const a = await requireApplication(id);
    const resource = await applicationResource(a);
    const visible = (await itemCasesOfApplication(db, a.id)).filter((c) => can(actor, 'case.read', { ...resource, departmentCode: c.department }));
    if (!can(actor, 'case.read', resource) && visible.length === 0) throw new DomainError('APPLICATION_NOT_FOUND', `申报 ${id} 不存在`, { field: 'params.id' });
    const [materials, events] = await Promise.all([
      db.select().from(caseMaterial).where(eq(caseMaterial.applicationId, a.id)).orderBy(asc(caseMaterial.id)), listCaseEvents(db, a.id),
    ]);
    return {
      id: a.id, projectCode: a.projectCode, stage: a.stageNo, channel: a.channel, state: a.state, leadDepartment: a.leadDepartment,
      regionCode: a.regionCode, catalogVersion: a.catalogVersion, submittedAt: a.submittedAt.toISOString(), receivedAt: iso(a.receivedAt),
      contactPhone: maskPhone(a.contactPhone),
      cases: visible.map(caseSummary),
      materials: materials.map((m) => ({ materialId: m.materialId, source: m.source, ref: m.ref, sha256: m.sha256, fileName: m.fileName, size: m.size, at: m.createdAt.toISOString() })),
      timeline: timeline(events),
    };
  }

  /** 一张蓝图: the project across every stage — applications, cases, clocks, lights and results in scope. */
  async function projectDetail(actor: Actor, code: string) {
    const p = await getProject(db, code);
    const resource: Resource = { kind: 'project', regionCode: p?.regionCode ?? '', ownerUscc: p?.ownerUscc ?? '' };
    if (!p || !can(actor, 'project.read', resource)) throw new DomainError('PROJECT_NOT_FOUND', `项目 ${code} 不存在`, { field: 'params.projectCode' });
    const apps = await db.select().from(stageApplication).where(eq(stageApplication.projectCode, code)).orderBy(asc(stageApplication.submittedAt));
    const cases = apps.length ? await db.select().from(itemCase).where(inArray(itemCase.applicationId, apps.map((a) => a.id))).orderBy(asc(itemCase.id)) : [];
    const ids = cases.map((c) => c.id);
    const [clocks, results] = await Promise.all([clocksOfCases(db, ids), ids.length ? db.select().from(resultDocument).where(inArray(resultDocument.caseId, ids)) : []]);
    const now = deps.clock.now();
    const stages = [];
    for (const a of apps) {
      const appCases = cases.filter((c) => c.applicationId === a.id);
      const base = { kind: 'case' as const, regionCode: a.regionCode, ownerUscc: p.ownerUscc, stageDepartments: [...new Set(appCases.map((c) => c.department))], leadDepartmentCode: a.leadDepartment };
      stages.push({
        applicationId: a.id, stage: a.stageNo, stageName: deps.catalog.stage(a.stageNo).nameZh, state: a.state, submittedAt: a.submittedAt.toISOString(), receivedAt: iso(a.receivedAt),
        cases: appCases.filter((c) => can(actor, 'case.read', { ...base, departmentCode: c.department })).map((c) => ({
          ...caseSummary(c),
          clocks: clocks.filter((k) => k.caseId === c.id).map((k) => clockView(k, now)),
          results: results.filter((r) => r.caseId === c.id).map((r) => ({ kind: r.kind, title: r.title, docNumber: r.docNumber, certificateId: r.certificateId, status: r.status, issuedAt: r.issuedAt.toISOString() })),
        })),
      });
    }
    return {
      code: p.code, name: p.name, ownerName: p.ownerName, ownerUscc: p.ownerUscc, regionCode: p.regionCode, flowType: p.flowType,
      contactPhone: maskPhone(p.contactPhone), createdAt: p.createdAt.toISOString(), stages,
    };
  }

  // ── tasks ────────────────────────────────────────────────────────────────────────────────────

  const caseIdOf = (t: UserTask): string | null => {
    const v = t.variables;
    if (typeof v.caseId === 'string') return v.caseId;
    const ic = v.itemCase as { caseId?: unknown } | undefined;
    return typeof ic?.caseId === 'string' ? ic.caseId : null;
  };

  /** The task's case (or application), its resource and the action it needs. */
  async function taskContext(t: UserTask): Promise<{ action: Action; resource: Resource & { kind: 'case' }; caseRow: ItemCaseRow | null; application: ApplicationRow | null }> {
    if (!isTaskElement(t.elementId)) throw new DomainError('TASK_NOT_FOUND', `任务 ${t.key} 不是审批任务`, { field: 'params.id' });
    const caseId = caseIdOf(t);
    const caseRow = caseId ? await getItemCase(db, caseId) : null;
    const applicationId = typeof t.variables.applicationId === 'string' ? t.variables.applicationId : caseRow?.applicationId ?? null;
    const application = applicationId ? await getApplication(db, applicationId) : null;
    if (!application) throw new DomainError('TASK_NOT_FOUND', `任务 ${t.key} 的申报不存在`, { field: 'params.id' });
    const resource = caseRow && t.elementId !== 'Task_JointReview' ? await caseResource(caseRow, application) : await applicationResource(application);
    return { action: TASK_ACTIONS[t.elementId], resource, caseRow, application };
  }

  /**
   * taskContext for many tasks at once — four queries in all (cases, applications, their item cases,
   * project owners) instead of four per task, which a group list of a thousand open tasks cannot pay.
   * A task whose application is missing has no context (taskContext would refuse it).
   */
  async function taskContexts(tasks: UserTask[]): Promise<Map<string, { action: Action; resource: Resource & { kind: 'case' }; caseRow: ItemCaseRow | null; application: ApplicationRow | null }>> {
    const caseIds = [...new Set(tasks.map(caseIdOf).filter((id): id is string => id !== null))];
    const caseRows = new Map((caseIds.length ? await db.select().from(itemCase).where(inArray(itemCase.id, caseIds)) : []).map((c) => [c.id, c]));
    const applicationIdOf = (t: UserTask): string | null => {
      const caseId = caseIdOf(t);
      return typeof t.variables.applicationId === 'string' ? t.variables.applicationId : (caseId ? caseRows.get(caseId)?.applicationId : undefined) ?? null;
    };
    const applicationIds = [...new Set(tasks.map(applicationIdOf).filter((id): id is string => id !== null))];
    const applications = new Map((applicationIds.length ? await db.select().from(stageApplication).where(inArray(stageApplication.id, applicationIds)) : []).map((a) => [a.id, a]));
    // siblings are read by the case's application for a case resource, by the application for an application resource
    const stageIds = [...new Set([...caseRows.values()].map((c) => c.applicationId).concat([...applications.keys()]))];
    const stageCases = new Map<string, ItemCaseRow[]>();
    for (const c of stageIds.length ? await db.select().from(itemCase).where(inArray(itemCase.applicationId, stageIds)).orderBy(asc(itemCase.id)) : []) {
      const list = stageCases.get(c.applicationId) ?? [];
      if (list.length === 0) stageCases.set(c.applicationId, list);
      list.push(c);
    }
    const codes = [...new Set([...caseRows.values()].map((c) => c.projectCode).concat([...applications.values()].map((a) => a.projectCode)))];
    const owners = new Map((codes.length ? await db.select({ code: project.code, ownerUscc: project.ownerUscc }).from(project).where(inArray(project.code, codes)) : []).map((p) => [p.code, p.ownerUscc]));
    const contexts = new Map<string, { action: Action; resource: Resource & { kind: 'case' }; caseRow: ItemCaseRow | null; application: ApplicationRow | null }>();
    for (const t of tasks) {
      const caseId = caseIdOf(t);
      const caseRow = caseId ? caseRows.get(caseId) ?? null : null;
      const applicationId = applicationIdOf(t);
      const application = applicationId ? applications.get(applicationId) ?? null : null;
      if (!application) continue;
      const resource: Resource & { kind: 'case' } = caseRow && t.elementId !== 'Task_JointReview'
        ? resourceOf(caseRow, stageCases.get(caseRow.applicationId) ?? [], application.leadDepartment, owners.get(caseRow.projectCode) ?? '')
        : {
          kind: 'case', departmentCode: application.leadDepartment, regionCode: application.regionCode, ownerUscc: owners.get(application.projectCode) ?? '',
          stageDepartments: [...new Set((stageCases.get(application.id) ?? []).map((c) => c.department))], leadDepartmentCode: application.leadDepartment,
        };
      contexts.set(t.key, { action: TASK_ACTIONS[t.elementId as keyof typeof TASK_ACTIONS], resource, caseRow, application });
    }
    return contexts;
  }

  function taskView(t: UserTask, ctx: { caseRow: ItemCaseRow | null; application: ApplicationRow | null }) {
    return {
      id: t.key, elementId: t.elementId, name: t.name, state: t.state, assignee: t.assignee, candidateGroups: t.candidateGroups,
      dueDate: t.dueDate, createdAt: t.createdAt.toISOString(), applicationId: ctx.application?.id ?? null, projectCode: ctx.application?.projectCode ?? null,
      stage: ctx.application?.stageNo ?? null, caseId: ctx.caseRow?.id ?? null, itemCode: ctx.caseRow?.itemCode ?? null, department: ctx.caseRow?.department ?? ctx.application?.leadDepartment ?? null,
      regionCode: ctx.application?.regionCode ?? null,
    };
  }

  async function openTask(actor: Actor, id: string) {
    const t = await deps.engine.getUserTask(id).catch(() => null);
    if (!t || !isTaskElement(t.elementId)) throw new DomainError('TASK_NOT_FOUND', `任务 ${id} 不存在`, { field: 'params.id' });
    const ctx = await taskContext(t);
    if (!can(actor, ctx.action, ctx.resource)) {
      // a task outside the scope is reported as missing when the actor may not even read its case
      if (!can(actor, 'case.read', ctx.resource)) throw new DomainError('TASK_NOT_FOUND', `任务 ${id} 不存在`, { field: 'params.id' });
      assertCan(actor, ctx.action, ctx.resource);
    }
    if (t.state !== 'CREATED') throw new DomainError('TASK_ILLEGAL_TRANSITION', `任务 ${id} 已${t.state === 'COMPLETED' ? '完成' : '取消'}`, { field: 'params.id' });
    return { task: t, ...ctx };
  }

  const groupsOf = (actor: Actor): string[] => [actor.departmentCode, ...(actor.roles.includes('WINDOW') ? [WINDOW_GROUP] : [])];

  return {
    caseResource, applicationResource, requireApplication, readableCase,
    projectDetail, applicationDetail, caseDetail,

    async listTasks(actor: Actor, query: { scope: 'mine' | 'group'; limit: number; offset: number }) {
      const raw = query.scope === 'mine'
        ? await deps.engine.listUserTasks({ assignee: actor.userId, state: 'CREATED', limit: 1000 })
        : await deps.engine.listUserTasks({ candidateGroups: groupsOf(actor), state: 'CREATED', limit: 1000 });
      const tasks = raw.filter((t) => isTaskElement(t.elementId));
      const contexts = await taskContexts(tasks);
      const items = [];
      for (const t of tasks) {
        const ctx = contexts.get(t.key);
        if (!ctx || !can(actor, ctx.action, ctx.resource)) continue;
        items.push(taskView(t, ctx));
      }
      items.sort((a, b) => (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9') || a.createdAt.localeCompare(b.createdAt));
      return { items: items.slice(query.offset, query.offset + query.limit), total: items.length };
    },

    async getTask(actor: Actor, id: string) {
      const { task, caseRow, application } = await openTask(actor, id);
      return taskView(task, { caseRow, application });
    },

    async claim(actor: Actor, id: string) {
      const { task, caseRow, application } = await openTask(actor, id);
      if (task.assignee && task.assignee !== actor.userId) throw new DomainError('TASK_CLAIM_CONFLICT', `任务已由 ${task.assignee} 认领`, { field: 'params.id' });
      if (task.assignee !== actor.userId) await deps.engine.claimUserTask(id, actor.userId);
      return taskView({ ...task, assignee: actor.userId }, { caseRow, application });
    },

    async unclaim(actor: Actor, id: string) {
      const { task, caseRow, application } = await openTask(actor, id);
      if (task.assignee !== actor.userId) throw new DomainError('TASK_CLAIM_CONFLICT', task.assignee ? `任务由 ${task.assignee} 认领` : '任务未被认领', { field: 'params.id' });
      await deps.engine.unclaimUserTask(id);
      return taskView({ ...task, assignee: null }, { caseRow, application });
    },

    async complete(actor: Actor, id: string, input: TaskCompletion & { override?: { code: string; reason: string } }) {
      const { task, caseRow, application } = await openTask(actor, id);
      if (task.assignee && task.assignee !== actor.userId) throw new DomainError('TASK_CLAIM_CONFLICT', `任务已由 ${task.assignee} 认领`, { field: 'params.id' });
      const { override, ...completion } = input;
      const variables = completionVariables(task.elementId as keyof typeof TASK_ACTIONS, completion, {
        catalog: deps.catalog, itemCode: caseRow?.itemCode ?? null, completedBy: { userId: actor.userId, role: businessRole(actor), departmentCode: actor.departmentCode },
      });
      const guard = task.elementId === 'Task_Decide' && caseRow && deps.beforeDecision
        ? await deps.beforeDecision({ caseId: caseRow.id, actor, at: deps.clock.now(), ...(override ? { override } : {}) })
        : null;
      // claimed, completed and the guard's record written together: a failure leaves the task as it was
      await deps.engine.inTransaction(async (tx, engine) => {
        await guard?.commit(tx);
        await engine.completeUserTask({ userTaskKey: id, variables, assignee: actor.userId });
      });
      return { ...taskView({ ...task, assignee: actor.userId, state: 'COMPLETED' }, { caseRow, application }), variables };
    },

    /** The open task of an element for a case (or an application), for the case-level shortcuts. */
    async openTaskOf(target: { caseId?: string; applicationId?: string; processInstanceKey?: string | null }, elementId: string): Promise<UserTask> {
      // a case's tasks may live in a called process (the special procedure): only application-level lookups narrow by instance
      const narrow = !target.caseId && target.processInstanceKey ? { processInstanceKey: target.processInstanceKey } : {};
      const tasks = await deps.engine.listUserTasks({ elementId, state: 'CREATED', ...narrow, limit: 1000 });
      const found = tasks.find((t) => (target.caseId ? caseIdOf(t) === target.caseId : t.variables.applicationId === target.applicationId));
      if (!found) {
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `当前没有待办的${ELEMENT_NAMES[elementId] ?? elementId}`, { field: target.caseId ? 'params.caseId' : 'params.id' });
      }
      return found;
    },

    /** Items a district-bound actor may see: city-wide roles see every region. */
    regionFilter(actor: Actor): string | null {
      return actor.regionCode === CITY_REGION ? null : actor.regionCode;
    },
  };
}

const ELEMENT_NAMES: Record<string, string> = {
  Task_InitialCheck: '初步核对', Task_Review: '部门审查', Task_RunProcedure: '特别程序', Task_JointReview: '会审', Task_DecideExtension: '延期决定', Task_Decide: '审批决定',
};

export type CaseApi = ReturnType<typeof createCaseApi>;

/** Re-exported for routes that only need a lookup. */
export async function applicationOfCase(db: DbOrTx, caseId: string): Promise<ApplicationRow | null> {
  const c = await getItemCase(db, caseId);
  return c ? getApplication(db, c.applicationId) : null;
}
