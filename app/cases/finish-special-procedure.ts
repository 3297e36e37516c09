/**
 * 特别程序结束 — PASS resumes the administrative clock with the days it had left; FAIL sends the
 * one-time rectification notice (整改).
 */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import type { CompleteTask } from '../tasks/complete-task.ts';
import type { TaskEngine } from '../tasks/task-scope.ts';
import { openCaseTask } from './case-task.ts';

export function createFinishSpecialProcedure(deps: { store: Store; engine: TaskEngine; completeTask: CompleteTask }) {
  return async function finishSpecialProcedure(
    actor: Actor,
    procedureId: string,
    input: { result: 'PASS' | 'FAIL'; note?: string },
  ): Promise<{ taskId: string }> {
    const procedure = await deps.store.read.cases.specialProcedure(procedureId);
    if (!procedure)
      throw new DomainError('SPECIAL_PROCEDURE_NOT_FOUND', `特别程序 ${procedureId} 不存在`, { field: 'params.id' });
    if (procedure.finishedAt)
      throw new DomainError('CASE_ILLEGAL_TRANSITION', '特别程序已结束', { field: 'params.id' });
    const open = await openCaseTask(deps.store.read, deps.engine, actor, procedure.caseId, 'Task_RunProcedure');
    const done = await deps.completeTask(
      actor,
      open.task.key,
      { result: input.result, ...(input.note ? { note: input.note } : {}) },
      open,
    );
    return { taskId: done.id };
  };
}
