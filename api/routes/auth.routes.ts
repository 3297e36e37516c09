/**
 * 登录 — POST /api/v1/auth/login, /refresh, /logout, /password and GET /api/v1/me: schema in, one
 * access use case (app/auth) call, schema out. Login, refresh and password change are public and under
 * the stricter login rate limit; login and password change write their audit record in their own
 * transaction (api/audit/audit.hook.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AccessUseCases } from '../../app/access-use-cases.ts';
import { BEARER, PROBLEMS, PUBLIC, UserView } from './common.schemas.ts';
import { actorOf } from '../request-context.ts';

export interface AuthRoutesOptions {
  useCases: AccessUseCases;
  loginRateLimit: { max: number; timeWindow: number };
}

const Tokens = {
  accessToken: Type.String({ description: 'Bearer token, 15 minutes.' }),
  refreshToken: Type.String({ description: 'Opaque; rotated on every use; a reused one ends the session.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds the access token lives.' }),
};
const Username = Type.String({ minLength: 1, maxLength: 64 });
const Password = Type.String({ minLength: 1, maxLength: 128 });
const SMALL_BODY = 4 * 1024;

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (
  app,
  { useCases: u, loginRateLimit },
) => {
  const limited = { public: true, rateLimit: loginRateLimit };
  const limitedInTx = { ...limited, audit: 'in-transaction' as const };

  app.post(
    '/api/v1/auth/login',
    {
      bodyLimit: SMALL_BODY,
      config: limitedInTx,
      schema: {
        operationId: 'logIn',
        tags: ['auth'],
        summary: 'Log in with username and password',
        security: PUBLIC,
        description:
          'Locks the account for 30 min after 5 failures in 15 min (ACCOUNT_LOCKED). An expired or temporary password answers PASSWORD_EXPIRED: change it first.',
        body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ ...Tokens, user: UserView }), ...PROBLEMS },
      },
    },
    async (request) => {
      request.auditInfo.actorUsername = request.body.username;
      return u.logIn(request.body.username, request.body.password, request.ip, request.auditInTransaction(200));
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      bodyLimit: SMALL_BODY,
      config: limited,
      schema: {
        operationId: 'refreshSession',
        tags: ['auth'],
        summary: 'Exchange a refresh token for new tokens (rotation)',
        security: PUBLIC,
        body: Type.Object(
          { refreshToken: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object(Tokens), ...PROBLEMS },
      },
    },
    async (request) => u.refreshSession(request.body.refreshToken),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        operationId: 'logOut',
        tags: ['auth'],
        summary: 'End the current session',
        security: BEARER,
        response: { 204: Type.Null({ description: 'The session has ended.' }), ...PROBLEMS },
      },
    },
    async (request, reply) => {
      await u.logOut(request.sessionId!);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      bodyLimit: SMALL_BODY,
      config: limitedInTx,
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: 'Change a password (also an expired or temporary one)',
        security: PUBLIC,
        description: '≥ 8 characters, 3 of 4 classes, not one of the last 5. Ends every session of the account.',
        body: Type.Object(
          { username: Username, currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            passwordChangedAt: Type.String({ format: 'date-time' }),
            passwordExpiresAt: Type.String({ format: 'date-time' }),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request) => {
      request.auditInfo.actorUsername = request.body.username;
      return u.changePassword(
        request.body.username,
        request.body.currentPassword,
        request.body.newPassword,
        request.auditInTransaction(200),
      );
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        operationId: 'getSignedInAccount',
        tags: ['auth'],
        summary: 'The signed-in account (personal data masked)',
        security: BEARER,
        response: { 200: UserView, ...PROBLEMS },
      },
    },
    async (request) => u.getSignedInAccount(actorOf(request)),
  );
};
