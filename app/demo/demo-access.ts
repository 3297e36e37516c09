/** The demo endpoints are the technical service provider's (技术服务单位: DEVELOPER) only. */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';

export function assertDeveloper(actor: Actor): void {
  if (!actor.roles.includes('DEVELOPER'))
    throw new DomainError('FORBIDDEN', '演示接口仅限技术服务单位', { field: 'authorization' });
}
