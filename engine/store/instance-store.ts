/**
 * Rows of the embedded engine: loading and saving execution documents, and writing the rows a step's
 * effects imply (jobs, user tasks, timers, subscriptions, incidents, history) in the caller's
 * transaction.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { EngineTx } from './database.ts';
import {
  engineHistory,
  engineIncident,
  engineJob,
  engineMessage,
  engineMessageSubscription,
  engineProcessInstance,
  engineTimer,
  engineUserTask,
} from './tables.ts';
import type { Variables } from '../api.ts';
import type { Effect, HistoryEntry, InstanceDocument } from '../execution/document.ts';

export interface InstanceRow {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  doc: InstanceDocument;
  isNew: boolean;
  createdAt: Date;
}

function toInstanceRow(row: typeof engineProcessInstance.$inferSelect): InstanceRow {
  return {
    key: row.key,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    doc: row.document as InstanceDocument,
    isNew: false,
    createdAt: row.createdAt,
  };
}

export async function loadInstanceForUpdate(tx: EngineTx, key: string): Promise<InstanceRow | null> {
  const rows = await tx.select().from(engineProcessInstance).where(eq(engineProcessInstance.key, key)).for('update');
  return rows[0] ? toInstanceRow(rows[0]) : null;
}

/** Locks the instance a job belongs to, in one statement. */
export async function loadInstanceOfJobForUpdate(tx: EngineTx, jobKey: string): Promise<InstanceRow | null> {
  const rows = await tx
    .select()
    .from(engineProcessInstance)
    .where(
      eq(
        engineProcessInstance.key,
        sql`(select ${engineJob.processInstanceKey} from ${engineJob} where ${engineJob.key} = ${jobKey})`,
      ),
    )
    .for('update');
  return rows[0] ? toInstanceRow(rows[0]) : null;
}

export async function saveInstance(tx: EngineTx, row: InstanceRow, now: Date): Promise<void> {
  const state = row.doc.ended ?? 'ACTIVE';
  const endedAt = row.doc.ended ? now : null;
  if (row.isNew) {
    await tx.insert(engineProcessInstance).values({
      key: row.key,
      processDefinitionKey: row.processDefinitionKey,
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      state,
      parentProcessInstanceKey: row.doc.parent?.processInstanceKey ?? null,
      parentElementInstanceKey: row.doc.parent?.elementInstanceKey ?? null,
      document: row.doc,
      revision: 1,
      createdAt: now,
      endedAt,
    });
    row.isNew = false;
    return;
  }
  await tx
    .update(engineProcessInstance)
    .set({ document: row.doc, state, endedAt, revision: sql`${engineProcessInstance.revision} + 1` })
    .where(eq(engineProcessInstance.key, row.key));
}

export async function writeHistory(
  tx: EngineTx,
  processInstanceKey: string,
  entries: HistoryEntry[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(engineHistory).values(entries.map((h) => ({ processInstanceKey, ...h, at: now })));
}

export interface EffectContext {
  row: InstanceRow;
  now: Date;
}

/** Writes the rows of the local effects; returns the job types that got new jobs. */
export async function writeEffects(
  tx: EngineTx,
  effects: Effect[],
  { row, now }: EffectContext,
): Promise<{ jobTypes: Set<string>; timers: Date[] }> {
  const jobTypes = new Set<string>();
  const timers: Date[] = [];
  const jobs: (typeof engineJob.$inferInsert)[] = [];
  const tasks: (typeof engineUserTask.$inferInsert)[] = [];
  const newTimers: (typeof engineTimer.$inferInsert)[] = [];
  const subs: (typeof engineMessageSubscription.$inferInsert)[] = [];
  const incidents: (typeof engineIncident.$inferInsert)[] = [];
  const cancelJobs: string[] = [];
  const cancelTasks: string[] = [];
  const cancelTimers: string[] = [];
  const closeSubs: string[] = [];
  const resolveIncidents: string[] = [];
  const base = { processInstanceKey: row.key, bpmnProcessId: row.bpmnProcessId };
  for (const e of effects) {
    switch (e.t) {
      case 'job.create':
        jobs.push({
          key: e.key,
          type: e.type,
          state: 'ACTIVATABLE',
          ...base,
          elementInstanceKey: e.elementInstanceKey,
          elementId: e.elementId,
          processDefinitionVersion: row.version,
          retries: e.retries,
          customHeaders: e.headers,
          createdAt: now,
        });
        jobTypes.add(e.type);
        break;
      case 'job.cancel':
        cancelJobs.push(e.key);
        break;
      case 'task.create':
        tasks.push({
          key: e.key,
          state: 'CREATED',
          ...base,
          elementInstanceKey: e.elementInstanceKey,
          elementId: e.elementId,
          name: e.name,
          assignee: e.assignee,
          candidateGroups: e.candidateGroups,
          candidateUsers: e.candidateUsers,
          dueDate: e.dueDate,
          followUpDate: e.followUpDate,
          formKey: e.formKey,
          customHeaders: e.headers,
          createdAt: now,
        });
        break;
      case 'task.cancel':
        cancelTasks.push(e.key);
        break;
      case 'timer.create':
        newTimers.push({
          key: e.key,
          state: 'ACTIVE',
          processInstanceKey: row.key,
          elementInstanceKey: e.elementInstanceKey,
          processDefinitionKey: row.processDefinitionKey,
          elementId: e.elementId,
          dueAt: e.dueAt,
          repetitions: e.repetitions,
          interval: e.interval,
        });
        timers.push(e.dueAt);
        break;
      case 'timer.cancel':
        cancelTimers.push(e.key);
        break;
      case 'sub.open':
        subs.push({
          key: e.key,
          state: 'OPEN',
          messageName: e.messageName,
          correlationKey: e.correlationKey,
          processInstanceKey: row.key,
          elementInstanceKey: e.elementInstanceKey,
          processDefinitionKey: row.processDefinitionKey,
          bpmnProcessId: row.bpmnProcessId,
          elementId: e.elementId,
          interrupting: e.interrupting,
          openedAt: now,
        });
        break;
      case 'sub.close':
        closeSubs.push(e.key);
        break;
      case 'incident.create':
        incidents.push({
          key: e.key,
          state: 'ACTIVE',
          processInstanceKey: row.key,
          elementInstanceKey: e.elementInstanceKey,
          elementId: e.elementId,
          jobKey: e.jobKey,
          errorType: e.errorType,
          errorMessage: e.errorMessage,
          createdAt: now,
        });
        break;
      case 'incident.resolve':
        resolveIncidents.push(e.key);
        break;
      default:
        break; // cross-instance effects are routed by the engine
    }
  }
  // a row created and ended within the same step is never written
  const drop = <T extends { key?: string | null }>(rows: T[], ended: string[]) => {
    if (!ended.length) return rows;
    const gone = new Set(ended);
    const kept = rows.filter((r) => !gone.has(r.key!));
    const created = new Set(rows.map((r) => r.key!));
    ended.splice(0, ended.length, ...ended.filter((k) => !created.has(k)));
    return kept;
  };
  jobs.splice(0, jobs.length, ...drop(jobs, cancelJobs));
  tasks.splice(0, tasks.length, ...drop(tasks, cancelTasks));
  newTimers.splice(0, newTimers.length, ...drop(newTimers, cancelTimers));
  subs.splice(0, subs.length, ...drop(subs, closeSubs));
  for (const incident of incidents)
    if (resolveIncidents.includes(incident.key!)) {
      incident.state = 'RESOLVED';
      incident.resolvedAt = now;
    }
  // independent statements, one after another on the transaction's connection
  const writes: (() => Promise<unknown>)[] = [];
  if (cancelJobs.length) writes.push(() => tx.delete(engineJob).where(inArray(engineJob.key, cancelJobs)).execute());
  if (cancelTasks.length)
    writes.push(() =>
      tx
        .update(engineUserTask)
        .set({ state: 'CANCELED', endedAt: now })
        .where(and(inArray(engineUserTask.key, cancelTasks), eq(engineUserTask.state, 'CREATED')))
        .execute(),
    );
  if (cancelTimers.length)
    writes.push(() => tx.delete(engineTimer).where(inArray(engineTimer.key, cancelTimers)).execute());
  if (closeSubs.length)
    writes.push(() =>
      tx.delete(engineMessageSubscription).where(inArray(engineMessageSubscription.key, closeSubs)).execute(),
    );
  if (resolveIncidents.length)
    writes.push(() =>
      tx
        .update(engineIncident)
        .set({ state: 'RESOLVED', resolvedAt: now })
        .where(inArray(engineIncident.key, resolveIncidents))
        .execute(),
    );
  if (jobs.length) writes.push(() => tx.insert(engineJob).values(jobs).execute());
  if (tasks.length) writes.push(() => tx.insert(engineUserTask).values(tasks).execute());
  if (newTimers.length) writes.push(() => tx.insert(engineTimer).values(newTimers).execute());
  if (subs.length) writes.push(() => tx.insert(engineMessageSubscription).values(subs).execute());
  if (incidents.length) writes.push(() => tx.insert(engineIncident).values(incidents).execute());
  for (const write of writes) await write();
  return { jobTypes, timers };
}

/** A buffered, unexpired message for a subscription that just opened (once per process). */
export async function takeBufferedMessage(
  tx: EngineTx,
  name: string,
  correlationKey: string,
  bpmnProcessId: string,
  now: Date,
): Promise<Variables | null> {
  const rows = await tx
    .select()
    .from(engineMessage)
    .where(
      and(
        eq(engineMessage.name, name),
        eq(engineMessage.correlationKey, correlationKey),
        gt(engineMessage.expiresAt, now),
        sql`not (${engineMessage.correlatedTo} @> ${JSON.stringify([bpmnProcessId])}::jsonb)`,
      ),
    )
    .orderBy(engineMessage.publishedAt, engineMessage.key)
    .limit(1)
    .for('update');
  const message = rows[0];
  if (!message) return null;
  await tx
    .update(engineMessage)
    .set({ correlatedTo: [...message.correlatedTo, bpmnProcessId] })
    .where(eq(engineMessage.key, message.key));
  return message.variables as Variables;
}

/** Variables visible from an element instance of a document (inner scopes shadow outer ones). */
export function visibleVariables(doc: InstanceDocument, elementInstanceKey: string): Variables {
  const chain: string[] = [];
  for (let k: string | null = elementInstanceKey; k; k = doc.elems[k]?.scope ?? null) chain.push(k);
  const out: Variables = {};
  for (const scope of chain.reverse()) Object.assign(out, doc.vars[scope]);
  return out;
}
