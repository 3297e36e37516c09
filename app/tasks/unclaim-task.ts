/** 退回组内 — give one's claimed task back to the group. */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { openTask, taskView, type TaskEngine } from './task-scope.ts';

export function createUnclaimTask(deps: { store: Store; engine: TaskEngine }) {
  return async function unclaimTask(actor: Actor, id: string) {
    const { task, caseRow, application } = await openTask(deps.store.read, deps.engine, actor, id);
    if (task.assignee !== actor.userId)
      throw new DomainError('TASK_CLAIM_CONFLICT', task.assignee ? `任务由 ${task.assignee} 认领` : '任务未被认领', {
        field: 'params.id',
      });
    await deps.engine.unclaimUserTask(id);
    return taskView({ ...task, assignee: null }, { caseRow, application });
  };
}
