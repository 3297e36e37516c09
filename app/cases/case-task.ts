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
  Task_InitialCheck: '初步核对',
  Task_Review: '部门审查',
  Task_RunProcedure: '特别程序',
  Task_JointReview: '会审',
  Task_DecideExtension: '延期决定',
  Task_Decide: '审批决定',
};

/** How many open tasks of one element one process instance may hold (a stage's items, each with its review). */
const TASK_LOOKUP_LIMIT = 1000;

/**
 * The process instance the case's task of `elementId` lives in: the special procedure's own (a called
 * process) for Task_RunProcedure, the stage application's for the others; null when not known yet.
 */
async function instanceOf(
  read: Repositories,
  caseId: string,
  applicationInstance: string | null,
  elementId: TaskElement,
): Promise<string | null> {
  if (elementId !== 'Task_RunProcedure') return applicationInstance;
  return (await read.cases.openProcedureOf(caseId))?.processInstanceKey ?? null;
}

/** The open task of `elementId` for the case, with its context; CASE_ILLEGAL_TRANSITION when there is none. */
export async function openCaseTask(
  read: Repositories,
  engine: TaskEngine,
  actor: Actor,
  caseId: string,
  elementId: TaskElement,
  field = 'params.caseId',
): Promise<OpenTask> {
  const scoped = await readableCase(read, actor, caseId, field);
  assertCan(actor, TASK_ACTIONS[elementId], scoped.resource);
  // the lookup is narrowed to the instance the task lives in, so it finds the case's task however many
  // other open tasks the department has; only an instance not known yet (a cluster still relaying its
  // creation, a procedure started before its instance was kept) falls back to the element's open tasks
  const instance = await instanceOf(read, caseId, scoped.application.processInstanceKey, elementId);
  const tasks = await engine.listUserTasks({
    elementId,
    state: 'CREATED',
    ...(instance ? { processInstanceKey: instance } : {}),
    limit: TASK_LOOKUP_LIMIT,
  });
  const task = tasks.find((t) => caseIdOf(t) === caseId);
  if (!task) throw new DomainError('CASE_ILLEGAL_TRANSITION', `当前没有待办的${ELEMENT_NAMES[elementId]}`, { field });
  return {
    task,
    action: TASK_ACTIONS[elementId],
    resource: scoped.resource,
    caseRow: scoped.row,
    application: scoped.application,
  };
}

/** The open task of `elementId` for an application (the initial check), narrowed to its process instance. */
export async function openApplicationTask(
  engine: TaskEngine,
  application: { id: string; processInstanceKey: string | null },
  elementId: TaskElement,
): Promise<OpenTask['task']> {
  const tasks = await engine.listUserTasks({
    elementId,
    state: 'CREATED',
    ...(application.processInstanceKey ? { processInstanceKey: application.processInstanceKey } : {}),
    limit: TASK_LOOKUP_LIMIT,
  });
  const task = tasks.find((t) => t.variables.applicationId === application.id);
  if (!task)
    throw new DomainError('CASE_ILLEGAL_TRANSITION', `当前没有待办的${ELEMENT_NAMES[elementId]}`, {
      field: 'params.id',
    });
  return task;
}
