/** 重置口令 — a one-time temporary password (also lifts a lockout); every session of the account ends; audited in the same transaction. */
import { assertCan, hasAction } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { AuditInTransaction } from '../../domain/ports/audit-log.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PasswordHasher } from '../../domain/ports/password-hasher.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import { accountResource } from './account-view.ts';
import { accountNotFound } from './department-of.ts';

export function createResetPassword(deps: {
  accounts: AccountStore;
  passwords: PasswordHasher;
  secrets: Secrets;
  clock: Clock;
}) {
  return async function resetPassword(
    actor: Actor,
    id: string,
    audit?: AuditInTransaction,
  ): Promise<{ temporaryPassword: string }> {
    const row = await deps.accounts.read.byId(id);
    if (!row)
      throw hasAction(actor, 'user.reset-password')
        ? accountNotFound(id)
        : new DomainError('FORBIDDEN', '无权重置口令', { action: 'user.reset-password' });
    assertCan(actor, 'user.reset-password', accountResource(row));
    const password = deps.secrets.temporaryPassword();
    const now = deps.clock.now();
    const hash = await deps.passwords.hash(password);
    await deps.accounts.transaction(async ({ accounts, tx }) => {
      await accounts.setPassword(id, hash, now, true);
      await accounts.revokeSessionsOf(id, now, 'password-reset');
      await audit?.(tx, { target: `user:${id}` });
    });
    return { temporaryPassword: password };
  };
}
