/**
 * 启动特别程序 (办法 §12) — a reviewing department starts an expert review, hearing, public notice, site
 * survey…: its review task completes with SPECIAL_PROCEDURE; the diagram pauses the administrative
 * clock, starts the procedure's own and tells the applicant.
 */
import type { Actor } from '../../domain/access/roles.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import type { CompleteTask } from '../tasks/complete-task.ts';
import type { TaskEngine } from '../tasks/task-scope.ts';
import { openCaseTask } from './case-task.ts';
import { renameField } from './rename-field.ts';

export function createStartSpecialProcedure(deps: { store: Store; engine: TaskEngine; completeTask: CompleteTask }) {
  return async function startSpecialProcedure(
    actor: Actor,
    caseId: string,
    input: { type: string; reason: string },
  ): Promise<{ taskId: string }> {
    const open = await openCaseTask(deps.store.read, deps.engine, actor, caseId, 'Task_Review');
    const done = await deps
      .completeTask(
        actor,
        open.task.key,
        { action: 'SPECIAL_PROCEDURE', procedureType: input.type, reason: input.reason },
        open,
      )
      .catch(renameField({ 'body.procedureType': 'body.type' }));
    return { taskId: done.id };
  };
}
