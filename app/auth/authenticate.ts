/**
 * 身份验证 — the actor behind a bearer token, checked against its session (idle 30 min, absolute 12 h,
 * revoked) and account (disabled), or an AUTH_* refusal. Touches the session for the idle timeout —
 * at most once per TOUCH_INTERVAL_MS.
 */
import type { Actor } from '../../domain/access/roles.ts';
import { sessionState } from '../../domain/access/session-policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccessTokens } from '../../domain/ports/access-tokens.port.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { actorOfAccount } from '../accounts/account-view.ts';

/** A session's last-seen time is written at most this often (the idle timeout is 30 minutes). */
export const TOUCH_INTERVAL_MS = 15_000;

export interface Authenticated {
  actor: Actor;
  sessionId: string;
}

export function createAuthenticate(deps: { accounts: AccountStore; tokens: AccessTokens; clock: Clock }) {
  const accounts = deps.accounts.read;
  return async function authenticate(authorization: string | undefined): Promise<Authenticated> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError('AUTH_REQUIRED', '需要登录', { field: 'authorization' });
    const now = deps.clock.now();
    const verified = deps.tokens.verify(match[1]!, now);
    if (!verified.ok) {
      throw new DomainError(
        verified.reason === 'expired' ? 'AUTH_TOKEN_EXPIRED' : 'AUTH_TOKEN_INVALID',
        '访问令牌无效或已过期',
        { field: 'authorization' },
      );
    }
    const session = await accounts.session(verified.claims.sid);
    const state = session ? sessionState(session, now) : 'revoked';
    if (!session || state !== 'active' || session.userId !== verified.claims.sub) {
      if (session && state !== 'active' && state !== 'revoked') await accounts.revokeSession(session.id, now, state);
      throw new DomainError('AUTH_SESSION_EXPIRED', '会话已结束，请重新登录', { field: 'authorization', state });
    }
    const user = await accounts.byId(session.userId);
    if (!user || user.disabled) throw new DomainError('AUTH_SESSION_EXPIRED', '账号已停用', { field: 'authorization' });
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await accounts.touchSession(session.id, now);
    return { actor: actorOfAccount(user), sessionId: session.id };
  };
}
