/** 账号详情 — one account the caller may read (404 for one outside the scope, 403 without the right at all). */
import { can, hasAction } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { AuditActor } from '../../domain/ports/audit-log.port.ts';
import { accountResource, viewAccounts, type AccountView, type AccountViewDeps } from './account-view.ts';
import { accountNotFound } from './department-of.ts';

export function createGetAccount(deps: AccountViewDeps & { accounts: AccountStore }) {
  return async function getAccount(actor: Actor, id: string, unmask: boolean, who: AuditActor): Promise<AccountView> {
    const row = await deps.accounts.read.byId(id);
    if (!row || !can(actor, 'user.read', accountResource(row))) {
      if (!hasAction(actor, 'user.read')) throw new DomainError('FORBIDDEN', '无权查看账号', { action: 'user.read' });
      throw accountNotFound(id);
    }
    return (await viewAccounts(deps, actor, [row], unmask, who))[0]!;
  };
}
