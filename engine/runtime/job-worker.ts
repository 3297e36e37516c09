/**
 * A polling job worker over the engine's job API. A job ends in exactly one of three ways: complete,
 * BPMN error (business), or fail — with 0 retries for a NonRetryableError (an incident at once),
 * otherwise retries − 1 with a back-off. Polls wake early when the engine signals new jobs.
 */
import type { EventEmitter } from 'node:events';
import type { ActivatedJob, EngineApi, JobWorker, WorkerOptions } from '../api.ts';
import { EngineError, NonRetryableError } from '../errors.ts';
import type { EngineLogger } from '../logger.ts';

type JobApi = Pick<EngineApi, 'activateJobs' | 'completeJob' | 'failJob' | 'throwError'>;

/** Bindings the host adds to each job's child logger (beside the job and instance keys). */
export type JobLogBindings = (job: ActivatedJob) => Record<string, unknown>;

export function startJobWorker(
  engine: JobApi,
  signals: EventEmitter,
  logger: EngineLogger,
  options: WorkerOptions & { pollIntervalMs: number; timeout: number; logBindings?: JobLogBindings },
): JobWorker & { idle(): boolean } {
  const maxJobs = options.maxJobsToActivate ?? 32;
  const workerName = options.workerName ?? `embedded-${options.taskType}`;
  const log = logger.child({ worker: workerName, taskType: options.taskType });
  let closed = false;
  let wake: (() => void) | null = null;
  let busy = false;
  const onSignal = () => wake?.();
  signals.on(`jobs:${options.taskType}`, onSignal);
  signals.on('jobs:retry', onSignal);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  async function handle(job: ActivatedJob): Promise<void> {
    const jobLog = log.child({
      jobKey: job.key,
      processInstanceKey: job.processInstanceKey,
      ...options.logBindings?.(job),
    });
    let outcome;
    try {
      outcome = await options.handler(job);
    } catch (err) {
      const retries = err instanceof NonRetryableError ? 0 : Math.max(0, job.retries - 1);
      jobLog.warn({ err, retries }, 'job failed');
      await engine
        .failJob({
          jobKey: job.key,
          retries,
          errorMessage: (err as Error).message ?? String(err),
          retryBackOffMs: retries > 0 ? (options.retryBackOffMs ?? 1000) : 0,
        })
        .catch((e: unknown) => jobLog.warn({ err: e }, 'job failure could not be reported'));
      return;
    }
    try {
      if (outcome.outcome === 'complete') await engine.completeJob(job.key, outcome.variables ?? {});
      else
        await engine.throwError({
          jobKey: job.key,
          errorCode: outcome.errorCode,
          errorMessage: outcome.errorMessage ?? '',
          variables: outcome.variables ?? {},
        });
    } catch (err) {
      // the job may have been canceled meanwhile (its element was interrupted): nothing to do
      if (err instanceof EngineError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_STATE'))
        jobLog.info({ err: err.message }, 'job outcome not accepted');
      else jobLog.error({ err }, 'job outcome could not be reported');
    }
  }

  const loop = (async () => {
    while (!closed) {
      let jobs: ActivatedJob[] = [];
      try {
        jobs = await engine.activateJobs({
          type: options.taskType,
          worker: workerName,
          maxJobsToActivate: maxJobs,
          timeout: options.timeout ?? 300_000,
        });
      } catch (err) {
        if (closed) break;
        log.error({ err }, 'job activation failed');
      }
      if (jobs.length === 0) {
        await sleep(options.pollIntervalMs);
        continue;
      }
      busy = true;
      await Promise.all(jobs.map(handle));
      busy = false;
    }
  })();

  return {
    taskType: options.taskType,
    idle: () => !busy,
    async close() {
      closed = true;
      signals.off(`jobs:${options.taskType}`, onSignal);
      signals.off('jobs:retry', onSignal);
      wake?.();
      await loop;
    },
  };
}
