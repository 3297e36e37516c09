/** 账号列表 — the accounts in the caller's scope (a department admin: its department), a page at a time. */
import { can } from '../../domain/access/policy.ts';
import { listScope } from '../../domain/access/list-scope.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountSort, AccountStore } from '../../domain/ports/account-store.port.ts';
import type { AuditActor } from '../../domain/ports/audit-log.port.ts';
import type { Page } from '../paging.ts';
import { accountResource, viewAccounts, type AccountView, type AccountViewDeps } from './account-view.ts';

export interface ListAccountsQuery {
  departmentCode?: string;
  phone?: string;
  sort: AccountSort;
  limit: number;
  offset: number;
  unmask: boolean;
}

export function createListAccounts(deps: AccountViewDeps & { accounts: AccountStore }) {
  return async function listAccounts(
    actor: Actor,
    query: ListAccountsQuery,
    who: AuditActor,
  ): Promise<Page<AccountView>> {
    const scope = listScope(actor, 'user.read');
    if (!scope) throw new DomainError('FORBIDDEN', '无权查看账号', { action: 'user.read' });
    if (scope.departmentCode && query.departmentCode && query.departmentCode !== scope.departmentCode) {
      throw new DomainError('FORBIDDEN', '只能查看本部门账号', { field: 'departmentCode' });
    }
    const departmentCode = scope.departmentCode ?? query.departmentCode;
    const { rows, total } = await deps.accounts.read.list({
      ...(departmentCode ? { departmentCode } : {}),
      ...(scope.regionCode ? { regionCode: scope.regionCode } : {}),
      ...(query.phone ? { phoneIdx: deps.pii.blindIndex(query.phone) } : {}),
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
    });
    const visible = rows.filter((r) => can(actor, 'user.read', accountResource(r)));
    return { items: await viewAccounts(deps, actor, visible, query.unmask, who), total };
  };
}
