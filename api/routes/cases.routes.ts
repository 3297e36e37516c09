/**
 * 项目、申报、办件与待办 — the case routes: schema in, one use case (app/) call, schema out. The use
 * cases check the policy against the case they touch and refuse (problem+json, nothing written) before
 * the engine or the event log sees anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CaseUseCases } from '../../app/case-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { INT4 } from '../edge/request-schemas.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import {
  Accepted,
  AppId,
  ApplicationBody,
  ApplicationView,
  CaseId,
  CaseView,
  Completion,
  DeliveryBody,
  InitialCheckOutcome,
  Json,
  Material,
  MaterialChecks,
  ProjectBody,
  ProjectCode,
  ProjectView,
  TaskId,
  TaskRef,
  TaskView,
} from './cases.schemas.ts';

export interface CaseRoutesOptions {
  useCases: CaseUseCases;
}

const SMALL = { bodyLimit: 32 * 1024 };
const UPLOAD = { bodyLimit: 30 * 1024 * 1024 };

export const caseRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const u = opts.useCases;

  // ── projects ───────────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/v1/projects',
    {
      ...SMALL,
      schema: {
        operationId: 'registerProject',
        tags: ['projects'],
        summary: 'Register a project by its unified project code (verified online)',
        security: BEARER,
        body: ProjectBody,
        response: { 201: Type.Object({ code: Type.String(), warnings: Type.Array(Type.String()) }), ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const registered = await u.registerProject(actorOf(request), request.body);
      request.auditInfo.target = `project:${registered.code}`;
      return reply.status(201).send(registered);
    },
  );

  app.get(
    '/api/v1/projects/:projectCode',
    {
      schema: {
        operationId: 'getProject',
        tags: ['projects'],
        summary: '一张蓝图: the project across every stage — applications, cases, clocks, lights, results',
        security: BEARER,
        params: Type.Object({ projectCode: ProjectCode }),
        response: { 200: ProjectView, ...PROBLEMS },
      },
    },
    async (request) => u.getProject(actorOf(request), request.params.projectCode),
  );

  // ── applications ───────────────────────────────────────────────────────────────────────────
  app.post(
    '/api/v1/applications',
    {
      ...UPLOAD,
      schema: {
        operationId: 'submitApplication',
        tags: ['applications'],
        summary: 'Apply for a stage: one form, one set of materials for all its items',
        security: BEARER,
        body: ApplicationBody,
        response: {
          201: Type.Object({ applicationId: Type.String(), caseIds: Type.Array(Type.String()), state: Type.String() }),
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { contactPhone, ...input } = request.body;
      const submitted = await u.submitApplication(actorOf(request), {
        ...input,
        ...(contactPhone ? { contactPhone } : {}),
      });
      request.auditInfo.target = `application:${submitted.applicationId}`;
      return reply.status(201).send(submitted);
    },
  );

  app.get(
    '/api/v1/applications/:id',
    {
      schema: {
        operationId: 'getApplication',
        tags: ['applications'],
        summary: 'A stage application: state, cases in scope, materials, timeline',
        security: BEARER,
        params: AppId,
        response: { 200: ApplicationView, ...PROBLEMS },
      },
    },
    async (request) => u.getApplication(actorOf(request), request.params.id),
  );

  app.post(
    '/api/v1/applications/:id/initial-check',
    {
      ...SMALL,
      schema: {
        operationId: 'runInitialCheck',
        tags: ['applications'],
        summary: '综合窗口逐项核对: a formal receipt, or one notice listing every missing material',
        security: BEARER,
        params: AppId,
        body: Type.Object({ materialChecks: MaterialChecks }, { additionalProperties: false }),
        response: { 200: InitialCheckOutcome, ...PROBLEMS },
      },
    },
    async (request) => u.runInitialCheck(actorOf(request), request.params.id, request.body.materialChecks),
  );

  app.post(
    '/api/v1/applications/:id/supplements',
    {
      ...UPLOAD,
      schema: {
        operationId: 'handInApplicationSupplement',
        tags: ['applications'],
        summary: 'Hand in the materials of a supplement notice (before receipt)',
        security: BEARER,
        params: AppId,
        body: Type.Object(
          { materials: Type.Array(Material, { minItems: 1, maxItems: 100 }) },
          { additionalProperties: false },
        ),
        response: { 202: Accepted, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await u.handInSupplement.toApplication(actorOf(request), request.params.id, request.body.materials)),
  );

  app.post(
    '/api/v1/applications/:id/withdraw',
    {
      ...SMALL,
      schema: {
        operationId: 'withdrawApplication',
        tags: ['applications'],
        summary: '撤件 / 撤回 — the applicant withdraws the application',
        security: BEARER,
        params: AppId,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 202: Accepted, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.withdrawApplication(actorOf(request), request.params.id, request.body.reason)),
  );

  // ── item cases ─────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/cases/:caseId',
    {
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary: 'An item case: state, clocks with lights, opinions in scope, special procedures, results, timeline',
        security: BEARER,
        params: CaseId,
        response: { 200: CaseView, ...PROBLEMS },
      },
    },
    async (request) => u.getCase(actorOf(request), request.params.caseId),
  );

  app.post(
    '/api/v1/cases/:caseId/special-procedures',
    {
      ...SMALL,
      schema: {
        operationId: 'startSpecialProcedure',
        tags: ['cases'],
        summary: '启动特别程序: pauses the administrative clock, starts the special clock, tells the applicant',
        security: BEARER,
        params: CaseId,
        body: Type.Object(
          {
            type: Type.String({ minLength: 2, maxLength: 40 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: TaskRef, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.startSpecialProcedure(actorOf(request), request.params.caseId, request.body)),
  );

  app.post(
    '/api/v1/special-procedures/:id/finish',
    {
      ...SMALL,
      schema: {
        operationId: 'finishSpecialProcedure',
        tags: ['cases'],
        summary: '特别程序结束: PASS resumes the administrative clock; FAIL sends the one-time rectification notice',
        security: BEARER,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) }),
        body: Type.Object(
          {
            result: Type.Union([Type.Literal('PASS'), Type.Literal('FAIL')]),
            note: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: TaskRef, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.finishSpecialProcedure(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/cases/:caseId/supplement-requests',
    {
      ...SMALL,
      schema: {
        operationId: 'requestSupplement',
        tags: ['cases'],
        summary: '受理后补件: the department lists every missing material at once; the clock pauses',
        security: BEARER,
        params: CaseId,
        body: Type.Object(
          {
            missingMaterials: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 }),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: TaskRef, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.requestSupplement(actorOf(request), request.params.caseId, request.body)),
  );

  app.post(
    '/api/v1/cases/:caseId/supplements',
    {
      ...UPLOAD,
      schema: {
        operationId: 'handInCaseSupplement',
        tags: ['cases'],
        summary: 'The applicant hands in what a department asked for after acceptance',
        security: BEARER,
        params: CaseId,
        body: Type.Object({ materials: Type.Array(Material, { maxItems: 100 }) }, { additionalProperties: false }),
        response: { 202: Accepted, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await u.handInSupplement.toCase(actorOf(request), request.params.caseId, request.body.materials)),
  );

  app.post(
    '/api/v1/cases/:caseId/rectified',
    {
      ...SMALL,
      schema: {
        operationId: 'reportRectification',
        tags: ['cases'],
        summary: '整改完成 after a failed special procedure',
        security: BEARER,
        params: CaseId,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 202: Accepted, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.reportRectification(actorOf(request), request.params.caseId)),
  );

  app.post(
    '/api/v1/cases/:caseId/extensions',
    {
      ...SMALL,
      schema: {
        operationId: 'decideExtension',
        tags: ['cases'],
        summary: '牵头单位确定时限延长 after a supplement (办法 §15)',
        security: BEARER,
        params: CaseId,
        body: Type.Object(
          { days: Type.Integer({ minimum: 0, maximum: 30 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 202: TaskRef, ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await u.decideExtension(actorOf(request), request.params.caseId, request.body)),
  );

  app.post(
    '/api/v1/cases/:caseId/delivery',
    {
      ...SMALL,
      schema: {
        operationId: 'recordDelivery',
        tags: ['cases'],
        summary: '送达: the paper result collected at the window (signed) or posted (tracking number)',
        security: BEARER,
        params: CaseId,
        body: DeliveryBody,
        response: { 200: Type.Object({ caseId: Type.String(), state: Type.String() }), ...PROBLEMS },
      },
    },
    async (request) => u.recordDelivery(actorOf(request), request.params.caseId, request.body, request.ip),
  );

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/v1/tasks',
    {
      schema: {
        operationId: 'listTasks',
        tags: ['tasks'],
        summary: "My tasks (claimed) or my group's (department or window), earliest due first",
        security: BEARER,
        querystring: Type.Object(
          {
            scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('group')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4.maximum })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(TaskView), total: Type.Integer() }), ...PROBLEMS },
      },
    },
    async (request) =>
      u.listTasks(actorOf(request), {
        scope: request.query.scope ?? 'group',
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  app.get(
    '/api/v1/tasks/:id',
    {
      schema: {
        operationId: 'getTask',
        tags: ['tasks'],
        summary: 'One open task',
        security: BEARER,
        params: TaskId,
        response: { 200: TaskView, ...PROBLEMS },
      },
    },
    async (request) => u.getTask(actorOf(request), request.params.id),
  );

  app.post(
    '/api/v1/tasks/:id/claim',
    {
      schema: {
        operationId: 'claimTask',
        tags: ['tasks'],
        summary: 'Claim a task',
        security: BEARER,
        params: TaskId,
        response: { 200: TaskView, ...PROBLEMS },
      },
    },
    async (request) => u.claimTask(actorOf(request), request.params.id),
  );

  app.post(
    '/api/v1/tasks/:id/unclaim',
    {
      schema: {
        operationId: 'unclaimTask',
        tags: ['tasks'],
        summary: 'Give a claimed task back to the group',
        security: BEARER,
        params: TaskId,
        response: { 200: TaskView, ...PROBLEMS },
      },
    },
    async (request) => u.unclaimTask(actorOf(request), request.params.id),
  );

  app.post(
    '/api/v1/tasks/:id/complete',
    {
      ...SMALL,
      schema: {
        operationId: 'completeTask',
        tags: ['tasks'],
        security: BEARER,
        summary:
          'Complete a task: the fields depend on the task (initial check, review, special procedure, joint review, extension, decision)',
        params: TaskId,
        body: Completion,
        response: { 200: Type.Intersect([TaskView, Type.Object({ variables: Json })]), ...PROBLEMS },
      },
    },
    async (request) => {
      const done = await u.completeTask(actorOf(request), request.params.id, request.body);
      request.auditInfo.target = `task:${done.id}`;
      request.auditInfo.details = {
        elementId: done.elementId,
        caseId: done.caseId,
        decision: request.body.decision ?? null,
        action: request.body.action ?? null,
        override: request.body.override?.code ?? null,
      };
      return done;
    },
  );
};
