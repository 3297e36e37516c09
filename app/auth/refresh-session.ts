/**
 * 刷新令牌 — a refresh token is exchanged for new tokens once (rotation); presenting a used one again
 * ends the session (the whole family), as does an idle or expired session or a disabled account.
 */
import { sessionState } from '../../domain/access/session-policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccessTokens } from '../../domain/ports/access-tokens.port.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import { accessToken, type IssuedTokens } from './access-token.ts';

export function createRefreshSession(deps: {
  accounts: AccountStore;
  tokens: AccessTokens;
  secrets: Secrets;
  clock: Clock;
}) {
  const accounts = deps.accounts.read;
  return async function refreshSession(presented: string): Promise<IssuedTokens> {
    const now = deps.clock.now();
    const next = deps.secrets.opaqueToken();
    const outcome = await accounts.rotateRefreshToken(deps.secrets.digest(presented), deps.secrets.digest(next), now);
    if (outcome.status === 'unknown')
      throw new DomainError('AUTH_REFRESH_INVALID', '刷新令牌无效', { field: 'refreshToken' });
    if (outcome.status === 'reused') {
      await accounts.revokeSession(outcome.sessionId, now, 'refresh-token-reuse');
      throw new DomainError('AUTH_REFRESH_REUSED', '刷新令牌被重复使用，会话已注销', {
        field: 'refreshToken',
        sessionId: outcome.sessionId,
      });
    }
    const session = await accounts.session(outcome.sessionId);
    const state = session ? sessionState(session, now) : 'revoked';
    if (!session || state !== 'active') {
      if (session && state !== 'revoked') await accounts.revokeSession(session.id, now, state);
      throw new DomainError('AUTH_SESSION_EXPIRED', '会话已过期，请重新登录', { field: 'refreshToken', state });
    }
    const user = await accounts.byId(session.userId);
    if (!user || user.disabled) throw new DomainError('AUTH_SESSION_EXPIRED', '账号已停用', { field: 'refreshToken' });
    await accounts.touchSession(session.id, now);
    const access = accessToken(deps.tokens, user.id, session.id, session.createdAt, now);
    return { accessToken: access.token, refreshToken: next, tokenType: 'Bearer', expiresIn: access.expiresIn };
  };
}
