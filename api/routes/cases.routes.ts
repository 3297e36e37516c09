/**
 * 项目、申报、办件与待办 — the case routes. Reads come from the transactional store; every action checks
 * domain/access/policy.ts against the case it touches and is refused (problem+json, nothing written)
 * before the engine or the event log sees it. The case-level shortcuts (special procedures, supplement
 * requests, extensions) complete the open user task of the case's diagram, so the diagram stays the
 * one place the flow is defined.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Database } from '../../infra/db/client.ts';
import type { Clock } from '../../infra/clock.ts';
import type { ApplicationService } from '../../infra/cases/application.service.ts';
import type { CaseApi } from '../../infra/cases/case-api.service.ts';
import { getApplication, getProject, getSpecialProcedure } from '../../infra/db/case.repo.ts';
import { assertCan, can } from '../../domain/access/policy.ts';
import { businessRole, type Actor } from '../../domain/access/roles.ts';
import type { Actor as EventActor } from '../../domain/case/case-event.ts';
import { isTaskElement, TASK_ACTIONS } from '../../domain/case/task-completion.ts';
import { verifyProjectCode } from '../../domain/project/project-code.ts';
import type { ProjectCodeVerifier } from '../../domain/project/project-code-verifier.ts';
import { FLOW_TYPES } from '../../domain/catalog/catalog.types.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../request-context.ts';
import { INT4 } from '../edge/request-schemas.ts';
import { BEARER, PHONE_PATTERN, PROBLEMS } from './common.schemas.ts';

export interface CaseRoutesOptions {
  database: Database;
  clock: Clock;
  applications: ApplicationService;
  cases: CaseApi;
  projectCodes: ProjectCodeVerifier;
}

const ProjectCode = Type.String({ pattern: '^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$', description: '统一项目代码 yyyy-rrrrrr-ii-tt-nnnnnn' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const MaterialId = Type.String({ pattern: '^[A-Z][A-Z0-9_-]{1,31}$' });
const Material = Type.Object({
  materialId: MaterialId,
  source: Type.Union([Type.Literal('upload'), Type.Literal('reuse')], { description: 'upload: a file handed in now; reuse: a held e-certificate or an earlier stage\'s material (ref).' }),
  ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  contentBase64: Type.Optional(Type.String({ maxLength: 7_000_000, description: 'The file (PDF, OFD, JPEG or PNG, ≤ 5 MiB); its SHA-256 is recorded.' })),
  sha256: Type.Optional(Sha256),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 * 1024 * 1024 })),
}, { additionalProperties: false });
type MaterialBody = Static<typeof Material>;
const Json = Type.Unknown();
const CaseSummary = Type.Object({
  caseId: Type.String(), caseNumber: Type.Union([Type.String(), Type.Null()]), itemCode: Type.String(), itemName: Type.String(), department: Type.String(),
  regionCode: Type.String(), stage: Type.Integer(), state: Type.String(), decision: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]), decidedAt: Type.Union([Type.String(), Type.Null()]), catalogVersion: Type.Union([Type.String(), Type.Null()]),
});
/** 法定时限 — a clock as read now (domain/clock/legal-clock.ts); every field documented for the people who read it. */
const ClockView = Type.Object({
  id: Type.String({ description: '`<caseId>:ADMIN` for the item\'s clock, `<procedureId>:SPECIAL` for a special procedure\'s.' }),
  kind: Type.String({ description: 'ADMIN: 行政审批环节, working days; SPECIAL: 特别程序, its own limit in WD or ND; IMMEDIATE: 即办事项, due at the end of the receipt working day.' }),
  status: Type.String({ description: 'RUNNING, PAUSED (补正/特别程序/整改: no day is used while paused) or STOPPED (办结, 撤件, or the procedure ended).' }),
  pauseReason: Type.Union([Type.String(), Type.Null()], { description: 'While PAUSED: SUPPLEMENT (受理后补件), SPECIAL_PROCEDURE, RECTIFICATION (整改) or RETURNED (退件).' }),
  unit: Type.String({ description: 'WD: working days on the China calendar (holidays and 调休 make-up days, the region\'s own closures); ND: natural days.' }),
  startedAt: Type.String({ description: 'The formal receipt (正式收件, 办法 §11) or the start of the procedure. That day is not counted (民法典 §201).' }),
  limitDays: Type.Number({ description: 'The promised limit (承诺时限) in `unit`.' }),
  extensionDays: Type.Number({ description: 'Days added by extensions (延期, decided by the lead department under 办法 §15).' }),
  totalDays: Type.Number({ description: 'limitDays + extensionDays.' }),
  deadline: Type.Union([Type.String(), Type.Null()], {
    description: 'The end of the deadline day (23:59:59 Beijing time unless configured). Null while PAUSED, and while the deadline day lies in a year the working-day calendar lacks (see calendarPendingYear).',
  }),
  elapsedDays: Type.Number({
    description: 'Days used: a counted day is used once the clock runs at its 00:00, so the receipt day is not, and a day on which the clock is paused during the day still is. While calendarPendingYear is set: the days the known years prove.',
  }),
  remainingDays: Type.Union([Type.Number(), Type.Null()], {
    description: 'Counted days after today (or after the pause or stop) up to the deadline day: 0 on the deadline day, negative once overdue. Null while a missing year hides it.',
  }),
  resumesWithDays: Type.Union([Type.Number(), Type.Null()], { description: 'While PAUSED: the days the clock resumes with (its remainingDays at the pause); else null.' }),
  pausedDays: Type.Number({ description: 'Counted days handed back by pauses so far.' }),
  overdue: Type.Boolean({ description: 'Past the deadline (超期, red). While calendarPendingYear is set, only when the known years already prove it.' }),
  light: Type.String({
    description: 'GREEN; YELLOW from 00:00 of the working day before the deadline day (ADMIN), of the 2nd day before it in its own unit (SPECIAL), or from receipt (IMMEDIATE) — 办法 §20; RED once overdue. While calendarPendingYear is set: the least the known years prove.',
  }),
  calendarPendingYear: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The year the working-day calendar lacks that this clock needs (its deadline day, or a day it ran, paused or resumed on); null when all is known. The system administrator loads it with PUT /api/v1/calendar/years/{year}; every figure is exact from the next read on.',
  }),
  paused: Type.Boolean({ description: 'status = PAUSED.' }),
  pausedAt: Type.Union([Type.String(), Type.Null()], { description: 'When the open pause began.' }),
});
const TimelineEntry = Type.Object({
  seq: Type.Integer(), type: Type.String(), blzt: Type.Union([Type.Integer(), Type.Null()]), businessTime: Type.String(), recordedAt: Type.String(),
  actor: Type.Object({ userId: Type.String(), role: Type.String(), departmentCode: Type.Union([Type.String(), Type.Null()]) }), payload: Json,
});
const TaskView = Type.Object({
  id: Type.String(), elementId: Type.String(), name: Type.Union([Type.String(), Type.Null()]), state: Type.String(), assignee: Type.Union([Type.String(), Type.Null()]),
  candidateGroups: Type.Array(Type.String()), dueDate: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
  applicationId: Type.Union([Type.String(), Type.Null()]), projectCode: Type.Union([Type.String(), Type.Null()]), stage: Type.Union([Type.Integer(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]), itemCode: Type.Union([Type.String(), Type.Null()]), department: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
});
const Completion = Type.Object({
  materialChecks: Type.Optional(Type.Array(Type.Object({ materialId: MaterialId, ok: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), { maxItems: 200 })),
  action: Type.Optional(Type.Union([Type.Literal('OPINION'), Type.Literal('SUPPLEMENT'), Type.Literal('SPECIAL_PROCEDURE')])),
  opinion: Type.Optional(Type.String({ maxLength: 4000 })),
  missingMaterials: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
  procedureType: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  conclusion: Type.Optional(Type.String({ maxLength: 4000 })),
  extensionDays: Type.Optional(Type.Integer({ ...INT4, description: 'Working days (the task checks the range).' })),
  extensionReason: Type.Optional(Type.String({ maxLength: 2000 })),
  decision: Type.Optional(Type.Union([Type.Literal('APPROVED'), Type.Literal('APPROVED_WITH_CONDITIONS'), Type.Literal('REJECTED')])),
  conditions: Type.Optional(Type.String({ maxLength: 4000 })),
  result: Type.Optional(Type.Union([Type.Literal('PASS'), Type.Literal('FAIL')])),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  attachments: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), sha256: Sha256 }, { additionalProperties: false }), { maxItems: 20 })),
  override: Type.Optional(Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }), reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false, description: 'A supervisor\'s override code for a completion the supervision rules would refuse (A1 秒办件).' })),
}, { additionalProperties: false });

const ALLOWED_MAGIC: [string, number[]][] = [['pdf', [0x25, 0x50, 0x44, 0x46]], ['png', [0x89, 0x50, 0x4e, 0x47]], ['jpeg', [0xff, 0xd8, 0xff]], ['ofd/zip', [0x50, 0x4b, 0x03, 0x04]]];
const MAX_FILE = 5 * 1024 * 1024;

/** Uploaded files: decoded, type-checked by content, hashed; the hash given must match. */
export function materialInputs(materials: MaterialBody[]) {
  return materials.map((m, i) => {
    const field = `body.materials.${i}`;
    if (m.source === 'reuse') {
      if (!m.ref) throw new DomainError('MATERIAL_REF_REQUIRED', '复用材料须注明来源(电子证照或前序阶段材料)', { field: `${field}.ref` });
      return { materialId: m.materialId, source: 'reuse' as const, ref: m.ref };
    }
    if (!m.contentBase64 && !m.sha256) throw new DomainError('MATERIAL_FILE_REQUIRED', `材料 ${m.materialId} 须上传文件或给出已上传文件的 SHA-256`, { field: `${field}.contentBase64` });
    let sha256 = m.sha256;
    let size = m.size;
    if (m.contentBase64) {
      const bytes = Buffer.from(m.contentBase64, 'base64');
      if (bytes.length === 0) throw new DomainError('MATERIAL_FILE_EMPTY', `材料 ${m.materialId} 的文件为空`, { field: `${field}.contentBase64` });
      if (bytes.length > MAX_FILE) throw new DomainError('MATERIAL_FILE_TOO_LARGE', `材料 ${m.materialId} 超过 5 MiB`, { field: `${field}.contentBase64` });
      if (!ALLOWED_MAGIC.some(([, magic]) => magic.every((b, k) => bytes[k] === b))) {
        throw new DomainError('MATERIAL_FILE_TYPE', `材料 ${m.materialId} 须为 PDF、OFD、JPEG 或 PNG`, { field: `${field}.contentBase64` });
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (sha256 && sha256 !== actual) throw new DomainError('MATERIAL_HASH_MISMATCH', `材料 ${m.materialId} 的 SHA-256 与文件不符`, { field: `${field}.sha256` });
      sha256 = actual;
      size = bytes.length;
    }
    return { materialId: m.materialId, source: 'upload' as const, sha256: sha256!, fileName: m.fileName ?? `${m.materialId}`, ...(size ? { size } : {}) };
  });
}

function eventActor(actor: Actor): EventActor {
  return { userId: actor.userId, role: businessRole(actor), departmentCode: actor.departmentCode };
}

export const caseRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const { database, clock, applications, cases } = opts;
  const body = { bodyLimit: 32 * 1024 };

  // ── projects ───────────────────────────────────────────────────────────────────────────────
  app.post('/api/v1/projects', {
    ...body,
    schema: {
      tags: ['projects'], summary: 'Register a project by its unified project code (verified online)', security: BEARER,
      body: Type.Object({
        code: ProjectCode, name: Type.String({ minLength: 2, maxLength: 200 }), ownerName: Type.String({ minLength: 2, maxLength: 200 }),
        ownerUscc: Type.String({ pattern: '^[0-9A-Z]{18}$', description: '统一社会信用代码' }),
        regionCode: Type.Union([Type.Literal('440400'), Type.Literal('440402'), Type.Literal('440403'), Type.Literal('440404')]),
        flowType: Type.Union(FLOW_TYPES.map((f) => Type.Literal(f))),
        contactPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ code: Type.String(), warnings: Type.Array(Type.String()) }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const input = request.body;
    assertCan(actor, 'project.write', { kind: 'project', regionCode: input.regionCode, ownerUscc: input.ownerUscc });
    const { parsed, verification } = await verifyProjectCode(input.code, clock.now(), opts.projectCodes).catch((err: unknown) => {
      if (err instanceof DomainError) throw new DomainError(err.code, err.message, { field: 'body.code' });
      throw err;
    });
    await applications.registerProject({ ...input, applicantUserId: actor.roles.includes('APPLICANT') ? actor.userId : undefined }).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'PROJECT_EXISTS') throw new DomainError(err.code, err.message, { field: 'body.code' });
      throw err;
    });
    request.auditInfo.target = `project:${input.code}`;
    return reply.status(201).send({ code: input.code, warnings: [...parsed.warnings, ...(verification.reason ? [verification.reason] : [])] });
  });

  app.get('/api/v1/projects/:projectCode', {
    schema: {
      tags: ['projects'], summary: '一张蓝图: the project across every stage — applications, cases, clocks, lights, results', security: BEARER,
      params: Type.Object({ projectCode: ProjectCode }),
      response: {
        200: Type.Object({
          code: Type.String(), name: Type.String(), ownerName: Type.String(), ownerUscc: Type.String(), regionCode: Type.String(), flowType: Type.String(),
          contactPhone: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
          stages: Type.Array(Type.Object({
            applicationId: Type.String(), stage: Type.Integer(), stageName: Type.String(), state: Type.String(), submittedAt: Type.String(), receivedAt: Type.Union([Type.String(), Type.Null()]),
            cases: Type.Array(Type.Intersect([CaseSummary, Type.Object({ clocks: Type.Array(ClockView), results: Type.Array(Json) })])),
          })),
        }),
        ...PROBLEMS,
      },
    },
  }, async (request) => cases.projectDetail(actorOf(request), request.params.projectCode));

  // ── applications ───────────────────────────────────────────────────────────────────────────
  app.post('/api/v1/applications', {
    bodyLimit: 30 * 1024 * 1024,
    schema: {
      tags: ['applications'], summary: 'Apply for a stage: one form, one set of materials for all its items', security: BEARER,
      body: Type.Object({
        projectCode: ProjectCode, stage: Type.Integer({ minimum: 1, maximum: 9 }),
        items: Type.Array(Type.String({ pattern: '^[A-Z0-9-]{3,32}$' }), { minItems: 1, maxItems: 30, uniqueItems: true }),
        materials: Type.Array(Material, { maxItems: 100 }),
        channel: Type.Union([Type.Literal('online'), Type.Literal('window')]),
        contactPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ applicationId: Type.String(), caseIds: Type.Array(Type.String()), state: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const input = request.body;
    const project = await getProject(database.db, input.projectCode);
    const resource = { kind: 'project' as const, regionCode: project?.regionCode ?? '', ownerUscc: project?.ownerUscc ?? '' };
    if (!project || !can(actor, 'project.read', resource)) throw new DomainError('PROJECT_NOT_FOUND', `项目 ${input.projectCode} 未登记`, { field: 'body.projectCode' });
    if (input.channel === 'window' ? !can(actor, 'case.intake', { kind: 'case', departmentCode: '', regionCode: project.regionCode, ownerUscc: project.ownerUscc }) : !can(actor, 'project.write', resource)) {
      throw new DomainError('FORBIDDEN', input.channel === 'window' ? '窗口收件须由综合窗口办理' : '网上申报须由项目单位提交', { field: 'body.channel' });
    }
    const materials = materialInputs(input.materials);
    const result = await applications.submit({
      projectCode: input.projectCode, stage: input.stage, items: input.items, materials, channel: input.channel,
      ...(input.contactPhone ? { contactPhone: input.contactPhone } : {}), actor: eventActor(actor),
    }).catch((err: unknown) => {
      if (err instanceof DomainError && typeof err.details?.field === 'string' && !err.details.field.startsWith('body.')) throw new DomainError(err.code, err.message, { ...err.details, field: `body.${err.details.field}` });
      throw err;
    });
    request.auditInfo.target = `application:${result.applicationId}`;
    return reply.status(201).send({ applicationId: result.applicationId, caseIds: result.caseIds, state: 'SUBMITTED' });
  });

  const AppId = Type.Object({ id: Type.String({ pattern: '^A[0-9A-Z]{6,30}$' }) });
  const CaseId = Type.Object({ caseId: Type.String({ pattern: '^A[0-9A-Z]{6,30}-\\d{2}$' }) });

  app.get('/api/v1/applications/:id', {
    schema: {
      tags: ['applications'], summary: 'A stage application: state, cases in scope, materials, timeline', security: BEARER, params: AppId,
      response: {
        200: Type.Object({
          id: Type.String(), projectCode: Type.String(), stage: Type.Integer(), channel: Type.String(), state: Type.String(), leadDepartment: Type.String(), regionCode: Type.String(),
          catalogVersion: Type.String(), submittedAt: Type.String(), receivedAt: Type.Union([Type.String(), Type.Null()]), contactPhone: Type.Union([Type.String(), Type.Null()]),
          cases: Type.Array(CaseSummary), materials: Type.Array(Json), timeline: Type.Array(TimelineEntry),
        }),
        ...PROBLEMS,
      },
    },
  }, async (request) => cases.applicationDetail(actorOf(request), request.params.id));

  app.post('/api/v1/applications/:id/initial-check', {
    ...body,
    schema: {
      tags: ['applications'], summary: '综合窗口逐项核对: a formal receipt, or one notice listing every missing material', security: BEARER, params: AppId,
      body: Type.Object({ materialChecks: Type.Array(Type.Object({ materialId: MaterialId, ok: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), { maxItems: 200 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ outcome: Type.Union([Type.Literal('RECEIPT'), Type.Literal('SUPPLEMENT_NOTICE'), Type.Literal('PENDING')]), state: Type.String(), missing: Type.Array(Json), caseNumbers: Type.Array(Type.String()) }),
        ...PROBLEMS,
      },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const application = await cases.requireApplication(request.params.id);
    assertCan(actor, 'case.intake', await cases.applicationResource(application));
    const task = await cases.openTaskOf({ applicationId: application.id, processInstanceKey: application.processInstanceKey }, 'Task_InitialCheck');
    const before = application.lastSeq;
    await cases.complete(actor, task.key, { materialChecks: request.body.materialChecks });
    // the check-materials worker decides: wait (briefly) for the receipt or the notice it writes
    const deadline = Date.now() + 10_000;
    for (;;) {
      const detail = await cases.applicationDetail(actor, application.id);
      const newer = detail.timeline.filter((e) => e.seq > before);
      const notice = newer.find((e) => e.type === 'SUPPLEMENT_NOTICE');
      if (notice) return { outcome: 'SUPPLEMENT_NOTICE' as const, state: detail.state, missing: ((notice.payload as { missing?: unknown[] }).missing ?? []), caseNumbers: [] };
      if (newer.some((e) => e.type === 'RECEIPT') && detail.cases.every((c) => c.caseNumber)) {
        return { outcome: 'RECEIPT' as const, state: detail.state, missing: [], caseNumbers: detail.cases.map((c) => c.caseNumber!) };
      }
      if (Date.now() > deadline) return { outcome: 'PENDING' as const, state: detail.state, missing: [], caseNumbers: [] };
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  const SupplementBody = Type.Object({ materials: Type.Array(Material, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
  app.post('/api/v1/applications/:id/supplements', {
    bodyLimit: 30 * 1024 * 1024,
    schema: { tags: ['applications'], summary: 'Hand in the materials of a supplement notice (before receipt)', security: BEARER, params: AppId, body: SupplementBody, response: { 202: Type.Object({ accepted: Type.Boolean() }), ...PROBLEMS } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const application = await cases.requireApplication(request.params.id);
    const resource = await cases.applicationResource(application);
    if (!can(actor, 'project.write', { kind: 'project', regionCode: resource.regionCode, ownerUscc: resource.ownerUscc })) assertCan(actor, 'case.intake', resource);
    if (application.state !== 'SUPPLEMENT_PENDING') throw new DomainError('CASE_ILLEGAL_TRANSITION', `申报状态为 ${application.state},无待补正的通知`, { field: 'params.id' });
    await applications.supplement({ applicationId: application.id }, materialInputs(request.body.materials), eventActor(actor));
    return reply.status(202).send({ accepted: true });
  });

  app.post('/api/v1/applications/:id/withdraw', {
    ...body,
    schema: { tags: ['applications'], summary: '撤件 / 撤回 — the applicant withdraws the application', security: BEARER, params: AppId, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), response: { 202: Type.Object({ accepted: Type.Boolean() }), ...PROBLEMS } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const application = await cases.requireApplication(request.params.id);
    const resource = await cases.applicationResource(application);
    assertCan(actor, 'project.write', { kind: 'project', regionCode: resource.regionCode, ownerUscc: resource.ownerUscc });
    await applications.withdraw(application.id, eventActor(actor), request.body.reason);
    return reply.status(202).send({ accepted: true });
  });

  // ── item cases ─────────────────────────────────────────────────────────────────────────────
  app.get('/api/v1/cases/:caseId', {
    schema: {
      tags: ['cases'], summary: 'An item case: state, clocks with lights, opinions in scope, special procedures, results, timeline', security: BEARER, params: CaseId,
      response: {
        200: Type.Intersect([CaseSummary, Type.Object({
          applicationId: Type.String(), projectCode: Type.String(), access: Type.Union([Type.Literal('FULL'), Type.Literal('OPINIONS_ONLY')]),
          clocks: Type.Array(ClockView), specialProcedures: Type.Array(Json), results: Type.Array(Json),
          opinions: Type.Array(Type.Object({ caseId: Type.String(), department: Type.String(), opinion: Type.String(), at: Type.String(), by: Type.String() })),
          timeline: Type.Array(TimelineEntry),
        })]),
        ...PROBLEMS,
      },
    },
  }, async (request) => cases.caseDetail(actorOf(request), request.params.caseId));

  /** Completes the case's open task of `elementId` on behalf of the caller (policy checked by complete). */
  async function completeCaseTask(actor: Actor, caseId: string, elementId: string, completion: Parameters<CaseApi['complete']>[2]) {
    const { row, resource } = await cases.readableCase(actor, caseId);
    if (isTaskElement(elementId)) assertCan(actor, TASK_ACTIONS[elementId], resource);
    const application = await getApplication(database.db, row.applicationId);
    const task = await cases.openTaskOf({ caseId, processInstanceKey: application?.processInstanceKey ?? null }, elementId);
    return cases.complete(actor, task.key, completion);
  }

  app.post('/api/v1/cases/:caseId/special-procedures', {
    ...body,
    schema: {
      tags: ['cases'], summary: '启动特别程序: pauses the administrative clock, starts the special clock, tells the applicant', security: BEARER, params: CaseId,
      body: Type.Object({ type: Type.String({ minLength: 2, maxLength: 40 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 202: Type.Object({ taskId: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const done = await completeCaseTask(actorOf(request), request.params.caseId, 'Task_Review', { action: 'SPECIAL_PROCEDURE', procedureType: request.body.type, reason: request.body.reason })
      .catch(renameField({ 'body.procedureType': 'body.type' }));
    return reply.status(202).send({ taskId: done.id });
  });

  app.post('/api/v1/special-procedures/:id/finish', {
    ...body,
    schema: {
      tags: ['cases'], summary: '特别程序结束: PASS resumes the administrative clock; FAIL sends the one-time rectification notice', security: BEARER,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) }),
      body: Type.Object({ result: Type.Union([Type.Literal('PASS'), Type.Literal('FAIL')]), note: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
      response: { 202: Type.Object({ taskId: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const procedure = await getSpecialProcedure(database.db, request.params.id);
    if (!procedure) throw new DomainError('SPECIAL_PROCEDURE_NOT_FOUND', `特别程序 ${request.params.id} 不存在`, { field: 'params.id' });
    if (procedure.finishedAt) throw new DomainError('CASE_ILLEGAL_TRANSITION', '特别程序已结束', { field: 'params.id' });
    const done = await completeCaseTask(actorOf(request), procedure.caseId, 'Task_RunProcedure', { result: request.body.result, ...(request.body.note ? { note: request.body.note } : {}) });
    return reply.status(202).send({ taskId: done.id });
  });

  app.post('/api/v1/cases/:caseId/supplement-requests', {
    ...body,
    schema: {
      tags: ['cases'], summary: '受理后补件: the department lists every missing material at once; the clock pauses', security: BEARER, params: CaseId,
      body: Type.Object({ missingMaterials: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 202: Type.Object({ taskId: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const done = await completeCaseTask(actorOf(request), request.params.caseId, 'Task_Review', { action: 'SUPPLEMENT', missingMaterials: request.body.missingMaterials, ...(request.body.reason ? { reason: request.body.reason } : {}) });
    return reply.status(202).send({ taskId: done.id });
  });

  app.post('/api/v1/cases/:caseId/supplements', {
    bodyLimit: 30 * 1024 * 1024,
    schema: { tags: ['cases'], summary: 'The applicant hands in what a department asked for after acceptance', security: BEARER, params: CaseId, body: Type.Object({ materials: Type.Array(Material, { maxItems: 100 }) }, { additionalProperties: false }), response: { 202: Type.Object({ accepted: Type.Boolean() }), ...PROBLEMS } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { row, resource } = await cases.readableCase(actor, request.params.caseId);
    if (!can(actor, 'project.write', { kind: 'project', regionCode: resource.regionCode, ownerUscc: resource.ownerUscc })) assertCan(actor, 'case.intake', resource);
    if (row.state !== 'SUPPLEMENT_PENDING') throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},无待补的材料`, { field: 'params.caseId' });
    await applications.supplement({ caseId: row.id }, materialInputs(request.body.materials), eventActor(actor));
    return reply.status(202).send({ accepted: true });
  });

  app.post('/api/v1/cases/:caseId/rectified', {
    ...body,
    schema: { tags: ['cases'], summary: '整改完成 after a failed special procedure', security: BEARER, params: CaseId, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), response: { 202: Type.Object({ accepted: Type.Boolean() }), ...PROBLEMS } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { row, resource } = await cases.readableCase(actor, request.params.caseId);
    if (!can(actor, 'project.write', { kind: 'project', regionCode: resource.regionCode, ownerUscc: resource.ownerUscc })) assertCan(actor, 'case.intake', resource);
    if (row.state !== 'RECTIFICATION' && row.state !== 'SPECIAL_PROCEDURE') throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},无待整改事项`, { field: 'params.caseId' });
    await applications.rectified(row.id, eventActor(actor));
    return reply.status(202).send({ accepted: true });
  });

  app.post('/api/v1/cases/:caseId/extensions', {
    ...body,
    schema: {
      tags: ['cases'], summary: '牵头单位确定时限延长 after a supplement (办法 §15)', security: BEARER, params: CaseId,
      body: Type.Object({ days: Type.Integer({ minimum: 0, maximum: 30 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 202: Type.Object({ taskId: Type.String() }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const done = await completeCaseTask(actorOf(request), request.params.caseId, 'Task_DecideExtension', { extensionDays: request.body.days, ...(request.body.reason ? { extensionReason: request.body.reason } : {}) })
      .catch(renameField({ 'body.extensionDays': 'body.days', 'body.extensionReason': 'body.reason' }));
    return reply.status(202).send({ taskId: done.id });
  });

  app.post('/api/v1/cases/:caseId/delivery', {
    ...body,
    schema: {
      tags: ['cases'], summary: '送达: the paper result collected at the window (signed) or posted (tracking number)', security: BEARER, params: CaseId,
      body: Type.Object({
        method: Type.Union([Type.Literal('pickup'), Type.Literal('mail')]),
        recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), trackingNumber: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{8,30}$' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ caseId: Type.String(), state: Type.String() }), ...PROBLEMS },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { row, resource } = await cases.readableCase(actor, request.params.caseId);
    assertCan(actor, 'case.intake', resource);
    const { method, recipient, trackingNumber } = request.body;
    if (method === 'pickup' && !recipient) throw new DomainError('DELIVERY_RECIPIENT_REQUIRED', '窗口领取须记录签收人', { field: 'body.recipient' });
    if (method === 'mail' && !trackingNumber) throw new DomainError('DELIVERY_TRACKING_REQUIRED', '邮寄送达须记录运单号', { field: 'body.trackingNumber' });
    const result = await applications.deliver(row.id, { method, ...(recipient ? { recipient } : {}), ...(trackingNumber ? { trackingNumber } : {}) }, eventActor(actor), request.ip).catch((err: unknown) => {
      if (err instanceof DomainError && (err.code.includes('ILLEGAL_TRANSITION') || err.code === 'CASE_PAYLOAD_INVALID')) throw new DomainError('CASE_ILLEGAL_TRANSITION', `办件状态为 ${row.state},不能送达`, { field: 'params.caseId' });
      throw err;
    });
    return { caseId: row.id, state: result.state };
  });

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────
  const TaskId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,20}$' }) });
  app.get('/api/v1/tasks', {
    schema: {
      tags: ['tasks'], summary: 'My tasks (claimed) or my group\'s (department or window), earliest due first', security: BEARER,
      querystring: Type.Object({
        scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('group')])),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4.maximum })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(TaskView), total: Type.Integer() }), ...PROBLEMS },
    },
  }, async (request) => cases.listTasks(actorOf(request), { scope: request.query.scope ?? 'group', limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }));

  app.get('/api/v1/tasks/:id', {
    schema: { tags: ['tasks'], summary: 'One open task', security: BEARER, params: TaskId, response: { 200: TaskView, ...PROBLEMS } },
  }, async (request) => cases.getTask(actorOf(request), request.params.id));

  app.post('/api/v1/tasks/:id/claim', {
    schema: { tags: ['tasks'], summary: 'Claim a task', security: BEARER, params: TaskId, response: { 200: TaskView, ...PROBLEMS } },
  }, async (request) => cases.claim(actorOf(request), request.params.id));

  app.post('/api/v1/tasks/:id/unclaim', {
    schema: { tags: ['tasks'], summary: 'Give a claimed task back to the group', security: BEARER, params: TaskId, response: { 200: TaskView, ...PROBLEMS } },
  }, async (request) => cases.unclaim(actorOf(request), request.params.id));

  app.post('/api/v1/tasks/:id/complete', {
    ...body,
    schema: {
      tags: ['tasks'], summary: 'Complete a task: the fields depend on the task (initial check, review, special procedure, joint review, extension, decision)', security: BEARER,
      params: TaskId, body: Completion,
      response: { 200: Type.Intersect([TaskView, Type.Object({ variables: Json })]), ...PROBLEMS },
    },
  }, async (request) => {
    const done = await cases.complete(actorOf(request), request.params.id, request.body);
    request.auditInfo.target = `task:${done.id}`;
    request.auditInfo.details = { elementId: done.elementId, caseId: done.caseId, decision: request.body.decision ?? null, action: request.body.action ?? null, override: request.body.override?.code ?? null };
    return done;
  });
};

function renameField(map: Record<string, string>) {
  return (err: unknown): never => {
    if (err instanceof DomainError && typeof err.details?.field === 'string' && map[err.details.field]) throw new DomainError(err.code, err.message, { ...err.details, field: map[err.details.field] });
    throw err;
  };
}
