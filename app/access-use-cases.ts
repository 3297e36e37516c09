/**
 * The use cases of access: signing in and out, sessions, passwords (auth/), account administration
 * under 办法 §23 (accounts/) and the audit admin's search of the audit log (audit/) — built once over
 * the same ports, what the auth, users and audit routes call, one per route (and the auth hook calls
 * `authenticate` on every request).
 */
import type { DepartmentRef } from '../domain/access/lead-department.ts';
import type { AccessTokens } from '../domain/ports/access-tokens.port.ts';
import type { AccountStore } from '../domain/ports/account-store.port.ts';
import type { AuditLog } from '../domain/ports/audit-log.port.ts';
import type { Clock } from '../domain/ports/clock.port.ts';
import type { PasswordHasher } from '../domain/ports/password-hasher.port.ts';
import type { PiiCipher } from '../domain/ports/pii-cipher.port.ts';
import type { Secrets } from '../domain/ports/secrets.port.ts';
import { createCreateAccount } from './accounts/create-account.ts';
import { createGetAccount } from './accounts/get-account.ts';
import { createListAccounts } from './accounts/list-accounts.ts';
import { createResetPassword } from './accounts/reset-password.ts';
import { createUpdateAccount } from './accounts/update-account.ts';
import { createSearchAuditLog } from './audit/search-audit-log.ts';
import { createAuthenticate } from './auth/authenticate.ts';
import { createChangePassword } from './auth/change-password.ts';
import { createGetSignedInAccount } from './auth/get-signed-in-account.ts';
import { createLogIn } from './auth/log-in.ts';
import { createLogOut } from './auth/log-out.ts';
import { createRefreshSession } from './auth/refresh-session.ts';

export interface AccessUseCaseDeps {
  accounts: AccountStore;
  audit: AuditLog;
  passwords: PasswordHasher;
  tokens: AccessTokens;
  secrets: Secrets;
  pii: PiiCipher;
  clock: Clock;
  /** Departments accounts may belong to (the catalogue's list). */
  departments: readonly DepartmentRef[];
}

export function createAccessUseCases(deps: AccessUseCaseDeps) {
  return {
    authenticate: createAuthenticate(deps),
    logIn: createLogIn(deps),
    refreshSession: createRefreshSession(deps),
    logOut: createLogOut(deps),
    changePassword: createChangePassword(deps),
    getSignedInAccount: createGetSignedInAccount(deps),
    createAccount: createCreateAccount(deps),
    listAccounts: createListAccounts(deps),
    getAccount: createGetAccount(deps),
    updateAccount: createUpdateAccount(deps),
    resetPassword: createResetPassword(deps),
    searchAuditLog: createSearchAuditLog(deps),
  };
}
export type AccessUseCases = ReturnType<typeof createAccessUseCases>;
