/** GET /api/v1/audit — the audit log, newest first, for the audit admin (审计管理员) only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { assertCan } from '../../domain/access/policy.ts';
import type { AuditRepo } from '../../infra/db/audit.repo.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';
import { BIGINT_SAFE } from '../edge/request-schemas.ts';

export interface AuditRoutesOptions { audit: AuditRepo }

const AuditEntry = Type.Object({
  seq: Type.Integer(), at: Type.String({ format: 'date-time' }),
  actorUserId: Type.Union([Type.String(), Type.Null()]), actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorRoles: Type.Array(Type.String()), actorDepartment: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]), action: Type.String(), target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(), details: Type.Record(Type.String(), Type.Unknown()), prevHash: Type.String(), hash: Type.String(), hashAlg: Type.String(),
});

export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { audit }) => {
  app.get('/api/v1/audit', {
    schema: {
      tags: ['audit'], summary: 'Search the audit log (AUDIT_ADMIN)', security: BEARER,
      querystring: Type.Object({
        from: Type.Optional(Type.String({ format: 'date-time' })),
        to: Type.Optional(Type.String({ format: 'date-time' })),
        actorUserId: Type.Optional(Type.String({ maxLength: 64 })),
        actorUsername: Type.Optional(Type.String({ maxLength: 64 })),
        action: Type.Optional(Type.String({ maxLength: 200 })),
        target: Type.Optional(Type.String({ maxLength: 500 })),
        outcome: Type.Optional(Type.String({ maxLength: 20 })),
        beforeSeq: Type.Optional(Type.Integer({ ...BIGINT_SAFE, minimum: 1, description: 'Page: entries older than this seq (a bigint column).' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntry), nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]) }), ...PROBLEMS },
    },
  }, async (request) => {
    assertCan(actorOf(request), 'audit.read', { kind: 'audit' });
    const q = request.query;
    const limit = q.limit ?? 100;
    const rows = await audit.list({
      ...(q.from ? { from: new Date(q.from) } : {}), ...(q.to ? { to: new Date(q.to) } : {}),
      actorUserId: q.actorUserId, actorUsername: q.actorUsername, action: q.action, target: q.target, outcome: q.outcome, beforeSeq: q.beforeSeq, limit,
    });
    return {
      items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      nextBeforeSeq: rows.length === limit ? rows[rows.length - 1]!.seq : null,
    };
  });
};
