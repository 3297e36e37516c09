/**
 * Jobs, as Zeebe keeps them: activated with a lease (`FOR UPDATE SKIP LOCKED`) by the lease owner of
 * this engine; completed, failed with the retries left (0 opens an incident) and a back-off, or ended
 * by a BPMN error; their retries updated. A job's instance is locked before the job, as every step does.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { ActivatedJob, ActivateJobsRequest, FailJobRequest, Key, ThrowErrorRequest, Variables } from '../api.ts';
import { EngineError } from '../errors.ts';
import type { EngineTx } from '../store/database.ts';
import {
  loadInstanceOfJobForUpdate,
  visibleVariables,
  writeHistory,
  type InstanceRow,
} from '../store/instance-store.ts';
import { engineIncident, engineJob, engineProcessInstance } from '../store/tables.ts';
import type { EngineCore } from './engine-core.ts';

export async function activateJobs(core: EngineCore, request: ActivateJobsRequest): Promise<ActivatedJob[]> {
  if (request.maxJobsToActivate <= 0) return [];
  await core.owner.ensure();
  return core.transact(async (tx) => {
    const now = core.now();
    const deadline = new Date(now.getTime() + request.timeout);
    const rows = await tx
      .select()
      .from(engineJob)
      .where(
        and(
          eq(engineJob.type, request.type),
          or(
            and(eq(engineJob.state, 'ACTIVATABLE'), or(isNull(engineJob.retryAt), lte(engineJob.retryAt, now))),
            and(eq(engineJob.state, 'ACTIVATED'), lte(engineJob.deadline, now)),
          ),
        ),
      )
      .orderBy(asc(engineJob.key))
      .limit(request.maxJobsToActivate)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return [];
    await tx
      .update(engineJob)
      .set({ state: 'ACTIVATED', worker: request.worker, deadline, leaseOwner: core.owner.id })
      .where(
        inArray(
          engineJob.key,
          rows.map((r) => r.key),
        ),
      );
    const instanceKeys = [...new Set(rows.map((r) => r.processInstanceKey))];
    const docs = new Map(
      (
        await tx
          .select({ key: engineProcessInstance.key, document: engineProcessInstance.document })
          .from(engineProcessInstance)
          .where(inArray(engineProcessInstance.key, instanceKeys))
      ).map((r) => [r.key, r.document as InstanceRow['doc']]),
    );
    return rows.map((r) => {
      let variables = visibleVariables(docs.get(r.processInstanceKey)!, r.elementInstanceKey);
      if (request.fetchVariable)
        variables = Object.fromEntries(
          request.fetchVariable.filter((n) => n in variables).map((n) => [n, variables[n]]),
        );
      return {
        key: r.key,
        type: r.type,
        processInstanceKey: r.processInstanceKey,
        bpmnProcessId: r.bpmnProcessId,
        processDefinitionVersion: r.processDefinitionVersion,
        elementId: r.elementId,
        elementInstanceKey: r.elementInstanceKey,
        customHeaders: r.customHeaders,
        worker: request.worker,
        retries: r.retries,
        deadline: deadline.getTime(),
        variables,
      };
    });
  });
}

/** Locks the job's instance, then the job (always in this order, as every step does). */
async function lockJob(tx: EngineTx, jobKey: string) {
  const locked = await tx
    .select({ key: engineProcessInstance.key })
    .from(engineProcessInstance)
    .where(
      eq(
        engineProcessInstance.key,
        sql`(select ${engineJob.processInstanceKey} from ${engineJob} where ${engineJob.key} = ${jobKey})`,
      ),
    )
    .for('update');
  const rows = locked[0] ? await tx.select().from(engineJob).where(eq(engineJob.key, jobKey)).for('update') : [];
  if (!rows[0]) throw new EngineError('NOT_FOUND', `job ${jobKey} not found (completed, canceled or never created)`);
  return rows[0];
}

export async function completeJob(core: EngineCore, jobKey: Key, variables: Variables = {}): Promise<void> {
  const result = await core.transact(async (tx) => {
    const instance = await loadInstanceOfJobForUpdate(tx, jobKey);
    if (!instance) throw new EngineError('NOT_FOUND', `job ${jobKey} not found (completed, canceled or never created)`);
    const deleted = await tx
      .delete(engineJob)
      .where(and(eq(engineJob.key, jobKey), inArray(engineJob.state, ['ACTIVATED', 'ACTIVATABLE'])))
      .returning();
    const job = deleted[0];
    if (!job || !instance) throw new EngineError('INVALID_STATE', `job ${jobKey} is not activated`);
    return core.process(
      tx,
      [
        {
          instanceKey: job.processInstanceKey,
          command: { c: 'job.complete', elementInstanceKey: job.elementInstanceKey, variables },
        },
      ],
      [instance],
    );
  });
  core.notify(result);
}

export async function failJob(core: EngineCore, request: FailJobRequest): Promise<void> {
  await core.transact(async (tx) => {
    const job = await lockJob(tx, request.jobKey);
    if (job.state !== 'ACTIVATED')
      throw new EngineError('INVALID_STATE', `job ${request.jobKey} is ${job.state}, not activated`);
    const now = core.now();
    if (request.retries > 0) {
      await tx
        .update(engineJob)
        .set({
          state: 'ACTIVATABLE',
          retries: request.retries,
          errorMessage: request.errorMessage,
          deadline: null,
          leaseOwner: null,
          retryAt: request.retryBackOffMs ? new Date(now.getTime() + request.retryBackOffMs) : null,
        })
        .where(eq(engineJob.key, request.jobKey));
      return;
    }
    await tx
      .update(engineJob)
      .set({ state: 'FAILED', retries: 0, errorMessage: request.errorMessage, deadline: null, leaseOwner: null })
      .where(eq(engineJob.key, request.jobKey));
    await tx.insert(engineIncident).values({
      key: core.keys.take(),
      state: 'ACTIVE',
      processInstanceKey: job.processInstanceKey,
      elementInstanceKey: job.elementInstanceKey,
      elementId: job.elementId,
      jobKey: job.key,
      errorType: 'JOB_NO_RETRIES',
      errorMessage: request.errorMessage || 'No more retries left.',
      createdAt: now,
    });
    await writeHistory(
      tx,
      job.processInstanceKey,
      [{ elementInstanceKey: job.elementInstanceKey, elementId: job.elementId, elementType: 'JOB', event: 'INCIDENT' }],
      now,
    );
  });
  if (request.retries > 0) {
    const delay = request.retryBackOffMs ?? 0;
    setTimeout(() => core.signals.emit(`jobs:retry`), Math.min(delay, 60_000)).unref();
  }
}

export async function throwError(core: EngineCore, request: ThrowErrorRequest): Promise<void> {
  const result = await core.transact(async (tx) => {
    const job = await lockJob(tx, request.jobKey);
    if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE')
      throw new EngineError('INVALID_STATE', `job ${request.jobKey} is ${job.state}`);
    await tx
      .update(engineJob)
      .set({ state: 'ERROR_THROWN', errorMessage: request.errorMessage ?? null, deadline: null, leaseOwner: null })
      .where(eq(engineJob.key, request.jobKey));
    return core.process(tx, [
      {
        instanceKey: job.processInstanceKey,
        command: {
          c: 'job.error',
          elementInstanceKey: job.elementInstanceKey,
          errorCode: request.errorCode,
          errorMessage: request.errorMessage ?? '',
          variables: request.variables ?? {},
        },
      },
    ]);
  });
  core.notify(result);
}

export async function updateJobRetries(core: EngineCore, jobKey: Key, retries: number): Promise<void> {
  if (!Number.isInteger(retries) || retries < 0)
    throw new EngineError('INVALID_ARGUMENT', 'retries must be a non-negative integer');
  const rows = await core.db
    .update(engineJob)
    .set({ retries })
    .where(eq(engineJob.key, jobKey))
    .returning({ key: engineJob.key });
  if (!rows.length) throw new EngineError('NOT_FOUND', `job ${jobKey} not found`);
}
