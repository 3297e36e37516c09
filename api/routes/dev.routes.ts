/**
 * 演示模式 — registered only when the system runs in demo time (DEMO_TIME, the embedded default):
 * move the clock forward so clocks, lights and the warning ladder can be shown without waiting, and
 * read the text messages the local fake gateway received. Developers only; every advance is audited.
 * Schema in, one demo use case (app/demo) call, schema out.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DemoUseCases } from '../../app/demo-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS } from './common.schemas.ts';

export interface DevRoutesOptions {
  useCases: DemoUseCases;
}

export const devRoutes: FastifyPluginAsyncTypebox<DevRoutesOptions> = async (app, { useCases: u }) => {
  app.post(
    '/api/v1/dev/clock/advance',
    {
      schema: {
        operationId: 'advanceDemoClock',
        tags: ['dev'],
        summary: 'Demo time only: move the clock forward',
        security: BEARER,
        body: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 24 * 400 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ now: Type.String() }), ...PROBLEMS },
      },
    },
    async (request) => {
      const moved = u.advanceDemoClock(actorOf(request), request.body.hours);
      request.auditInfo.details = { hours: request.body.hours, now: moved.now };
      return moved;
    },
  );

  app.get(
    '/api/v1/dev/sms',
    {
      schema: {
        operationId: 'listDemoSms',
        tags: ['dev'],
        summary: 'Demo only: the text messages the local fake SMS gateway received, oldest first',
        security: BEARER,
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: {
          200: Page(Type.Object({ templateId: Type.String(), phones: Type.Array(Type.String()), text: Type.String() })),
          ...PROBLEMS,
        },
      },
    },
    async (request) => u.listDemoSms(actorOf(request), pageOf(request.query)),
  );
};
