/** 时限延长 — after a supplement the lead department decides how many working days to add (办法 §15). */
import type { Actor } from '../../domain/access/roles.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import type { CompleteTask } from '../tasks/complete-task.ts';
import type { TaskEngine } from '../tasks/task-scope.ts';
import { openCaseTask } from './case-task.ts';
import { renameField } from './rename-field.ts';

export function createDecideExtension(deps: { store: Store; engine: TaskEngine; completeTask: CompleteTask }) {
  return async function decideExtension(
    actor: Actor,
    caseId: string,
    input: { days: number; reason?: string },
  ): Promise<{ taskId: string }> {
    const open = await openCaseTask(deps.store.read, deps.engine, actor, caseId, 'Task_DecideExtension');
    const done = await deps
      .completeTask(
        actor,
        open.task.key,
        { extensionDays: input.days, ...(input.reason ? { extensionReason: input.reason } : {}) },
        open,
      )
      .catch(renameField({ 'body.extensionDays': 'body.days', 'body.extensionReason': 'body.reason' }));
    return { taskId: done.id };
  };
}
