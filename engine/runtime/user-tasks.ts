/**
 * User tasks (Camunda user tasks, zeebe:userTask): listed by assignee, candidate groups or users, with
 * the variables visible at their element; claimed, unclaimed, and completed — alone or inside the
 * caller's transaction, claiming a task without assignee as it completes it.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Key, UserTask, UserTaskQuery, Variables } from '../api.ts';
import { EngineError } from '../errors.ts';
import type { EngineTx } from '../store/database.ts';
import { loadInstanceForUpdate, visibleVariables, type InstanceRow } from '../store/instance-store.ts';
import { engineProcessInstance, engineUserTask } from '../store/tables.ts';
import type { EngineCore, Wakeups } from './engine-core.ts';

export async function listUserTasks(core: EngineCore, query: UserTaskQuery): Promise<UserTask[]> {
  const conds = [eq(engineUserTask.state, query.state ?? 'CREATED')];
  if (query.processInstanceKey) conds.push(eq(engineUserTask.processInstanceKey, query.processInstanceKey));
  if (query.elementId) conds.push(eq(engineUserTask.elementId, query.elementId));
  const who = [];
  if (query.assignee) who.push(eq(engineUserTask.assignee, query.assignee));
  if (query.candidateGroups?.length)
    who.push(
      sql`${engineUserTask.candidateGroups} ?| ${sql`array[${sql.join(
        query.candidateGroups.map((g) => sql`${g}`),
        sql`, `,
      )}]::text[]`}`,
    );
  if (query.candidateUser)
    who.push(sql`${engineUserTask.candidateUsers} @> ${JSON.stringify([query.candidateUser])}::jsonb`);
  if (who.length) conds.push(or(...who)!);
  const rows = await core.db
    .select()
    .from(engineUserTask)
    .where(and(...conds))
    .orderBy(asc(engineUserTask.key))
    .limit(query.limit ?? 1000);
  return withTaskVariables(core, rows);
}

export async function getUserTask(core: EngineCore, userTaskKey: Key): Promise<UserTask | null> {
  const rows = await core.db.select().from(engineUserTask).where(eq(engineUserTask.key, userTaskKey));
  return (await withTaskVariables(core, rows))[0] ?? null;
}

async function withTaskVariables(core: EngineCore, rows: (typeof engineUserTask.$inferSelect)[]): Promise<UserTask[]> {
  if (rows.length === 0) return [];
  const docs = new Map(
    (
      await core.db
        .select({ key: engineProcessInstance.key, document: engineProcessInstance.document })
        .from(engineProcessInstance)
        .where(inArray(engineProcessInstance.key, [...new Set(rows.map((r) => r.processInstanceKey))]))
    ).map((r) => [r.key, r.document as InstanceRow['doc']]),
  );
  return rows.map((r) => ({
    key: r.key,
    processInstanceKey: r.processInstanceKey,
    bpmnProcessId: r.bpmnProcessId,
    elementId: r.elementId,
    elementInstanceKey: r.elementInstanceKey,
    name: r.name,
    assignee: r.assignee,
    candidateGroups: r.candidateGroups,
    candidateUsers: r.candidateUsers,
    dueDate: r.dueDate,
    followUpDate: r.followUpDate,
    formKey: r.formKey,
    customHeaders: r.customHeaders,
    state: r.state,
    createdAt: r.createdAt,
    variables: r.state === 'CREATED' ? visibleVariables(docs.get(r.processInstanceKey)!, r.elementInstanceKey) : {},
  }));
}

export async function claimUserTask(
  core: EngineCore,
  userTaskKey: Key,
  assignee: string,
  options: { allowOverride?: boolean } = {},
): Promise<void> {
  await core.transact(async (tx) => {
    const task = (await tx.select().from(engineUserTask).where(eq(engineUserTask.key, userTaskKey)).for('update'))[0];
    if (!task) throw new EngineError('NOT_FOUND', `user task ${userTaskKey} not found`);
    if (task.state !== 'CREATED') throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is ${task.state}`);
    if (task.assignee && task.assignee !== assignee && !options.allowOverride)
      throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is already assigned to ${task.assignee}`);
    await tx.update(engineUserTask).set({ assignee }).where(eq(engineUserTask.key, userTaskKey));
  });
}

export async function unclaimUserTask(core: EngineCore, userTaskKey: Key): Promise<void> {
  const rows = await core.db
    .update(engineUserTask)
    .set({ assignee: null })
    .where(and(eq(engineUserTask.key, userTaskKey), eq(engineUserTask.state, 'CREATED')))
    .returning({ key: engineUserTask.key });
  if (!rows.length) throw new EngineError('NOT_FOUND', `no open user task ${userTaskKey}`);
}

export async function completeUserTask(core: EngineCore, userTaskKey: Key, variables: Variables = {}): Promise<void> {
  const result = await core.transact(async (tx) => completeTaskIn(core, tx, userTaskKey, variables));
  core.notify(result);
}

/** Completes a user task inside `tx`, assigning it first when `assignee` is given and it has none. */
export async function completeTaskIn(
  core: EngineCore,
  tx: EngineTx,
  userTaskKey: Key,
  variables: Variables,
  assignee?: string,
): Promise<Wakeups> {
  const peek = (
    await tx
      .select({ pik: engineUserTask.processInstanceKey })
      .from(engineUserTask)
      .where(eq(engineUserTask.key, userTaskKey))
  )[0];
  if (!peek) throw new EngineError('NOT_FOUND', `user task ${userTaskKey} not found`);
  const instance = await loadInstanceForUpdate(tx, peek.pik);
  const updated = await tx
    .update(engineUserTask)
    .set({
      state: 'COMPLETED',
      endedAt: core.now(),
      ...(assignee ? { assignee: sql`coalesce(${engineUserTask.assignee}, ${assignee})` } : {}),
    })
    .where(and(eq(engineUserTask.key, userTaskKey), eq(engineUserTask.state, 'CREATED')))
    .returning();
  const task = updated[0];
  if (!task || !instance) throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is not open`);
  return core.process(
    tx,
    [
      {
        instanceKey: task.processInstanceKey,
        command: { c: 'task.complete', elementInstanceKey: task.elementInstanceKey, variables },
      },
    ],
    [instance],
  );
}
