/**
 * 省级同步 — GET /api/v1/sync/status (backlog, oldest unsent age, parked count, open lag incident, A10
 * anomalies), GET /api/v1/sync/parked (the parked records with the province's reasons, paged) and
 * POST /api/v1/sync/parked/{dfsjzj}/resend (re-queue a parked record as it was, or with corrected data
 * as a new record <dfsjzj>~<n>): schema in, one sync use case (app/sync) call, schema out. Supervisors
 * only (others: 403 FORBIDDEN); the resend is audited by the write hook with the outcome in its details.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { SyncUseCases } from '../../app/sync-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, missingBodyAsEmpty, Page, pageOf, PAGING, PROBLEMS } from './common.schemas.ts';

export interface SyncRoutesOptions {
  useCases: SyncUseCases;
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DFSJZJ_PATTERN = '^[A-Za-z0-9:_.~-]{1,200}$';

const ParkedRecord = Type.Object({
  dfsjzj: Type.String(),
  table: Type.String(),
  caseId: Nullable(Type.String()),
  sjsczt: Type.Literal(-1),
  code: Nullable(Type.String()),
  sbyy: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
  parkedAt: Nullable(Type.String({ format: 'date-time' })),
  attempts: Type.Integer(),
});
const SyncStatusView = Type.Object({
  backlog: Type.Integer({ description: 'Records not yet acknowledged (parked excluded).' }),
  oldestUnsentAgeSeconds: Type.Integer(),
  parkedCount: Type.Integer({
    description: 'Records the province refused, waiting for a resend: GET /api/v1/sync/parked lists them.',
  }),
  incident: Nullable(
    Type.Object({
      id: Type.Integer(),
      openedAt: Type.String({ format: 'date-time' }),
      notifiedAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
  openAnomalies: Type.Integer({ description: 'Open A10 sync-lag anomalies.' }),
});
const ResendResultView = Type.Union([
  Type.Object({ action: Type.Literal('requeued'), id: Type.Integer() }),
  Type.Object({
    action: Type.Literal('corrected'),
    id: Type.Integer(),
    dfsjzj: Type.String(),
    supersededId: Type.Integer(),
  }),
]);

export const syncRoutes: FastifyPluginAsyncTypebox<SyncRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/sync/status',
    {
      schema: {
        operationId: 'getSyncStatus',
        tags: ['sync'],
        summary: 'Provincial sync status: backlog, oldest unsent age, parked records counted (SUPERVISOR)',
        security: BEARER,
        response: { 200: SyncStatusView, ...PROBLEMS },
      },
    },
    async (request) => u.getSyncStatus(actorOf(request)),
  );

  app.get(
    '/api/v1/sync/parked',
    {
      schema: {
        operationId: 'listParkedRecords',
        tags: ['sync'],
        summary: 'Records the province refused (SJSCZT −1) with its reasons, in outbox order (SUPERVISOR)',
        security: BEARER,
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: { 200: Page(ParkedRecord), ...PROBLEMS },
      },
    },
    async (request) => u.listParkedRecords(actorOf(request), pageOf(request.query)),
  );

  app.post(
    '/api/v1/sync/parked/:dfsjzj/resend',
    {
      preValidation: missingBodyAsEmpty,
      schema: {
        operationId: 'resendParkedRecord',
        tags: ['sync'],
        summary: 'Re-send a parked record: as it was, or with corrected data as a new record (SJYXBS) (SUPERVISOR)',
        security: BEARER,
        params: Type.Object({ dfsjzj: Type.String({ pattern: DFSJZJ_PATTERN }) }),
        body: Type.Optional(
          Type.Object(
            {
              data: Type.Optional(
                Type.Record(Type.String(), Type.Unknown(), {
                  description: 'Corrected SPGL data; absent: re-queue as it was.',
                }),
              ),
              reason: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 500,
                  description: '数据无效原因 SJWXYY of the superseded record.',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: ResendResultView, ...PROBLEMS },
      },
    },
    async (request) => {
      const { dfsjzj } = request.params;
      const body = request.body ?? {};
      const result = await u.resendParkedRecord(actorOf(request), dfsjzj, body);
      request.auditInfo.details = { dfsjzj, ...result, ...(body.reason ? { reason: body.reason } : {}) };
      return result;
    },
  );
};
