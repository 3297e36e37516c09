/**
 * The Zeebe adapter: the engine port over a Camunda 8.8 cluster through @camunda8/sdk. Commands go
 * over gRPC (deploy, instances, messages, jobs, workers, incidents); user tasks and every read go
 * over the Orchestration Cluster REST API (its search endpoints replace Operate and Tasklist in 8.8).
 * The SDK clients come from factories so tests can pass fakes that record what is sent. The job side
 * is zeebe-job-commands.ts, the user-task side zeebe-user-tasks.ts, the SDK boundary zeebe-sdk.ts.
 */
import { Camunda8, type CamundaRestClient } from '@camunda8/sdk';
import type {
  CreateInstanceRequest,
  DeployedProcess,
  DeployResource,
  ElementHistoryEntry,
  EnginePort,
  Incident,
  IncidentState,
  Key,
  ProcessInstanceInfo,
  ProcessInstanceRef,
  PublishMessageRequest,
} from '../port.ts';
import { EngineError } from '../port.ts';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { createCommandOutbox, type CommandOutbox } from './command-outbox.ts';
import { call } from './zeebe-errors.ts';
import { createZeebeJobCommands, ms } from './zeebe-job-commands.ts';
import {
  readElementHistory,
  readProcessInstance,
  searchAll,
  toIncident,
  type ZeebeRestClient,
} from './zeebe-read-model.ts';
import {
  toSdkConfiguration,
  type SdkConfiguration,
  type ZeebeEngineOptions,
  type ZeebeGrpcClient,
} from './zeebe-sdk.ts';
import { createZeebeUserTasks } from './zeebe-user-tasks.ts';
import { toJson } from './zeebe-worker.ts';

export type { ZeebeRestClient };

export interface ZeebeEngineDeps {
  createGrpcClient?: (config: SdkConfiguration) => ZeebeGrpcClient;
  createRestClient?: (config: SdkConfiguration) => ZeebeRestClient;
  /** Where the command outbox lives (EnginePort.inTransaction); absent: inTransaction is refused (deploy-only use). */
  outbox?: { database: Database; clock: Clock; logger: Logger };
}

const DEFAULT_JOB_TIMEOUT_MS = 300_000;
type MessageVariables = NonNullable<Parameters<ZeebeGrpcClient['publishMessage']>[0]['variables']>;

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
    ...createZeebeJobCommands(grpc, workers, jobTimeout),
    ...createZeebeUserTasks(rest),
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
