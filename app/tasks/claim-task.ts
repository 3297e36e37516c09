/** 认领 — take an open task of one's group; claiming one's own task again changes nothing. */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { openTask, taskView, type TaskEngine } from './task-scope.ts';

export function createClaimTask(deps: { store: Store; engine: TaskEngine }) {
  return async function claimTask(actor: Actor, id: string) {
    const { task, caseRow, application } = await openTask(deps.store.read, deps.engine, actor, id);
    if (task.assignee && task.assignee !== actor.userId)
      throw new DomainError('TASK_CLAIM_CONFLICT', `任务已由 ${task.assignee} 认领`, { field: 'params.id' });
    if (task.assignee !== actor.userId) await deps.engine.claimUserTask(id, actor.userId);
    return taskView({ ...task, assignee: actor.userId }, { caseRow, application });
  };
}
