/**
 * The Zeebe adapter: the engine port over a Camunda 8.8 cluster through @camunda8/sdk. Commands go
 * over gRPC (deploy, instances, messages, jobs, workers, incidents); user tasks and every read go
 * over the Orchestration Cluster REST API (its search endpoints replace Operate and Tasklist in 8.8).
 * The SDK clients come from factories so tests can pass fakes that record what is sent.
 */
import { Camunda8, Zeebe, type CamundaRestClient } from '@camunda8/sdk';
import type {
  ActivatedJob,
  ActivateJobsRequest,
  CreateInstanceRequest,
  DeployedProcess,
  DeployResource,
  ElementHistoryEntry,
  EnginePort,
  FailJobRequest,
  Incident,
  IncidentState,
  JobWorker,
  Key,
  ProcessInstanceInfo,
  ProcessInstanceRef,
  PublishMessageRequest,
  ThrowErrorRequest,
  UserTask,
  UserTaskQuery,
  Variables,
  WorkerOptions,
} from '../port.ts';
import { EngineError } from '../port.ts';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { createCommandOutbox, type CommandOutbox } from './command-outbox.ts';
import { call } from './zeebe-errors.ts';
import {
  readElementHistory,
  readProcessInstance,
  searchAll,
  toIncident,
  toUserTask,
  userTaskFilter,
  type ZeebeRestClient,
} from './zeebe-read-model.ts';
import { createTaskHandler, toActivatedJob, toJson, type SdkWorkerConfig } from './zeebe-worker.ts';

export interface ZeebeEngineOptions {
  /** host:port, or grpc://… / grpcs://… to choose TLS explicitly. */
  grpcAddress: string;
  restAddress: string;
  /** Empty: no authentication (a local cluster). */
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  /** Lease of jobs taken by workers when WorkerOptions.timeout is absent, in ms. */
  defaultJobTimeoutMs?: number;
}

/** The gRPC calls the adapter makes; tests pass a fake that records them. */
export type ZeebeGrpcClient = Pick<
  Zeebe.ZeebeGrpcClient,
  | 'deployResources'
  | 'createProcessInstance'
  | 'cancelProcessInstance'
  | 'publishMessage'
  | 'activateJobs'
  | 'completeJob'
  | 'failJob'
  | 'throwError'
  | 'updateJobRetries'
  | 'resolveIncident'
  | 'createWorker'
  | 'close'
>;
export type { ZeebeRestClient };

export type SdkConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;

export interface ZeebeEngineDeps {
  createGrpcClient?: (config: SdkConfiguration) => ZeebeGrpcClient;
  createRestClient?: (config: SdkConfiguration) => ZeebeRestClient;
  /** Where the command outbox lives (EnginePort.inTransaction); absent: inTransaction is refused (deploy-only use). */
  outbox?: { database: Database; clock: Clock; logger: Logger };
}

const DEFAULT_JOB_TIMEOUT_MS = 300_000;
const DEFAULT_POLL_INTERVAL_MS = 300;
const ms = (value: number) => Zeebe.Duration.milliseconds.of(value);
type MessageVariables = NonNullable<Parameters<ZeebeGrpcClient['publishMessage']>[0]['variables']>;
type CompletionVariables = Parameters<ZeebeGrpcClient['completeJob']>[0]['variables'];

/**
 * Our configuration (infra/config.ts) as the SDK's; explicit, so the SDK's own env reading adds nothing we did not set.
 * TLS is the address's scheme (grpcs://), as the SDK 8.8 wants it (CAMUNDA_SECURE_CONNECTION is deprecated).
 */
export function toSdkConfiguration(options: ZeebeEngineOptions): SdkConfiguration {
  const oauth = options.clientId !== '';
  const grpcAddress = /^grpcs?:\/\//.test(options.grpcAddress)
    ? options.grpcAddress
    : `${oauth ? 'grpcs' : 'grpc'}://${options.grpcAddress}`;
  return {
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ZEEBE_REST_ADDRESS: options.restAddress,
    CAMUNDA_AUTH_STRATEGY: oauth ? 'OAUTH' : 'NONE',
    ...(oauth
      ? {
          ZEEBE_CLIENT_ID: options.clientId,
          ZEEBE_CLIENT_SECRET: options.clientSecret,
          CAMUNDA_OAUTH_URL: options.oauthUrl,
        }
      : {}),
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    // the SDK's own logger would write an error line per worker per poll while the cluster is away;
    // cluster-connection.ts reports reachability once per change through ours
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  };
}

/** The bpmn:process ids a resource declares (to tell a new version from a re-deployed identical one). */
export function processIdsOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?process\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]!);
}

/** The adapter, and the probe the cluster connection uses (the gateway's topology over REST). */
export type ZeebeEngine = EnginePort & { probe(): Promise<{ brokers: number }> };

export function createZeebeEngine(options: ZeebeEngineOptions, deps: ZeebeEngineDeps = {}): ZeebeEngine {
  const config = toSdkConfiguration(options);
  let camunda: Camunda8 | undefined;
  const sdk = () => (camunda ??= new Camunda8(config));
  const grpc: ZeebeGrpcClient = deps.createGrpcClient?.(config) ?? sdk().getZeebeGrpcApiClient();
  const rest: ZeebeRestClient = deps.createRestClient?.(config) ?? (sdk().getCamundaRestClient() as CamundaRestClient);
  const workers = new Set<{ close(): Promise<unknown> }>();
  const jobTimeout = options.defaultJobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;

  /** The latest deployed definition key of a process id, or undefined (none, or the search is not answering). */
  async function latestDefinitionKey(bpmnProcessId: string): Promise<string | undefined> {
    try {
      const { items } = await rest.searchProcessDefinitions({
        filter: { processDefinitionId: bpmnProcessId },
        sort: [{ field: 'version', order: 'DESC' }],
        page: { from: 0, limit: 1 },
      });
      return items[0]?.processDefinitionKey;
    } catch {
      return undefined;
    }
  }

  async function getUserTaskOrNull(userTaskKey: Key): Promise<UserTask | null> {
    try {
      return await toUserTask(rest, await call(`user task ${userTaskKey}`, () => rest.getUserTask(userTaskKey)));
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** The instance an earlier relay attempt created for a business key (command-outbox.ts). */
  async function findInstanceByBusinessKey(bpmnProcessId: string, businessKey: string): Promise<Key | null> {
    const { items } = await call(`find instance of ${businessKey}`, () =>
      rest.searchProcessInstances({
        filter: {
          processDefinitionId: bpmnProcessId,
          variables: [{ name: 'businessKey', value: JSON.stringify(businessKey) }],
        },
        page: { from: 0, limit: 1 },
      }),
    );
    return items[0]?.processInstanceKey ?? null;
  }

  let outbox: CommandOutbox | null = null;
  const engine: ZeebeEngine = {
    kind: 'zeebe',
    async probe() {
      const topology = await rest.getTopology();
      return { brokers: topology.brokers?.length ?? 0 };
    },

    async inTransaction(fn) {
      if (!outbox)
        throw new EngineError('UNAVAILABLE', 'the Zeebe adapter was built without a database for its command outbox');
      return outbox.inTransaction(fn);
    },

    async deploy(resources: DeployResource[]): Promise<DeployedProcess[]> {
      if (resources.length === 0) return [];
      // Zeebe answers an identical re-deployment with the existing version and key, without saying so:
      // compare with the latest key known before deploying.
      const ids = [...new Set(resources.flatMap((r) => processIdsOf(r.xml)))];
      const before = new Map(await Promise.all(ids.map(async (id) => [id, await latestDefinitionKey(id)] as const)));
      const response = await call(
        'deploy',
        () => grpc.deployResources(resources.map((r) => ({ name: r.name, process: Buffer.from(r.xml, 'utf8') }))),
        'deploy',
      );
      return response.deployments.flatMap((d) => {
        if (typeof d !== 'object' || d === null || !('process' in d)) return [];
        const p = (
          d as {
            process: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string };
          }
        ).process;
        return [
          {
            bpmnProcessId: p.bpmnProcessId,
            version: p.version,
            processDefinitionKey: String(p.processDefinitionKey),
            resourceName: p.resourceName,
            isNew: before.get(p.bpmnProcessId) !== String(p.processDefinitionKey),
          },
        ];
      });
    },

    async createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef> {
      const res = await call(`create instance of ${request.bpmnProcessId}`, () =>
        grpc.createProcessInstance({
          bpmnProcessId: request.bpmnProcessId,
          ...(request.version !== undefined ? { version: request.version } : {}),
          variables: toJson(request.variables),
        }),
      );
      return {
        processInstanceKey: res.processInstanceKey,
        processDefinitionKey: res.processDefinitionKey,
        bpmnProcessId: res.bpmnProcessId,
        version: res.version,
      };
    },

    async cancelInstance(processInstanceKey: Key): Promise<void> {
      await call(`cancel instance ${processInstanceKey}`, () => grpc.cancelProcessInstance(processInstanceKey));
    },

    async publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }> {
      const res = await call(
        `publish message ${request.name}`,
        () =>
          grpc.publishMessage({
            name: request.name,
            correlationKey: request.correlationKey,
            variables: toJson(request.variables) as MessageVariables,
            // Typed: the gRPC field is milliseconds; a bare number's unit is ambiguous in the SDK's docs.
            timeToLive: ms(Math.max(0, request.timeToLiveMs ?? 0)),
            ...(request.messageId !== undefined ? { messageId: request.messageId } : {}),
          }),
        'message',
      );
      return { messageKey: res.key };
    },

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

    async listIncidents(query: { processInstanceKey?: Key; state?: IncidentState } = {}): Promise<Incident[]> {
      const items = await call('search incidents', () =>
        searchAll(async (page) =>
          rest.searchIncidents({
            filter: {
              ...(query.processInstanceKey !== undefined ? { processInstanceKey: query.processInstanceKey } : {}),
              ...(query.state !== undefined ? { state: query.state } : {}),
            },
            sort: [{ field: 'creationTime', order: 'ASC' }],
            page,
          }),
        ),
      );
      return items.map(toIncident);
    },

    async resolveIncident(incidentKey: Key): Promise<void> {
      await call(`resolve incident ${incidentKey}`, () => grpc.resolveIncident({ incidentKey }));
    },

    async listUserTasks(query: UserTaskQuery): Promise<UserTask[]> {
      const { items } = await call('search user tasks', () => rest.searchUserTasks(userTaskFilter(query)));
      return Promise.all(items.map((task) => toUserTask(rest, task)));
    },

    getUserTask: getUserTaskOrNull,

    async claimUserTask(
      userTaskKey: Key,
      assignee: string,
      claimOptions: { allowOverride?: boolean } = {},
    ): Promise<void> {
      // Claiming again for the same assignee is a no-op (as on the embedded engine), not a conflict.
      const task = await call(`user task ${userTaskKey}`, () => rest.getUserTask(userTaskKey));
      if (task.state !== 'CREATED') throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is ${task.state}`);
      if (task.assignee === assignee) return;
      await call(`claim user task ${userTaskKey}`, () =>
        rest.assignUserTask({
          userTaskKey,
          assignee,
          allowOverride: claimOptions.allowOverride ?? false,
          action: 'claim',
        }),
      );
    },

    async unclaimUserTask(userTaskKey: Key): Promise<void> {
      await call(`unclaim user task ${userTaskKey}`, () => rest.unassignUserTask({ userTaskKey }));
    },

    async completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void> {
      await call(`complete user task ${userTaskKey}`, () =>
        rest.completeUserTask({ userTaskKey, variables: variables ?? {} }),
      );
    },

    async getProcessInstance(processInstanceKey: Key): Promise<ProcessInstanceInfo | null> {
      return call(`process instance ${processInstanceKey}`, () => readProcessInstance(rest, processInstanceKey));
    },

    async getElementHistory(processInstanceKey: Key): Promise<ElementHistoryEntry[]> {
      return call(`history of ${processInstanceKey}`, () => readElementHistory(rest, processInstanceKey));
    },

    async close(): Promise<void> {
      await outbox?.stop();
      await Promise.all([...workers].map((w) => w.close()));
      workers.clear();
      await grpc.close();
    },
  };
  if (deps.outbox) {
    outbox = createCommandOutbox({
      ...deps.outbox,
      target: {
        createInstance: engine.createInstance,
        publishMessage: engine.publishMessage,
        findInstanceByBusinessKey,
        claimUserTask: (key, assignee) => engine.claimUserTask(key, assignee, { allowOverride: false }),
        completeUserTask: engine.completeUserTask,
      },
    });
    outbox.start();
  }
  return engine;
}
