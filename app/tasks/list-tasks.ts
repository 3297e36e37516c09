/**
 * 待办 — my tasks (claimed by me) or my group's (my department's, and the window's for window staff),
 * earliest due first, only those the actor may act on.
 */
import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { isTaskElement } from '../../domain/case/task-completion.ts';
import { WINDOW_GROUP } from '../../domain/process-contract.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { taskContexts, taskView, type TaskEngine, type TaskView } from './task-scope.ts';

export interface ListTasksDeps {
  store: Store;
  engine: TaskEngine;
}
export interface ListTasksQuery {
  scope: 'mine' | 'group';
  limit: number;
  offset: number;
}

/** How many open tasks one list reads from the engine (the paged SQL inbox replaces this bound). */
const READ_LIMIT = 1000;

export const groupsOf = (actor: Actor): string[] => [
  actor.departmentCode,
  ...(actor.roles.includes('WINDOW') ? [WINDOW_GROUP] : []),
];

export function createListTasks(deps: ListTasksDeps) {
  return async function listTasks(actor: Actor, query: ListTasksQuery): Promise<{ items: TaskView[]; total: number }> {
    const raw =
      query.scope === 'mine'
        ? await deps.engine.listUserTasks({ assignee: actor.userId, state: 'CREATED', limit: READ_LIMIT })
        : await deps.engine.listUserTasks({ candidateGroups: groupsOf(actor), state: 'CREATED', limit: READ_LIMIT });
    const tasks = raw.filter((t) => isTaskElement(t.elementId));
    const contexts = await taskContexts(deps.store.read, tasks);
    const items: TaskView[] = [];
    for (const t of tasks) {
      const ctx = contexts.get(t.key);
      if (ctx && can(actor, ctx.action, ctx.resource)) items.push(taskView(t, ctx));
    }
    items.sort((a, b) => (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9') || a.createdAt.localeCompare(b.createdAt));
    return { items: items.slice(query.offset, query.offset + query.limit), total: items.length };
  };
}
