/**
 * An approval task (待办) in its case's scope: the task's item case or application, the policy
 * resource and the action completing it needs (domain/case/task-completion.ts), the view the API shows.
 */
import { assertCan, can, type Action } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { ApplicationRecord, ItemCaseRecord } from '../../domain/case/case-records.ts';
import { isTaskElement, TASK_ACTIONS } from '../../domain/case/task-completion.ts';
import { DomainError } from '../../domain/errors.ts';
import type { EnginePort, UserTask } from '../../domain/ports/engine.port.ts';
import type { Repositories } from '../../domain/ports/store.port.ts';
import { applicationResourceOf, caseResourceOf, type CaseResource } from '../cases/case-scope.ts';

export type TaskEngine = Pick<EnginePort, 'getUserTask' | 'listUserTasks' | 'claimUserTask' | 'unclaimUserTask'>;

export interface TaskContext {
  action: Action;
  resource: CaseResource;
  caseRow: ItemCaseRecord | null;
  application: ApplicationRecord | null;
}
/** A task with its context, as openTask answers it (and a caller that already read both may pass it in). */
export type OpenTask = TaskContext & { task: UserTask };

/** The case a task belongs to: its `caseId` variable, or the item case of a multi-instance review. */
export function caseIdOf(t: UserTask): string | null {
  const v = t.variables;
  if (typeof v.caseId === 'string') return v.caseId;
  const ic = v.itemCase as { caseId?: unknown } | undefined;
  return typeof ic?.caseId === 'string' ? ic.caseId : null;
}

export const taskNotFound = (id: string) =>
  new DomainError('TASK_NOT_FOUND', `任务 ${id} 不存在`, { field: 'params.id' });

/**
 * The contexts of many tasks at once — four reads in all (cases, applications, their item cases,
 * project owners) instead of four per task. A task whose application is missing has no context.
 */
export async function taskContexts(read: Repositories, tasks: readonly UserTask[]): Promise<Map<string, TaskContext>> {
  const caseIds = [...new Set(tasks.map(caseIdOf).filter((id): id is string => id !== null))];
  const caseRows = new Map((await read.cases.itemCases(caseIds)).map((c) => [c.id, c]));
  const applicationIdOf = (t: UserTask): string | null => {
    const caseId = caseIdOf(t);
    return typeof t.variables.applicationId === 'string'
      ? t.variables.applicationId
      : ((caseId ? caseRows.get(caseId)?.applicationId : undefined) ?? null);
  };
  const applicationIds = [...new Set(tasks.map(applicationIdOf).filter((id): id is string => id !== null))];
  const applications = new Map((await read.cases.applications(applicationIds)).map((a) => [a.id, a]));
  const stageIds = [...new Set([...caseRows.values()].map((c) => c.applicationId).concat([...applications.keys()]))];
  const stageCases = new Map<string, ItemCaseRecord[]>();
  for (const c of await read.cases.itemCasesOf(stageIds)) {
    const list = stageCases.get(c.applicationId) ?? [];
    if (list.length === 0) stageCases.set(c.applicationId, list);
    list.push(c);
  }
  const owners = await read.cases.ownersOf([
    ...new Set(
      [...caseRows.values()].map((c) => c.projectCode).concat([...applications.values()].map((a) => a.projectCode)),
    ),
  ]);
  const contexts = new Map<string, TaskContext>();
  for (const t of tasks) {
    if (!isTaskElement(t.elementId)) continue;
    const caseId = caseIdOf(t);
    const caseRow = caseId ? (caseRows.get(caseId) ?? null) : null;
    const applicationId = applicationIdOf(t);
    const application = applicationId ? (applications.get(applicationId) ?? null) : null;
    if (!application) continue;
    const resource =
      caseRow && t.elementId !== 'Task_JointReview'
        ? caseResourceOf(
            caseRow,
            stageCases.get(caseRow.applicationId) ?? [],
            application.leadDepartment,
            owners.get(caseRow.projectCode) ?? '',
          )
        : applicationResourceOf(
            application,
            stageCases.get(application.id) ?? [],
            owners.get(application.projectCode) ?? '',
          );
    contexts.set(t.key, { action: TASK_ACTIONS[t.elementId], resource, caseRow, application });
  }
  return contexts;
}

export function taskView(t: UserTask, ctx: Pick<TaskContext, 'caseRow' | 'application'>) {
  return {
    id: t.key,
    elementId: t.elementId,
    name: t.name,
    state: t.state,
    assignee: t.assignee,
    candidateGroups: t.candidateGroups,
    dueDate: t.dueDate,
    createdAt: t.createdAt.toISOString(),
    applicationId: ctx.application?.id ?? null,
    projectCode: ctx.application?.projectCode ?? null,
    stage: ctx.application?.stageNo ?? null,
    caseId: ctx.caseRow?.id ?? null,
    itemCode: ctx.caseRow?.itemCode ?? null,
    department: ctx.caseRow?.department ?? ctx.application?.leadDepartment ?? null,
    regionCode: ctx.application?.regionCode ?? null,
  };
}
export type TaskView = ReturnType<typeof taskView>;

/**
 * An open approval task the actor may act on: TASK_NOT_FOUND when it is not one or lies outside the
 * actor's read scope, FORBIDDEN when the actor may read but not act, TASK_ILLEGAL_TRANSITION when done.
 */
export async function openTask(
  read: Repositories,
  engine: TaskEngine,
  actor: Actor,
  id: string,
  known?: OpenTask,
): Promise<OpenTask> {
  const t = known?.task ?? (await engine.getUserTask(id).catch(() => null));
  if (!t || !isTaskElement(t.elementId)) throw taskNotFound(id);
  const ctx = known ?? (await taskContexts(read, [t])).get(t.key);
  if (!ctx) throw new DomainError('TASK_NOT_FOUND', `任务 ${t.key} 的申报不存在`, { field: 'params.id' });
  if (!can(actor, ctx.action, ctx.resource)) {
    if (!can(actor, 'case.read', ctx.resource)) throw taskNotFound(id);
    assertCan(actor, ctx.action, ctx.resource);
  }
  if (t.state !== 'CREATED')
    throw new DomainError('TASK_ILLEGAL_TRANSITION', `任务 ${id} 已${t.state === 'COMPLETED' ? '完成' : '取消'}`, {
      field: 'params.id',
    });
  return { ...ctx, task: t };
}
