/**
 * 登录与会话 — login, refresh-token rotation, logout, password change and the per-request check of an
 * access token against its session. Time comes from the injected clock. The rules (complexity,
 * expiry, lockout, timeouts) are domain/access; this file applies them to stored accounts.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { assertPasswordStrength, isLocked, isPasswordExpired, PASSWORD_POLICY } from '../../domain/access/password-policy.ts';
import { SESSION_POLICY, sessionState } from '../../domain/access/session-policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Database, Tx } from '../../infra/db/client.ts';
import { hashPassword, verifyPassword } from '../../infra/crypto/password-hash.ts';
import { hashOpaqueToken, newOpaqueToken, type TokenSigner } from '../../infra/crypto/access-token.ts';
import type { AccountRepo, UserRow } from '../../infra/db/account.repo.ts';
import type { AuditInTx } from '../../infra/db/audit.repo.ts';
import { actorOf } from './user-view.ts';

export interface AuthServiceDeps {
  database: Database;
  accounts: AccountRepo;
  signer: TokenSigner;
  clock: Clock;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface Authenticated { actor: Actor; sessionId: string; user: UserRow }

/** A hash to verify against when the username is unknown, so both paths take the same time. */
let decoyHash: Promise<string> | undefined;

const invalidCredentials = (field = 'password') => new DomainError('AUTH_INVALID_CREDENTIALS', '用户名或口令错误', { field });
const locked = (until: Date | null) => new DomainError('ACCOUNT_LOCKED', `账号已锁定，请于 ${until?.toISOString()} 后再试`, { field: 'username', lockedUntil: until?.toISOString() });

export function createAuthService({ database, accounts, signer, clock }: AuthServiceDeps) {
  function accessToken(userId: string, sessionId: string, sessionCreatedAt: Date, now: Date): { token: string; expiresIn: number } {
    const exp = Math.min(now.getTime() + SESSION_POLICY.accessTokenMs, sessionCreatedAt.getTime() + SESSION_POLICY.absoluteMs);
    const token = signer.sign({ sub: userId, sid: sessionId, iat: Math.floor(now.getTime() / 1000), exp: Math.floor(exp / 1000) });
    return { token, expiresIn: Math.max(0, Math.floor((exp - now.getTime()) / 1000)) };
  }

  /** Checks username and password with lockout; the account row on success. */
  async function checkCredentials(username: string, password: string, passwordField: string): Promise<UserRow> {
    const user = await accounts.findByUsername(username);
    if (!user) {
      decoyHash ??= hashPassword('decoy-Password-1');
      await verifyPassword(password, await decoyHash);
      throw invalidCredentials(passwordField);
    }
    const now = clock.now();
    if (isLocked(user, now)) throw locked(user.lockedUntil);
    if (!(await verifyPassword(password, user.passwordHash))) {
      const after = await accounts.recordFailure(user.id, now);
      if (isLocked(after, now)) throw locked(after.lockedUntil);
      throw invalidCredentials(passwordField);
    }
    if (user.failedCount > 0 || user.lockedUntil) await accounts.clearFailures(user.id);
    if (user.disabled) throw new DomainError('ACCOUNT_DISABLED', '账号已停用', { field: 'username' });
    return user;
  }

  return {
    /** `audit` writes the login's record in the transaction that creates the session: no session without it. */
    async login(username: string, password: string, clientAddress: string | null, audit?: AuditInTx): Promise<IssuedTokens & { user: UserRow }> {
      const user = await checkCredentials(username, password, 'password');
      const now = clock.now();
      if (user.mustChangePassword || isPasswordExpired(user.passwordChangedAt, now)) {
        throw new DomainError('PASSWORD_EXPIRED', '口令已过期或为临时口令，请先修改口令 (POST /api/v1/auth/password)', { field: 'password' });
      }
      const sessionId = randomUUID();
      const refreshToken = newOpaqueToken();
      await accounts.createSession({ id: sessionId, userId: user.id, at: now, clientAddress }, hashOpaqueToken(refreshToken), audit && ((tx) => audit(tx, {
        actorUserId: user.id, actorUsername: user.username, actorRoles: user.roles, actorDepartment: user.departmentCode, target: `user:${user.id}`,
      })));
      const access = accessToken(user.id, sessionId, now, now);
      return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn, user };
    },

    async refresh(presented: string): Promise<IssuedTokens> {
      const now = clock.now();
      const next = newOpaqueToken();
      const outcome = await accounts.rotateRefreshToken(hashOpaqueToken(presented), hashOpaqueToken(next), now);
      if (outcome.status === 'unknown') throw new DomainError('AUTH_REFRESH_INVALID', '刷新令牌无效', { field: 'refreshToken' });
      if (outcome.status === 'reused') {
        await accounts.revokeSession(outcome.sessionId, now, 'refresh-token-reuse');
        throw new DomainError('AUTH_REFRESH_REUSED', '刷新令牌被重复使用，会话已注销', { field: 'refreshToken', sessionId: outcome.sessionId });
      }
      const session = await accounts.findSession(outcome.sessionId);
      const state = session ? sessionState(session, now) : 'revoked';
      if (!session || state !== 'active') {
        if (session && state !== 'revoked') await accounts.revokeSession(session.id, now, state);
        throw new DomainError('AUTH_SESSION_EXPIRED', '会话已过期，请重新登录', { field: 'refreshToken', state });
      }
      const user = await accounts.findById(session.userId);
      if (!user || user.disabled) throw new DomainError('AUTH_SESSION_EXPIRED', '账号已停用', { field: 'refreshToken' });
      await accounts.touchSession(session.id, now);
      const access = accessToken(user.id, session.id, session.createdAt, now);
      return { accessToken: access.token, refreshToken: next, tokenType: 'Bearer', expiresIn: access.expiresIn };
    },

    async currentUser(userId: string): Promise<UserRow> {
      const user = await accounts.findById(userId);
      if (!user) throw new DomainError('USER_NOT_FOUND', '用户不存在', { field: 'authorization' });
      return user;
    },

    async logout(sessionId: string): Promise<void> {
      await accounts.revokeSession(sessionId, clock.now(), 'logout');
    },

    /** Changes a password given the current one (works for an expired password too); ends every session. */
    async changePassword(username: string, currentPassword: string, newPassword: string, audit?: AuditInTx): Promise<UserRow> {
      const user = await checkCredentials(username, currentPassword, 'currentPassword');
      assertPasswordStrength(newPassword, { username: user.username, field: 'newPassword' });
      for (const old of await accounts.recentPasswordHashes(user.id, PASSWORD_POLICY.historyDepth)) {
        if (await verifyPassword(newPassword, old)) {
          throw new DomainError('PASSWORD_REUSED', `不能使用最近 ${PASSWORD_POLICY.historyDepth} 次用过的口令`, { field: 'newPassword' });
        }
      }
      const now = clock.now();
      const hash = await hashPassword(newPassword);
      await database.db.transaction(async (tx) => {
        await accounts.setPassword(tx as Tx, user.id, hash, now, false);
        await accounts.revokeUserSessions(tx, user.id, now, 'password-changed');
        await audit?.(tx as Tx, { actorUserId: user.id, actorUsername: user.username, actorRoles: user.roles, actorDepartment: user.departmentCode, target: `user:${user.id}` });
      });
      return (await accounts.findById(user.id))!;
    },

    /** The actor behind a bearer token, or an AUTH_* error. Touches the session (idle timeout). */
    async authenticate(authorization: string | undefined): Promise<Authenticated> {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) throw new DomainError('AUTH_REQUIRED', '需要登录', { field: 'authorization' });
      const now = clock.now();
      const verified = signer.verify(match[1]!, now);
      if (!verified.ok) {
        throw new DomainError(verified.reason === 'expired' ? 'AUTH_TOKEN_EXPIRED' : 'AUTH_TOKEN_INVALID', '访问令牌无效或已过期', { field: 'authorization' });
      }
      const session = await accounts.findSession(verified.claims.sid);
      const state = session ? sessionState(session, now) : 'revoked';
      if (!session || state !== 'active' || session.userId !== verified.claims.sub) {
        if (session && state !== 'active' && state !== 'revoked') await accounts.revokeSession(session.id, now, state);
        throw new DomainError('AUTH_SESSION_EXPIRED', '会话已结束，请重新登录', { field: 'authorization', state });
      }
      const user = await accounts.findById(session.userId);
      if (!user || user.disabled) throw new DomainError('AUTH_SESSION_EXPIRED', '账号已停用', { field: 'authorization' });
      // the idle clock needs seconds, not every request: one write per session per TOUCH_INTERVAL_MS
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await accounts.touchSession(session.id, now);
      return { actor: actorOf(user), sessionId: session.id, user };
    },
  };
}

/** A session's last-seen time is written at most this often (the idle timeout is 30 minutes). */
export const TOUCH_INTERVAL_MS = 15_000;

export type AuthService = ReturnType<typeof createAuthService>;
