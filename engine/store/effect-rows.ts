/**
 * The rows a step's local effects imply — jobs, user tasks, timers, message subscriptions, incidents —
 * written in the caller's transaction; a row created and ended within the same step is never written.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { EngineTx } from './database.ts';
import { engineIncident, engineJob, engineMessageSubscription, engineTimer, engineUserTask } from './tables.ts';
import type { Effect } from '../execution/document.ts';
import type { InstanceRow } from './instance-store.ts';

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
