/**
 * 项目 — the project routes: register a project by its code, read it across every stage (一张蓝图).
 * Schema in, one use case (app/) call, schema out. The use cases check the policy against what they
 * touch and refuse (problem+json, nothing written) before the engine or the event log sees anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import type { CaseRoutesOptions } from './cases.routes.ts';
import { ProjectBody, ProjectCode, ProjectView, SMALL } from './cases.schemas.ts';

export const projectRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const u = opts.useCases;

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
};
