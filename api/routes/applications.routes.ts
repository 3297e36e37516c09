/**
 * 申报 — the stage application routes: apply, the window's initial check, supplements before receipt, withdrawal.
 * Schema in, one use case (app/) call, schema out. The use cases check the policy against what they
 * touch and refuse (problem+json, nothing written) before the engine or the event log sees anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import type { CaseRoutesOptions } from './cases.routes.ts';
import {
  Accepted,
  AppId,
  ApplicationBody,
  ApplicationView,
  InitialCheckOutcome,
  Material,
  MaterialChecks,
  SMALL,
  UPLOAD,
} from './cases.schemas.ts';

export const applicationRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const u = opts.useCases;

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
};
