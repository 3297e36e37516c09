/** 流程版本 — the deployed versions of the stage diagrams (newest first per process), for developers, supervisors and department staff; not applicants or the platform admins. */
import { hasAction } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProcessDeployment, ProcessVersion } from '../../domain/ports/process-deployment.port.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';

const STAFF = new Set(['WINDOW', 'REVIEWER', 'DEPT_HEAD', 'SUPERVISOR']);

export function createListProcessVersions(deps: { processes: ProcessDeployment }) {
  return async function listProcessVersions(actor: Actor, page: PageRequest): Promise<Page<ProcessVersion>> {
    if (!hasAction(actor, 'process.deploy') && !actor.roles.some((r) => STAFF.has(r)))
      throw new DomainError('FORBIDDEN', '无权查看流程版本', { field: 'authorization' });
    return pageOf(await deps.processes.versions(), page);
  };
}
