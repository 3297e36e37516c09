/**
 * 演示模式 — registered only when the system runs in demo time (DEMO_TIME, the embedded default):
 * move the clock forward so clocks, lights and the warning ladder can be shown without waiting, and
 * read the text messages the local fake gateway received. Developers only; every advance is audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ManualClock } from '../../infra/clock.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS } from './common.schemas.ts';

export interface DevRoutesOptions {
  clock: ManualClock;
  /** Messages the fake SMS gateway received (absent when a real gateway is configured). */
  smsSent?: () => { templateId: string; phones: string[]; text: string; receivedAt?: string }[];
}

const HOUR = 3_600_000;

export const devRoutes: FastifyPluginAsyncTypebox<DevRoutesOptions> = async (app, { clock, smsSent }) => {
  const developerOnly = (request: Parameters<typeof actorOf>[0]) => {
    if (!actorOf(request).roles.includes('DEVELOPER')) throw new DomainError('FORBIDDEN', '演示接口仅限技术服务单位', { field: 'authorization' });
  };

  app.post('/api/v1/dev/clock/advance', {
    schema: {
      operationId: 'advanceDemoClock', tags: ['dev'], summary: 'Demo time only: move the clock forward', security: BEARER,
      body: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 24 * 400 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ now: Type.String() }), ...PROBLEMS },
    },
  }, async (request) => {
    developerOnly(request);
    const now = clock.advance(request.body.hours * HOUR);
    request.auditInfo.details = { hours: request.body.hours, now: now.toISOString() };
    return { now: now.toISOString() };
  });

  app.get('/api/v1/dev/sms', {
    schema: {
      operationId: 'listDemoSms', tags: ['dev'], summary: 'Demo only: the text messages the local fake SMS gateway received, oldest first', security: BEARER,
      querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
      response: { 200: Page(Type.Object({ templateId: Type.String(), phones: Type.Array(Type.String()), text: Type.String() })), ...PROBLEMS },
    },
  }, async (request) => {
    developerOnly(request);
    const { limit, offset } = pageOf(request.query);
    const sent = smsSent?.() ?? [];
    return { items: sent.slice(offset, offset + limit).map((m) => ({ templateId: m.templateId, phones: m.phones, text: m.text })), total: sent.length };
  });
};
