/**
 * 登录 — POST /api/v1/auth/login, /refresh, /logout, /password and GET /api/v1/me.
 * Login, refresh and password change are public and under the stricter login rate limit.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuthService } from '../auth/auth.service.ts';
import { toUserView } from '../auth/user-view.ts';
import type { PiiCrypto } from '../../infra/crypto/pii-crypto.ts';
import type { Clock } from '../../infra/clock.ts';
import { passwordExpiresAt } from '../../domain/access/password-policy.ts';
import { BEARER, PROBLEMS, UserView } from './common.schemas.ts';
import { actorOf } from '../request-context.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  pii: PiiCrypto;
  clock: Clock;
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

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, pii, clock, loginRateLimit }) => {
  const limited = { public: true, rateLimit: loginRateLimit };
  // a login and a password change write their audit record in their own transaction (api/audit/audit.hook.ts)
  const limitedInTx = { ...limited, audit: 'in-transaction' as const };

  app.post('/api/v1/auth/login', {
    bodyLimit: SMALL_BODY, config: limitedInTx,
    schema: {
      tags: ['auth'], summary: 'Log in with username and password',
      description: 'Locks the account for 30 min after 5 failures in 15 min (ACCOUNT_LOCKED). An expired or temporary password answers PASSWORD_EXPIRED: change it first.',
      body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
      response: { 200: Type.Object({ ...Tokens, user: UserView }), ...PROBLEMS },
    },
  }, async (request) => {
    request.auditInfo.actorUsername = request.body.username;
    const result = await auth.login(request.body.username, request.body.password, request.ip, request.auditInTransaction(200));
    const { user, ...tokens } = result;
    return { ...tokens, user: toUserView(user, pii, clock.now()) };
  });

  app.post('/api/v1/auth/refresh', {
    bodyLimit: SMALL_BODY, config: limited,
    schema: {
      tags: ['auth'], summary: 'Exchange a refresh token for new tokens (rotation)',
      body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: Type.Object(Tokens), ...PROBLEMS },
    },
  }, async (request) => auth.refresh(request.body.refreshToken));

  app.post('/api/v1/auth/logout', {
    bodyLimit: SMALL_BODY,
    schema: { tags: ['auth'], summary: 'End the current session', security: BEARER, response: { 204: Type.Null(), ...PROBLEMS } },
  }, async (request, reply) => {
    await auth.logout(request.sessionId!);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/auth/password', {
    bodyLimit: SMALL_BODY, config: limitedInTx,
    schema: {
      tags: ['auth'], summary: 'Change a password (also an expired or temporary one)',
      description: '≥ 8 characters, 3 of 4 classes, not one of the last 5. Ends every session of the account.',
      body: Type.Object({ username: Username, currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
      response: { 200: Type.Object({ passwordChangedAt: Type.String({ format: 'date-time' }), passwordExpiresAt: Type.String({ format: 'date-time' }) }), ...PROBLEMS },
    },
  }, async (request) => {
    request.auditInfo.actorUsername = request.body.username;
    const user = await auth.changePassword(request.body.username, request.body.currentPassword, request.body.newPassword, request.auditInTransaction(200));
    return { passwordChangedAt: user.passwordChangedAt.toISOString(), passwordExpiresAt: passwordExpiresAt(user.passwordChangedAt).toISOString() };
  });

  app.get('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'The signed-in account (personal data masked)', security: BEARER, response: { 200: UserView, ...PROBLEMS } },
  }, async (request) => {
    return toUserView(await auth.currentUser(actorOf(request).userId), pii, clock.now());
  });
};
