/**
 * 账号管理 — POST/GET /api/v1/users, GET/PATCH /api/v1/users/{id}, POST /api/v1/users/{id}/reset-password:
 * schema in, one access use case (app/accounts) call, schema out. Scope and who-may-give-which-role
 * are domain/access/policy.ts; account changes write their audit record (with the change) in their
 * own transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AccessUseCases } from '../../app/access-use-cases.ts';
import { auditActor } from '../audit/audit.hook.ts';
import { actorOf } from '../request-context.ts';
import {
  BEARER,
  ID_NUMBER_PATTERN,
  Page,
  pageOf,
  PAGING,
  PermissionSchema,
  PHONE_PATTERN,
  PROBLEMS,
  RoleSchema,
  sortOf,
  UserView,
} from './common.schemas.ts';

export interface UsersRoutesOptions {
  useCases: AccessUseCases;
}

const Id = Type.Object({ id: Type.String({ format: 'uuid', description: 'Account id' }) });
const Unmask = Type.Optional(
  Type.Boolean({ description: 'Show ID numbers and phones in full: needs PII_VIEW; audited.' }),
);
const USER_BODY = 16 * 1024;
/** Account changes write their audit record in their own transaction (api/audit/audit.hook.ts). */
const IN_TX = { audit: 'in-transaction' } as const;
const TemporaryPassword = Type.String({
  description: 'One-time password, shown once; must be changed at first login.',
});

export const usersRoutes: FastifyPluginAsyncTypebox<UsersRoutesOptions> = async (app, { useCases: u }) => {
  app.post(
    '/api/v1/users',
    {
      bodyLimit: USER_BODY,
      config: IN_TX,
      schema: {
        operationId: 'createAccount',
        tags: ['users'],
        summary: 'Create an account',
        security: BEARER,
        description:
          'Department admins create WINDOW/REVIEWER/DEPT_HEAD accounts in their own department; the system admin creates DEPT_ADMIN, SUPERVISOR and DEVELOPER accounts, a DEPT_ADMIN only with the 市工改办 request reference (办法 §23).',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9._-]{2,63}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 5, uniqueItems: true }),
            permissions: Type.Optional(Type.Array(PermissionSchema, { uniqueItems: true })),
            departmentCode: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$' }),
            phone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
            idNumber: Type.Optional(Type.String({ pattern: ID_NUMBER_PATTERN })),
            requestRef: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: '市工改办 request (letter or ticket number).' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: UserView, temporaryPassword: TemporaryPassword }), ...PROBLEMS },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await u.createAccount(actorOf(request), request.body, request.auditInTransaction(201))),
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'listAccounts',
        tags: ['users'],
        summary: "List accounts in the caller's scope",
        security: BEARER,
        querystring: Type.Object(
          {
            departmentCode: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$' })),
            phone: Type.Optional(
              Type.String({ pattern: PHONE_PATTERN, description: 'Exact match through the blind index.' }),
            ),
            sort: sortOf(['username', '-username', 'createdAt', '-createdAt']),
            ...PAGING,
            unmask: Unmask,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(UserView), ...PROBLEMS },
      },
    },
    async (request) => {
      const q = request.query;
      return u.listAccounts(
        actorOf(request),
        {
          ...(q.departmentCode ? { departmentCode: q.departmentCode } : {}),
          ...(q.phone ? { phone: q.phone } : {}),
          sort: q.sort ?? 'username',
          ...pageOf(q),
          unmask: q.unmask ?? false,
        },
        auditActor(request),
      );
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'getAccount',
        tags: ['users'],
        summary: 'One account',
        security: BEARER,
        params: Id,
        querystring: Type.Object({ unmask: Unmask }, { additionalProperties: false }),
        response: { 200: UserView, ...PROBLEMS },
      },
    },
    async (request) =>
      u.getAccount(actorOf(request), request.params.id, request.query.unmask ?? false, auditActor(request)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      bodyLimit: USER_BODY,
      config: IN_TX,
      schema: {
        operationId: 'updateAccount',
        tags: ['users'],
        summary: 'Change roles, permissions, name or phone; disable or enable',
        security: BEARER,
        params: Id,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 5, uniqueItems: true })),
            permissions: Type.Optional(Type.Array(PermissionSchema, { uniqueItems: true })),
            disabled: Type.Optional(Type.Boolean()),
            phone: Type.Optional(Type.Union([Type.String({ pattern: PHONE_PATTERN }), Type.Null()])),
            requestRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserView, ...PROBLEMS },
      },
    },
    async (request) => {
      request.auditInfo.target = `user:${request.params.id}`;
      return u.updateAccount(actorOf(request), request.params.id, request.body, request.auditInTransaction(200));
    },
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      bodyLimit: 1024,
      config: IN_TX,
      schema: {
        operationId: 'resetPassword',
        tags: ['users'],
        summary: 'Reset a password to a one-time temporary one (also lifts a lockout)',
        security: BEARER,
        params: Id,
        response: { 200: Type.Object({ temporaryPassword: TemporaryPassword }), ...PROBLEMS },
      },
    },
    async (request) => {
      request.auditInfo.target = `user:${request.params.id}`;
      return u.resetPassword(actorOf(request), request.params.id, request.auditInTransaction(200));
    },
  );
};
