/**
 * 办理 — complete an approval task: the initial check, a review (opinion, supplement request or special
 * procedure), a procedure's result, the joint review, an extension, the decision. The fields are checked
 * against the task (domain/case/task-completion.ts); a decision passes the supervision guard first; the
 * claim, the completion and the guard's record commit together, so a failure leaves the task as it was.
 */
import { businessRole, type Actor } from '../../domain/access/roles.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { completionVariables, type TaskCompletion, type TaskElement } from '../../domain/case/task-completion.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { DecisionGuard } from '../../domain/ports/decision-guard.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { openTask, taskView, type OpenTask, type TaskEngine, type TaskView } from './task-scope.ts';

export interface CompleteTaskDeps {
  store: Store;
  engine: TaskEngine;
  catalog: CatalogIndex;
  clock: Clock;
  decisionGuard?: DecisionGuard;
}
export type CompleteTaskInput = TaskCompletion & { override?: { code: string; reason: string } };

export function createCompleteTask(deps: CompleteTaskDeps) {
  /** `known`: the task and its context as the caller just read them (a case-level shortcut), so nothing is read twice. */
  return async function completeTask(
    actor: Actor,
    id: string,
    input: CompleteTaskInput,
    known?: OpenTask,
  ): Promise<TaskView & { variables: Record<string, unknown> }> {
    const { task, caseRow, application } = await openTask(deps.store.read, deps.engine, actor, id, known);
    if (task.assignee && task.assignee !== actor.userId)
      throw new DomainError('TASK_CLAIM_CONFLICT', `任务已由 ${task.assignee} 认领`, { field: 'params.id' });
    const { override, ...completion } = input;
    const variables = completionVariables(task.elementId as TaskElement, completion, {
      catalog: deps.catalog,
      itemCode: caseRow?.itemCode ?? null,
      completedBy: { userId: actor.userId, role: businessRole(actor), departmentCode: actor.departmentCode },
    });
    const guard =
      task.elementId === 'Task_Decide' && caseRow && deps.decisionGuard
        ? await deps.decisionGuard.check({
            caseId: caseRow.id,
            actor,
            at: deps.clock.now(),
            ...(override ? { override } : {}),
          })
        : null;
    await deps.store.transaction(async (uow) => {
      await guard?.commit(uow.tx);
      await uow.engine.completeUserTask({ userTaskKey: id, variables, assignee: actor.userId });
    });
    return {
      ...taskView({ ...task, assignee: actor.userId, state: 'COMPLETED' }, { caseRow, application }),
      variables,
    };
  };
}
export type CompleteTask = ReturnType<typeof createCompleteTask>;
