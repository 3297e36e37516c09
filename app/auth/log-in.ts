/**
 * 登录 — username and password; an expired or temporary password answers PASSWORD_EXPIRED (change it
 * first). The session and the login's audit record are written in one transaction: no session without it.
 */
import { isPasswordExpired } from '../../domain/access/password-policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccessTokens } from '../../domain/ports/access-tokens.port.ts';
import type { AuditInTransaction } from '../../domain/ports/audit-log.port.ts';
import type { PiiCipher } from '../../domain/ports/pii-cipher.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import { accountView, type AccountView } from '../accounts/account-view.ts';
import { accessToken, type IssuedTokens } from './access-token.ts';
import { createCheckCredentials, type CredentialDeps } from './credentials.ts';

export interface LogInDeps extends CredentialDeps {
  tokens: AccessTokens;
  secrets: Secrets;
  pii: PiiCipher;
}

export function createLogIn(deps: LogInDeps) {
  const checkCredentials = createCheckCredentials(deps);
  return async function logIn(
    username: string,
    password: string,
    clientAddress: string | null,
    audit?: AuditInTransaction,
  ): Promise<IssuedTokens & { user: AccountView }> {
    const user = await checkCredentials(username, password, 'password');
    const now = deps.clock.now();
    if (user.mustChangePassword || isPasswordExpired(user.passwordChangedAt, now)) {
      throw new DomainError('PASSWORD_EXPIRED', '口令已过期或为临时口令，请先修改口令 (POST /api/v1/auth/password)', {
        field: 'password',
      });
    }
    const sessionId = deps.secrets.newId();
    const refreshToken = deps.secrets.opaqueToken();
    await deps.accounts.transaction(async ({ accounts, tx }) => {
      await accounts.createSession(
        { id: sessionId, userId: user.id, at: now, clientAddress },
        deps.secrets.digest(refreshToken),
      );
      await audit?.(tx, {
        actorUserId: user.id,
        actorUsername: user.username,
        actorRoles: user.roles,
        actorDepartment: user.departmentCode,
        target: `user:${user.id}`,
      });
    });
    const access = accessToken(deps.tokens, user.id, sessionId, now, now);
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      user: accountView(user, deps.pii, now),
    };
  };
}
