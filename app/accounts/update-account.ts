/**
 * 修改账号 — roles, permissions, name, phone; disable or enable. A change of roles or permissions, or a
 * disable, ends the account's sessions; the audit record (roles, permissions and state before and
 * after) is written in the transaction of the change.
 */
import { assertCan, hasAction } from '../../domain/access/policy.ts';
import { validateRoleSet, type Actor, type Permission, type Role } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountRecord, AccountStore } from '../../domain/ports/account-store.port.ts';
import type { AuditInTransaction } from '../../domain/ports/audit-log.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PiiCipher } from '../../domain/ports/pii-cipher.port.ts';
import { accountResource, accountView, type AccountView } from './account-view.ts';
import { accountNotFound, requireRequestRef } from './department-of.ts';

export interface AccountPatch {
  displayName?: string;
  roles?: Role[];
  permissions?: Permission[];
  disabled?: boolean;
  phone?: string | null;
  requestRef?: string;
}

const facts = (r: AccountRecord) => ({ roles: r.roles, permissions: r.permissions, disabled: r.disabled });

export function createUpdateAccount(deps: { accounts: AccountStore; pii: PiiCipher; clock: Clock }) {
  return async function updateAccount(
    actor: Actor,
    id: string,
    patch: AccountPatch,
    audit?: AuditInTransaction,
  ): Promise<AccountView> {
    const row = await deps.accounts.read.byId(id);
    if (!row)
      throw hasAction(actor, 'user.update')
        ? accountNotFound(id)
        : new DomainError('FORBIDDEN', '无权修改账号', { action: 'user.update' });
    assertCan(actor, 'user.update', accountResource(row));
    const roles = patch.roles ?? row.roles;
    if (patch.roles) validateRoleSet(roles);
    assertCan(actor, 'user.update', accountResource({ ...row, roles }));
    requireRequestRef(roles, row.roles, patch.requestRef);
    const now = deps.clock.now();
    const { pii } = deps;
    const updated = await deps.accounts.transaction(async ({ accounts, tx }) => {
      const next = await accounts.update(id, {
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.roles ? { roles } : {}),
        ...(patch.permissions ? { permissions: patch.permissions } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.phone !== undefined
          ? {
              phoneEnc: patch.phone ? pii.encryptPii(patch.phone) : null,
              phoneIdx: patch.phone ? pii.blindIndex(patch.phone) : null,
            }
          : {}),
        ...(patch.requestRef ? { requestRef: patch.requestRef } : {}),
        updatedAt: now,
      });
      if (patch.disabled === true || patch.roles || patch.permissions)
        await accounts.revokeSessionsOf(id, now, 'account-changed');
      await audit?.(tx, {
        target: `user:${id}`,
        details: { before: facts(row), after: facts(next!), requestRef: patch.requestRef },
      });
      return next!;
    });
    return accountView(updated, pii, now);
  };
}
