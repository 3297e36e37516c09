/**
 * 办件 — the item-case routes: read a case, special procedures, supplements after acceptance, rectification,
 * extensions and delivery.
 * Schema in, one use case (app/) call, schema out. The use cases check the policy against what they
 * touch and refuse (problem+json, nothing written) before the engine or the event log sees anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CaseUseCases } from '../../app/case-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import { Accepted, CaseId, CaseView, DeliveryBody, Material, SMALL, UPLOAD } from './cases.schemas.ts';
import { TaskRef } from './tasks.schemas.ts';

/** The options of the case routes (projects, applications, item cases, tasks): the case use cases. */
export interface CaseRoutesOptions {
  useCases: CaseUseCases;
}

export const caseRoutes: FastifyPluginAsyncTypebox<CaseRoutesOptions> = async (app, opts) => {
  const u = opts.useCases;

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
};
