/** One open task the actor may act on. */
import type { Actor } from '../../domain/access/roles.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { openTask, taskView, type TaskEngine } from './task-scope.ts';

export function createGetTask(deps: { store: Store; engine: TaskEngine }) {
  return async function getTask(actor: Actor, id: string) {
    const { task, caseRow, application } = await openTask(deps.store.read, deps.engine, actor, id);
    return taskView(task, { caseRow, application });
  };
}
