/**
 * 待办 — the task routes: list, read, claim, give back and complete the tasks of the people who do the work.
 * Schema in, one use case (app/) call, schema out. The use cases check the policy against what they
 * touch and refuse (problem+json, nothing written) before the engine or the event log sees anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../request-context.ts';
import { INT4 } from '../edge/request-schemas.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import type { CaseRoutesOptions } from './cases.routes.ts';
import { SMALL } from './cases.schemas.ts';
import { Json } from './clock.schemas.ts';
import { Completion, TaskId, TaskView } from './tasks.schemas.ts';

export const taskRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const u = opts.useCases;

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
