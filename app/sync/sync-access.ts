/** 省级同步 is the supervisors' to watch and mend (policy: sync.read, sync.resend); anyone else: 403. */
import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';

export function assertSupervisor(actor: Actor, action: 'sync.read' | 'sync.resend'): void {
  if (!can(actor, action, { kind: 'platform' }))
    throw new DomainError('FORBIDDEN', '仅监督人员可查看或重报省级同步数据', { action });
}
