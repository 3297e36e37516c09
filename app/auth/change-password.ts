/**
 * 修改口令 — given the current password (an expired or temporary one too, with the same lockout): the
 * new one must meet the policy and not be one of the last 5; every session of the account ends; the
 * audit record is written in the same transaction.
 */
import { assertPasswordStrength, PASSWORD_POLICY, passwordExpiresAt } from '../../domain/access/password-policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AuditInTransaction } from '../../domain/ports/audit-log.port.ts';
import { createCheckCredentials, type CredentialDeps } from './credentials.ts';

export function createChangePassword(deps: CredentialDeps) {
  const checkCredentials = createCheckCredentials(deps);
  return async function changePassword(
    username: string,
    currentPassword: string,
    newPassword: string,
    audit?: AuditInTransaction,
  ): Promise<{ passwordChangedAt: string; passwordExpiresAt: string }> {
    const user = await checkCredentials(username, currentPassword, 'currentPassword');
    assertPasswordStrength(newPassword, { username: user.username, field: 'newPassword' });
    for (const old of await deps.accounts.read.recentPasswordHashes(user.id, PASSWORD_POLICY.historyDepth)) {
      if (await deps.passwords.verify(newPassword, old)) {
        throw new DomainError('PASSWORD_REUSED', `不能使用最近 ${PASSWORD_POLICY.historyDepth} 次用过的口令`, {
          field: 'newPassword',
        });
      }
    }
    const now = deps.clock.now();
    const hash = await deps.passwords.hash(newPassword);
    await deps.accounts.transaction(async ({ accounts, tx }) => {
      await accounts.setPassword(user.id, hash, now, false);
      await accounts.revokeSessionsOf(user.id, now, 'password-changed');
      await audit?.(tx, {
        actorUserId: user.id,
        actorUsername: user.username,
        actorRoles: user.roles,
        actorDepartment: user.departmentCode,
        target: `user:${user.id}`,
      });
    });
    return { passwordChangedAt: now.toISOString(), passwordExpiresAt: passwordExpiresAt(now).toISOString() };
  };
}
