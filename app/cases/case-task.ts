/**
 * The case-level shortcuts (special procedure, supplement request, extension) complete the open user
 * task of the case's diagram on the caller's behalf, so the diagram stays the one place the flow is
 * defined. The case, its application, siblings and owner are read once and become the task's context.
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { TASK_ACTIONS, type TaskElement } from '../../domain/case/task-completion.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Repositories } from '../../domain/ports/store.port.ts';
import { readableCase } from './case-scope.ts';
import { caseIdOf, type OpenTask, type TaskEngine } from '../tasks/task-scope.ts';

const ELEMENT_NAMES: Record<TaskElement, string> = {
  Task_InitialCheck: '初步核对', Task_Review: '部门审查', Task_RunProcedure: '特别程序', Task_JointReview: '会审', Task_DecideExtension: '延期决定', Task_Decide: '审批决定',
};

/** How many open tasks of one element the engine is asked for while the case's one is looked up. */
const TASK_LOOKUP_LIMIT = 1000;

/** The open task of `elementId` for the case, with its context; CASE_ILLEGAL_TRANSITION when there is none. */
export async function openCaseTask(read: Repositories, engine: TaskEngine, actor: Actor, caseId: string, elementId: TaskElement, field = 'params.caseId'): Promise<OpenTask> {
  const scoped = await readableCase(read, actor, caseId, field);
  assertCan(actor, TASK_ACTIONS[elementId], scoped.resource);
  // a case's tasks may live in a called process (the special procedure), so the lookup is by element and case
  const tasks = await engine.listUserTasks({ elementId, state: 'CREATED', limit: TASK_LOOKUP_LIMIT });
  const task = tasks.find((t) => caseIdOf(t) === caseId);
  if (!task) throw new DomainError('CASE_ILLEGAL_TRANSITION', `当前没有待办的${ELEMENT_NAMES[elementId]}`, { field });
  return { task, action: TASK_ACTIONS[elementId], resource: scoped.resource, caseRow: scoped.row, application: scoped.application };
}

/** The open task of `elementId` for an application (the initial check), narrowed to its process instance. */
export async function openApplicationTask(engine: TaskEngine, application: { id: string; processInstanceKey: string | null }, elementId: TaskElement): Promise<OpenTask['task']> {
  const tasks = await engine.listUserTasks({ elementId, state: 'CREATED', ...(application.processInstanceKey ? { processInstanceKey: application.processInstanceKey } : {}), limit: TASK_LOOKUP_LIMIT });
  const task = tasks.find((t) => t.variables.applicationId === application.id);
  if (!task) throw new DomainError('CASE_ILLEGAL_TRANSITION', `当前没有待办的${ELEMENT_NAMES[elementId]}`, { field: 'params.id' });
  return task;
}
