/**
 * The job side of the Zeebe adapter, over gRPC: activating jobs, ending them (complete, fail, BPMN
 * error), their retries, and long-running workers (zeebe-worker.ts maps our handlers onto the SDK's).
 */
import { Zeebe } from '@camunda8/sdk';
import type {
  ActivatedJob,
  ActivateJobsRequest,
  EnginePort,
  FailJobRequest,
  JobWorker,
  Key,
  ThrowErrorRequest,
  Variables,
  WorkerOptions,
} from '../port.ts';
import { call } from './zeebe-errors.ts';
import type { ZeebeGrpcClient } from './zeebe-sdk.ts';
import { createTaskHandler, toActivatedJob, toJson, type SdkWorkerConfig } from './zeebe-worker.ts';

const DEFAULT_POLL_INTERVAL_MS = 300;
export const ms = (value: number) => Zeebe.Duration.milliseconds.of(value);
type CompletionVariables = Parameters<ZeebeGrpcClient['completeJob']>[0]['variables'];

export type ZeebeJobCommands = Pick<
  EnginePort,
  'activateJobs' | 'completeJob' | 'failJob' | 'throwError' | 'updateJobRetries' | 'createWorker'
>;

/** `workers` collects the running SDK workers so the engine can close them; `jobTimeout` is their default lease in ms. */
export function createZeebeJobCommands(
  grpc: ZeebeGrpcClient,
  workers: Set<{ close(): Promise<unknown> }>,
  jobTimeout: number,
): ZeebeJobCommands {
  return {
    async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
      const jobs = await call(`activate ${request.type} jobs`, () =>
        grpc.activateJobs({
          type: request.type,
          worker: request.worker,
          maxJobsToActivate: request.maxJobsToActivate,
          timeout: ms(request.timeout),
          ...(request.fetchVariable ? { fetchVariable: request.fetchVariable } : {}),
          // Negative: answer at once with what is activatable now (no long poll), as the port promises.
          requestTimeout: ms(-1),
        }),
      );
      return jobs.map(toActivatedJob);
    },

    async completeJob(jobKey: Key, variables?: Variables): Promise<void> {
      await call(`complete job ${jobKey}`, () =>
        grpc.completeJob({ jobKey, variables: toJson(variables) as CompletionVariables }),
      );
    },

    async failJob(request: FailJobRequest): Promise<void> {
      await call(`fail job ${request.jobKey}`, () =>
        grpc.failJob({
          jobKey: request.jobKey,
          retries: request.retries,
          errorMessage: request.errorMessage,
          retryBackOff: request.retryBackOffMs ?? 0,
          ...(request.variables ? { variables: toJson(request.variables) } : {}),
        }),
      );
    },

    async throwError(request: ThrowErrorRequest): Promise<void> {
      await call(`throw error from job ${request.jobKey}`, () =>
        grpc.throwError({
          jobKey: request.jobKey,
          errorCode: request.errorCode,
          ...(request.errorMessage !== undefined ? { errorMessage: request.errorMessage } : {}),
          ...(request.variables ? { variables: toJson(request.variables) } : {}),
        }),
      );
    },

    async updateJobRetries(jobKey: Key, retries: number): Promise<void> {
      await call(`update retries of job ${jobKey}`, () => grpc.updateJobRetries({ jobKey, retries }));
    },

    createWorker(worker: WorkerOptions): JobWorker {
      const config: SdkWorkerConfig = {
        taskType: worker.taskType,
        taskHandler: createTaskHandler(
          worker.handler,
          worker.retryBackOffMs !== undefined ? { retryBackOffMs: worker.retryBackOffMs } : {},
        ),
        timeout: ms(worker.timeout ?? jobTimeout),
        pollInterval: ms(worker.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS),
        ...(worker.maxJobsToActivate !== undefined ? { maxJobsToActivate: worker.maxJobsToActivate } : {}),
        ...(worker.workerName !== undefined ? { id: worker.workerName } : {}),
      };
      const sdkWorker = grpc.createWorker(config);
      workers.add(sdkWorker);
      return {
        taskType: worker.taskType,
        async close() {
          workers.delete(sdkWorker);
          await sdkWorker.close();
        },
      };
    },
  };
}
