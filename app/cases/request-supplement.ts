/**
 * 受理后补件 — a reviewing department lists every missing material at once (一次性告知); the diagram
 * pauses the case's clock until the applicant hands them in.
 */
import type { Actor } from '../../domain/access/roles.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import type { CompleteTask } from '../tasks/complete-task.ts';
import type { TaskEngine } from '../tasks/task-scope.ts';
import { openCaseTask } from './case-task.ts';

export function createRequestSupplement(deps: { store: Store; engine: TaskEngine; completeTask: CompleteTask }) {
  return async function requestSupplement(
    actor: Actor,
    caseId: string,
    input: { missingMaterials: string[]; reason?: string },
  ): Promise<{ taskId: string }> {
    const open = await openCaseTask(deps.store.read, deps.engine, actor, caseId, 'Task_Review');
    const done = await deps.completeTask(
      actor,
      open.task.key,
      {
        action: 'SUPPLEMENT',
        missingMaterials: input.missingMaterials,
        ...(input.reason ? { reason: input.reason } : {}),
      },
      open,
    );
    return { taskId: done.id };
  };
}
