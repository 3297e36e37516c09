/** GET /api/v1/audit — the audit log for the audit admin (审计管理员) only: schema in, one use case (app/audit) call, schema out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AccessUseCases } from '../../app/access-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS, sortOf } from './common.schemas.ts';
import { BIGINT_SAFE } from '../edge/request-schemas.ts';

export interface AuditRoutesOptions {
  useCases: AccessUseCases;
}

const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorRoles: Type.Array(Type.String()),
  actorDepartment: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
  hashAlg: Type.String(),
});

export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        operationId: 'searchAuditLog',
        tags: ['audit'],
        summary: 'Search the audit log (AUDIT_ADMIN)',
        security: BEARER,
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            actorUserId: Type.Optional(Type.String({ maxLength: 64 })),
            actorUsername: Type.Optional(Type.String({ maxLength: 64 })),
            action: Type.Optional(Type.String({ maxLength: 200 })),
            target: Type.Optional(Type.String({ maxLength: 500 })),
            outcome: Type.Optional(Type.String({ maxLength: 20 })),
            beforeSeq: Type.Optional(
              Type.Integer({
                ...BIGINT_SAFE,
                minimum: 1,
                description:
                  'Only entries older than this seq (a bigint column): pages stay put while new entries arrive.',
              }),
            ),
            sort: sortOf(['-seq', 'seq']),
            ...PAGING,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditEntry), ...PROBLEMS },
      },
    },
    async (request) => {
      const { from, to, sort, limit, offset, ...filter } = request.query;
      return u.searchAuditLog(actorOf(request), {
        ...filter,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
        sort: sort ?? '-seq',
        ...pageOf({ limit, offset }),
      });
    },
  );
};
