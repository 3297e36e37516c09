/**
 * 创建账号 — department admins create WINDOW/REVIEWER/DEPT_HEAD accounts of their own department; the
 * system admin creates DEPT_ADMIN (on 市工改办's request), SUPERVISOR and DEVELOPER accounts. The account
 * gets a one-time temporary password; its audit record is written in the transaction that creates it.
 */
import { assertCan } from '../../domain/access/policy.ts';
import { validateRoleSet, type Actor, type Permission, type Role } from '../../domain/access/roles.ts';
import type { DepartmentRef } from '../../domain/access/lead-department.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { AuditInTransaction } from '../../domain/ports/audit-log.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PasswordHasher } from '../../domain/ports/password-hasher.port.ts';
import type { PiiCipher } from '../../domain/ports/pii-cipher.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import { accountView, type AccountView } from './account-view.ts';
import { departmentOf, requireRequestRef } from './department-of.ts';

export interface NewAccountInput {
  username: string;
  displayName: string;
  roles: Role[];
  permissions?: Permission[];
  departmentCode: string;
  phone?: string;
  idNumber?: string;
  requestRef?: string;
}

export interface CreateAccountDeps {
  accounts: AccountStore;
  passwords: PasswordHasher;
  secrets: Secrets;
  pii: PiiCipher;
  clock: Clock;
  departments: readonly DepartmentRef[];
}

export function createCreateAccount(deps: CreateAccountDeps) {
  return async function createAccount(
    actor: Actor,
    input: NewAccountInput,
    audit?: AuditInTransaction,
  ): Promise<{ user: AccountView; temporaryPassword: string }> {
    const dept = departmentOf(deps.departments, input.departmentCode);
    validateRoleSet(input.roles);
    assertCan(actor, 'user.create', {
      kind: 'user',
      departmentCode: dept.code,
      regionCode: dept.regionCode,
      roles: input.roles,
    });
    requireRequestRef(input.roles, [], input.requestRef);
    if (await deps.accounts.read.byUsername(input.username))
      throw new DomainError('USER_EXISTS', `用户名已存在: ${input.username}`, { field: 'username' });
    const password = deps.secrets.temporaryPassword();
    const now = deps.clock.now();
    const passwordHash = await deps.passwords.hash(password);
    const { pii } = deps;
    const row = await deps.accounts.transaction(async ({ accounts, tx }) => {
      const inserted = await accounts.insert({
        id: deps.secrets.newId(),
        username: input.username,
        displayName: input.displayName,
        roles: input.roles,
        permissions: input.permissions ?? [],
        departmentCode: dept.code,
        regionCode: dept.regionCode,
        phoneEnc: input.phone ? pii.encryptPii(input.phone) : null,
        phoneIdx: input.phone ? pii.blindIndex(input.phone) : null,
        idNumberEnc: input.idNumber ? pii.encryptPii(input.idNumber) : null,
        idNumberIdx: input.idNumber ? pii.blindIndex(input.idNumber) : null,
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
        requestRef: input.requestRef ?? null,
      });
      await audit?.(tx, {
        target: `user:${inserted.id}`,
        details: {
          username: inserted.username,
          roles: inserted.roles,
          permissions: inserted.permissions,
          departmentCode: inserted.departmentCode,
          requestRef: input.requestRef,
        },
      });
      return inserted;
    });
    return { user: accountView(row, pii, now), temporaryPassword: password };
  };
}
