/**
 * The shape every worker's step takes: parse the job's input, then one transaction that appends case
 * events (idempotent per step key: job type + element instance) and their consequences.
 */
import { NonRetryableError, type ActivatedJob } from '../infra/engine/port.ts';
import type { Tx } from '../infra/db/client.ts';
import { appendCaseEvent } from '../infra/db/case.repo.ts';
import type { Actor, CaseEvent } from '../domain/case/case-event.ts';
import type { WorkerDeps } from './deps.ts';

export function stepKey(job: ActivatedJob): string {
  return `${job.type}:${job.elementInstanceKey}`;
}

/** Idempotency key for side effects outside the database (SMS, certificates). */
export function effectKey(job: ActivatedJob, subject: string): string {
  return `${subject}:${job.type}:${job.elementInstanceKey}`;
}

export function requireString(job: ActivatedJob, name: string): string {
  const value = job.variables[name];
  if (typeof value !== 'string' || value === '') throw new NonRetryableError(`job ${job.type} needs the variable ${name} (a non-empty string)`);
  return value;
}

export function optionalString(job: ActivatedJob, name: string): string | null {
  const value = job.variables[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Appends an event and runs the outbox hook; returns whether it was new (false on re-delivery). */
export async function append(deps: WorkerDeps, tx: Tx, job: ActivatedJob, event: Omit<CaseEvent, 'businessTime'> & { businessTime?: Date }, projection?: Record<string, unknown>): Promise<boolean> {
  const now = deps.clock.now();
  const result = await appendCaseEvent(tx, { ...event, businessTime: event.businessTime ?? now }, now, { stepKey: `${stepKey(job)}:${event.type}`, ...(projection ? { projection } : {}) });
  if (!result.duplicate && deps.afterEvent) await deps.afterEvent(tx, result.event);
  return !result.duplicate;
}

export function transact<T>(deps: WorkerDeps, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.database.db.transaction((tx) => fn(tx as Tx));
}

/**
 * The person who completed the user task behind this step (`completedBy: { userId, role,
 * departmentCode }`, set by the case API and carried by the diagram's mappings or a message), or the
 * fallback when the task was completed without one (engine tests, older instances).
 */
export function actorOf(job: ActivatedJob, variable: string, fallback: Actor): Actor {
  const v = job.variables[variable] as Partial<Actor> | null | undefined;
  if (v && typeof v.userId === 'string' && v.userId !== '' && typeof v.role === 'string') {
    // an explicit null is a person without a department (an applicant), not a missing value
    const departmentCode = typeof v.departmentCode === 'string' || v.departmentCode === null ? v.departmentCode : fallback.departmentCode;
    return { userId: v.userId, role: v.role, departmentCode };
  }
  return fallback;
}
