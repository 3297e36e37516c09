/**
 * The embedded engine (engine/) plugged into the engine port (domain/ports/engine.port.ts, with
 * drizzle's transaction: ../port.ts). The engine's API already has the port's shapes, so the adapter
 * only names its kind and carries errors across: the engine's EngineError becomes the port's (same
 * code, message and details), and a worker's NonRetryableError (the port's) reaches the engine as the
 * engine's own, so its job still fails with 0 retries.
 */
import {
  EmbeddedEngine,
  EngineError as EmbeddedEngineError,
  NonRetryableError as EmbeddedNonRetryableError,
  type EmbeddedEngineOptions,
} from '../../../engine/index.ts';
import type { Schema, Tx } from '../../db/client.ts';
import {
  EngineError,
  NonRetryableError,
  type ActivateJobsRequest,
  type ActivatedJob,
  type CreateInstanceRequest,
  type DeployResource,
  type DeployedProcess,
  type ElementHistoryEntry,
  type EnginePort,
  type FailJobRequest,
  type Incident,
  type IncidentState,
  type JobWorker,
  type Key,
  type ProcessInstanceInfo,
  type ProcessInstanceRef,
  type PublishMessageRequest,
  type ThrowErrorRequest,
  type TxEngineCommands,
  type UserTask,
  type UserTaskQuery,
  type Variables,
  type WorkerOptions,
} from '../port.ts';

export class EmbeddedEngineAdapter implements EnginePort {
  readonly kind = 'embedded' as const;

  constructor(readonly engine: EmbeddedEngine<Schema>) {}

  inTransaction<T>(fn: (tx: Tx, commands: TxEngineCommands) => Promise<T>): Promise<T> {
    return portErrors(() =>
      this.engine.inTransaction((tx, commands) =>
        fn(tx, {
          createInstance: (request) => portErrors(() => commands.createInstance(request)),
          publishMessage: (request) => portErrors(() => commands.publishMessage(request)),
          completeUserTask: (request) => portErrors(() => commands.completeUserTask(request)),
        }),
      ),
    );
  }

  deploy(resources: DeployResource[]): Promise<DeployedProcess[]> {
    return portErrors(() => this.engine.deploy(resources));
  }
  createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef> {
    return portErrors(() => this.engine.createInstance(request));
  }
  cancelInstance(processInstanceKey: Key): Promise<void> {
    return portErrors(() => this.engine.cancelInstance(processInstanceKey));
  }
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }> {
    return portErrors(() => this.engine.publishMessage(request));
  }

  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    return portErrors(() => this.engine.activateJobs(request));
  }
  completeJob(jobKey: Key, variables?: Variables): Promise<void> {
    return portErrors(() => this.engine.completeJob(jobKey, variables));
  }
  failJob(request: FailJobRequest): Promise<void> {
    return portErrors(() => this.engine.failJob(request));
  }
  throwError(request: ThrowErrorRequest): Promise<void> {
    return portErrors(() => this.engine.throwError(request));
  }
  updateJobRetries(jobKey: Key, retries: number): Promise<void> {
    return portErrors(() => this.engine.updateJobRetries(jobKey, retries));
  }

  createWorker(options: WorkerOptions): JobWorker {
    return this.engine.createWorker({
      ...options,
      handler: async (job) => {
        try {
          return await options.handler(job);
        } catch (err) {
          throw err instanceof NonRetryableError
            ? withStack(new EmbeddedNonRetryableError(err.message, { cause: err.cause }), err)
            : err;
        }
      },
    });
  }

  listIncidents(query?: { processInstanceKey?: Key; state?: IncidentState }): Promise<Incident[]> {
    return portErrors(() => this.engine.listIncidents(query));
  }
  resolveIncident(incidentKey: Key): Promise<void> {
    return portErrors(() => this.engine.resolveIncident(incidentKey));
  }

  listUserTasks(query: UserTaskQuery): Promise<UserTask[]> {
    return portErrors(() => this.engine.listUserTasks(query));
  }
  getUserTask(userTaskKey: Key): Promise<UserTask | null> {
    return portErrors(() => this.engine.getUserTask(userTaskKey));
  }
  claimUserTask(userTaskKey: Key, assignee: string, options?: { allowOverride?: boolean }): Promise<void> {
    return portErrors(() => this.engine.claimUserTask(userTaskKey, assignee, options));
  }
  unclaimUserTask(userTaskKey: Key): Promise<void> {
    return portErrors(() => this.engine.unclaimUserTask(userTaskKey));
  }
  completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void> {
    return portErrors(() => this.engine.completeUserTask(userTaskKey, variables));
  }

  getProcessInstance(processInstanceKey: Key): Promise<ProcessInstanceInfo | null> {
    return portErrors(() => this.engine.getProcessInstance(processInstanceKey));
  }
  getElementHistory(processInstanceKey: Key): Promise<ElementHistoryEntry[]> {
    return portErrors(() => this.engine.getElementHistory(processInstanceKey));
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** The embedded engine on the system's database, as the port. */
export function createEmbeddedEngine(options: EmbeddedEngineOptions<Schema>): EmbeddedEngineAdapter {
  return new EmbeddedEngineAdapter(new EmbeddedEngine(options));
}

/** Runs an engine call; an engine error leaves it as the port's. */
async function portErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof EmbeddedEngineError
      ? withStack(new EngineError(err.code, err.message, err.details), err)
      : err;
  }
}

function withStack<E extends Error>(error: E, from: Error): E {
  if (from.stack) error.stack = from.stack;
  return error;
}
