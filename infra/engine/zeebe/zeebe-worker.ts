/**
 * Maps our job handlers onto the SDK's worker contract. A job ends in exactly one of three ways:
 * complete → `job.complete(variables)`; `{ outcome: 'error' }` → `job.error(...)` (a BPMN error, caught
 * by an error event); a thrown error → `job.fail(...)` — with 0 retries for a `NonRetryableError`
 * (an incident at once), otherwise with the job's retries − 1 and a back-off.
 */
import type { Zeebe } from '@camunda8/sdk';
import { NonRetryableError, type ActivatedJob, type JobHandler, type Variables } from '../port.ts';

/** The SDK's job as a worker receives it (`ZeebeJob`), with the three ways to end it. */
export type SdkWorkerConfig = Parameters<Zeebe.ZeebeGrpcClient['createWorker']>[0];
export type SdkJob = Parameters<SdkWorkerConfig['taskHandler']>[0];
type JobAcknowledgement = ReturnType<SdkJob['complete']>;
/** The SDK's JSON document type; our variables are plain JSON objects by contract. */
export type JsonDoc = Extract<Parameters<SdkJob['error']>[0], object>['variables'];
type OutputVariables = NonNullable<Parameters<SdkJob['complete']>[0]>;

export const DEFAULT_RETRY_BACKOFF_MS = 1_000;

export const toJson = (variables: Variables | undefined): JsonDoc => (variables ?? {}) as JsonDoc;

export function toActivatedJob(
  job: Omit<SdkJob, 'complete' | 'fail' | 'error' | 'forward' | 'cancelWorkflow'>,
): ActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: Object.fromEntries(Object.entries(job.customHeaders ?? {}).map(([k, v]) => [k, String(v)])),
    worker: job.worker,
    retries: job.retries,
    deadline: Number(job.deadline),
    variables: { ...(job.variables as Variables) },
  };
}

/** Builds the SDK `taskHandler` for one of our handlers. */
export function createTaskHandler(handler: JobHandler, options: { retryBackOffMs?: number } = {}) {
  const backOff = options.retryBackOffMs ?? DEFAULT_RETRY_BACKOFF_MS;
  return async (job: SdkJob): JobAcknowledgement => {
    let outcome;
    try {
      outcome = await handler(toActivatedJob(job));
    } catch (err) {
      const errorMessage = err instanceof Error ? err.message : String(err);
      const retries = err instanceof NonRetryableError ? 0 : Math.max(0, job.retries - 1);
      // Always give retries explicitly: the SDK's job.fail({...}) defaults a missing count to 0.
      return job.fail({ errorMessage, retries, retryBackOff: retries > 0 ? backOff : 0 });
    }
    if (outcome.outcome === 'complete') return job.complete(toJson(outcome.variables) as OutputVariables);
    return job.error({
      errorCode: outcome.errorCode,
      errorMessage: outcome.errorMessage ?? '',
      variables: toJson(outcome.variables),
    });
  };
}
