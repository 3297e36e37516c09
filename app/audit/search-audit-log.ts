/** 审计查询 — the audit log, newest first unless asked otherwise, for the audit admin (审计管理员) only. */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { AuditLog, AuditRecord, AuditSearch } from '../../domain/ports/audit-log.port.ts';
import type { Page } from '../paging.ts';

export function createSearchAuditLog(deps: { audit: AuditLog }) {
  return async function searchAuditLog(
    actor: Actor,
    query: AuditSearch,
  ): Promise<Page<Omit<AuditRecord, 'at'> & { at: string }>> {
    assertCan(actor, 'audit.read', { kind: 'audit' });
    const { rows, total } = await deps.audit.search(query);
    return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
  };
}
