/**
 * Checking a username and password, with the lockout (5 failures in 15 minutes lock the account for
 * 30): an unknown username costs the same time as a wrong password (a decoy hash is verified).
 */
import { isLocked } from '../../domain/access/password-policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountRecord, AccountStore } from '../../domain/ports/account-store.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PasswordHasher } from '../../domain/ports/password-hasher.port.ts';

export interface CredentialDeps {
  accounts: AccountStore;
  passwords: PasswordHasher;
  clock: Clock;
}

const invalidCredentials = (field: string) =>
  new DomainError('AUTH_INVALID_CREDENTIALS', '用户名或口令错误', { field });
const locked = (until: Date | null) =>
  new DomainError('ACCOUNT_LOCKED', `账号已锁定，请于 ${until?.toISOString()} 后再试`, {
    field: 'username',
    lockedUntil: until?.toISOString(),
  });

export function createCheckCredentials(deps: CredentialDeps) {
  /** A hash to verify against when the username is unknown, so both paths take the same time. */
  let decoyHash: Promise<string> | undefined;
  /** The account on success; `passwordField` names the input a refusal points at. */
  return async function checkCredentials(
    username: string,
    password: string,
    passwordField: string,
  ): Promise<AccountRecord> {
    const user = await deps.accounts.read.byUsername(username);
    if (!user) {
      decoyHash ??= deps.passwords.hash('decoy-Password-1');
      await deps.passwords.verify(password, await decoyHash);
      throw invalidCredentials(passwordField);
    }
    const now = deps.clock.now();
    if (isLocked(user, now)) throw locked(user.lockedUntil);
    if (!(await deps.passwords.verify(password, user.passwordHash))) {
      const after = await deps.accounts.read.recordFailure(user.id, now);
      if (isLocked(after, now)) throw locked(after.lockedUntil);
      throw invalidCredentials(passwordField);
    }
    if (user.failedCount > 0 || user.lockedUntil) await deps.accounts.read.clearFailures(user.id);
    if (user.disabled) throw new DomainError('ACCOUNT_DISABLED', '账号已停用', { field: 'username' });
    return user;
  };
}
export type CheckCredentials = ReturnType<typeof createCheckCredentials>;
