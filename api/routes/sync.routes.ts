/**
 * 省级同步 — GET /api/v1/sync/status (backlog, oldest unsent age, open lag incident, A10 anomalies,
 * parked records with the province's reasons) and POST /api/v1/sync/parked/{dfsjzj}/resend (re-queue
 * a parked record as it was, or with corrected data as a new record <dfsjzj>~<n>). Supervisors only
 * (others: 403 FORBIDDEN); the resend is audited by the write hook with the outcome in its details.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../infra/db/client.ts';
import type { Clock } from '../../infra/clock.ts';
import { getSyncStatus } from '../../infra/sync/sync-status.ts';
import { OutboxRecordNotFoundError, resendParked } from '../../infra/db/outbox.repo.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { can } from '../../domain/access/policy.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, missingBodyAsEmpty, PROBLEMS } from './common.schemas.ts';

export interface SyncRoutesOptions { database: Database; clock: Clock }

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DFSJZJ_PATTERN = '^[A-Za-z0-9:_.~-]{1,200}$';

const ParkedRecord = Type.Object({
  dfsjzj: Type.String(), table: Type.String(), caseId: Nullable(Type.String()), sjsczt: Type.Literal(-1), code: Nullable(Type.String()),
  sbyy: Nullable(Type.String()), recordedAt: Type.String({ format: 'date-time' }), parkedAt: Nullable(Type.String({ format: 'date-time' })), attempts: Type.Integer(),
});
const SyncStatusView = Type.Object({
  backlog: Type.Integer({ description: 'Records not yet acknowledged (parked excluded).' }),
  oldestUnsentAgeSeconds: Type.Integer(), parkedCount: Type.Integer(), parked: Type.Array(ParkedRecord),
  incident: Nullable(Type.Object({ id: Type.Integer(), openedAt: Type.String({ format: 'date-time' }), notifiedAt: Nullable(Type.String({ format: 'date-time' })) })),
  openAnomalies: Type.Integer({ description: 'Open A10 sync-lag anomalies.' }),
});
const ResendResultView = Type.Union([
  Type.Object({ action: Type.Literal('requeued'), id: Type.Integer() }),
  Type.Object({ action: Type.Literal('corrected'), id: Type.Integer(), dfsjzj: Type.String(), supersededId: Type.Integer() }),
]);

function assertSupervisor(actor: Actor, action: 'sync.read' | 'sync.resend'): void {
  if (!can(actor, action, { kind: 'platform' })) throw new DomainError('FORBIDDEN', '仅监督人员可查看或重报省级同步数据', { action });
}

export const syncRoutes: FastifyPluginAsyncTypebox<SyncRoutesOptions> = async (app, { database, clock }) => {
  app.get('/api/v1/sync/status', {
    schema: {
      tags: ['sync'], summary: 'Provincial sync status: backlog, oldest unsent age, parked records with reasons (SUPERVISOR)', security: BEARER,
      querystring: Type.Object({ parkedLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
      response: { 200: SyncStatusView, ...PROBLEMS },
    },
  }, async (request) => {
    assertSupervisor(actorOf(request), 'sync.read');
    return getSyncStatus(database.db, clock.now(), request.query.parkedLimit ? { parkedLimit: request.query.parkedLimit } : {});
  });

  app.post('/api/v1/sync/parked/:dfsjzj/resend', {
    preValidation: missingBodyAsEmpty,
    schema: {
      tags: ['sync'], summary: 'Re-send a parked record: as it was, or with corrected data as a new record (SJYXBS) (SUPERVISOR)', security: BEARER,
      params: Type.Object({ dfsjzj: Type.String({ pattern: DFSJZJ_PATTERN }) }),
      body: Type.Optional(Type.Object({
        data: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Corrected SPGL data; absent: re-queue as it was.' })),
        reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: '数据无效原因 SJWXYY of the superseded record.' })),
      }, { additionalProperties: false })),
      response: { 200: ResendResultView, ...PROBLEMS },
    },
  }, async (request) => {
    assertSupervisor(actorOf(request), 'sync.resend');
    const { dfsjzj } = request.params;
    const body = request.body ?? {};
    try {
      const result = await resendParked(database.db, dfsjzj, { now: clock.now(), ...(body.data ? { data: body.data } : {}), ...(body.reason ? { reason: body.reason } : {}) });
      request.auditInfo.details = { dfsjzj, ...result, ...(body.reason ? { reason: body.reason } : {}) };
      return result;
    } catch (err) {
      if (err instanceof OutboxRecordNotFoundError) throw new DomainError('SYNC_RECORD_NOT_FOUND', `没有地方数据主键为 ${dfsjzj} 的待重报记录`, { field: 'params.dfsjzj' });
      throw err;
    }
  });
};
