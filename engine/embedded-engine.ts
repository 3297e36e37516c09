/**
 * The embedded engine: Zeebe semantics on one machine, state in PostgreSQL or PGlite. No instance
 * lives in memory between events: each command loads the instance document with a row lock, runs one
 * step (execution/), and commits the document with the rows it implies in one transaction
 * (runtime/engine-core.ts). Cross-instance consequences (call activities, errors propagated to a
 * parent, buffered messages) are processed in the same transaction.
 *
 * This class is the engine's API; each command lives with its concern in runtime/ — deployments,
 * instances, messages, timers, jobs, incidents, user tasks.
 */
import type {
  ActivatedJob,
  ActivateJobsRequest,
  CreateInstanceRequest,
  DeployedProcess,
  DeployResource,
  ElementHistoryEntry,
  EngineApi,
  FailJobRequest,
  Incident,
  IncidentState,
  JobWorker,
  Key,
  ProcessInstanceInfo,
  ProcessInstanceRef,
  PublishMessageRequest,
  ThrowErrorRequest,
  TxCommands,
  UserTask,
  UserTaskQuery,
  Variables,
  WorkerOptions,
} from './api.ts';
import * as deployments from './runtime/deployments.ts';
import { EngineCore, type EmbeddedEngineOptions, type Wakeups } from './runtime/engine-core.ts';
import * as incidents from './runtime/incidents.ts';
import * as instances from './runtime/instances.ts';
import { startJobWorker } from './runtime/job-worker.ts';
import * as jobs from './runtime/jobs.ts';
import type { LeaseOwner } from './runtime/lease-owner.ts';
import * as messages from './runtime/messages.ts';
import * as timers from './runtime/timers.ts';
import * as userTasks from './runtime/user-tasks.ts';
import type { EngineSchema, EngineTx } from './store/database.ts';

export type { EmbeddedEngineOptions } from './runtime/engine-core.ts';

export class EmbeddedEngine<TSchema extends EngineSchema = EngineSchema> implements EngineApi<EngineTx<TSchema>> {
  private readonly core: EngineCore;
  private readonly workers = new Set<JobWorker>();
  private closed = false;

  constructor(private readonly options: EmbeddedEngineOptions<TSchema>) {
    this.core = new EngineCore(options);
  }

  /** Emits `jobs:<type>` after a commit created jobs of that type, `timers` when a timer was armed. */
  get signals() {
    return this.core.signals;
  }
  /** This incarnation as the owner of the job leases its workers hold (runtime/lease-owner.ts). */
  get owner(): LeaseOwner {
    return this.core.owner;
  }

  /**
   * The caller's write and engine commands in one transaction (EngineApi.inTransaction): a retried
   * transaction runs `fn` again from the start; workers and timers are told after the commit.
   */
  async inTransaction<T>(fn: (tx: EngineTx<TSchema>, commands: TxCommands) => Promise<T>): Promise<T> {
    const core = this.core;
    let wakeups: Wakeups[] = [];
    const result = await core.transact(async (tx) => {
      wakeups = [];
      // the same transaction object, typed with the caller's schema
      return fn(tx as EngineTx<TSchema>, {
        createInstance: async (request) => {
          const created = await instances.createIn(core, tx, request);
          wakeups.push(created.wakeups);
          return { processInstanceKey: created.ref.processInstanceKey };
        },
        publishMessage: async (request) => {
          wakeups.push(await messages.publishIn(core, tx, request, core.keys.take()));
        },
        completeUserTask: async (request) => {
          wakeups.push(
            await userTasks.completeTaskIn(core, tx, request.userTaskKey, request.variables ?? {}, request.assignee),
          );
        },
      });
    });
    for (const w of wakeups) core.notify(w);
    return result;
  }

  // ------------------------------------------------------------------ deployments and instances

  deploy(resources: DeployResource[]): Promise<DeployedProcess[]> {
    return deployments.deploy(this.core, resources);
  }
  createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef> {
    return instances.createInstance(this.core, request);
  }
  cancelInstance(processInstanceKey: Key): Promise<void> {
    return instances.cancelInstance(this.core, processInstanceKey);
  }
  getProcessInstance(processInstanceKey: Key): Promise<ProcessInstanceInfo | null> {
    return instances.getProcessInstance(this.core, processInstanceKey);
  }
  getElementHistory(processInstanceKey: Key): Promise<ElementHistoryEntry[]> {
    return instances.getElementHistory(this.core, processInstanceKey);
  }

  // ------------------------------------------------------------------ messages and timers

  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }> {
    return messages.publishMessage(this.core, request);
  }
  /** Deletes messages whose time to live has ended. */
  expireMessages(): Promise<number> {
    return messages.expireMessages(this.core);
  }
  /** Fires every timer due at the clock's now; returns how many fired. */
  fireDueTimers(limit?: number): Promise<number> {
    return timers.fireDueTimers(this.core, limit);
  }
  /** Earliest due time of an active timer, for the scheduler. */
  nextTimerDue(): Promise<Date | null> {
    return timers.nextTimerDue(this.core);
  }

  // ------------------------------------------------------------------ jobs

  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    return jobs.activateJobs(this.core, request);
  }
  completeJob(jobKey: Key, variables?: Variables): Promise<void> {
    return jobs.completeJob(this.core, jobKey, variables);
  }
  failJob(request: FailJobRequest): Promise<void> {
    return jobs.failJob(this.core, request);
  }
  throwError(request: ThrowErrorRequest): Promise<void> {
    return jobs.throwError(this.core, request);
  }
  updateJobRetries(jobKey: Key, retries: number): Promise<void> {
    return jobs.updateJobRetries(this.core, jobKey, retries);
  }

  createWorker(options: WorkerOptions): JobWorker {
    // register at once, so the jobs a previous incarnation held are released before the first poll
    this.core.owner
      .ensure()
      .catch((err: unknown) => this.core.logger.warn({ err }, 'engine lease owner could not register'));
    const worker = startJobWorker(this, this.core.signals, this.core.logger, {
      pollIntervalMs: this.options.defaultPollIntervalMs ?? 1000,
      timeout: this.options.defaultJobTimeoutMs ?? 300_000,
      ...(this.options.jobLogBindings ? { logBindings: this.options.jobLogBindings } : {}),
      ...options,
    });
    this.workers.add(worker);
    return {
      taskType: worker.taskType,
      close: async () => {
        this.workers.delete(worker);
        await worker.close();
      },
    };
  }

  // ------------------------------------------------------------------ incidents and user tasks

  listIncidents(query?: { processInstanceKey?: Key; state?: IncidentState }): Promise<Incident[]> {
    return incidents.listIncidents(this.core, query);
  }
  resolveIncident(incidentKey: Key): Promise<void> {
    return incidents.resolveIncident(this.core, incidentKey);
  }

  listUserTasks(query: UserTaskQuery): Promise<UserTask[]> {
    return userTasks.listUserTasks(this.core, query);
  }
  getUserTask(userTaskKey: Key): Promise<UserTask | null> {
    return userTasks.getUserTask(this.core, userTaskKey);
  }
  claimUserTask(userTaskKey: Key, assignee: string, options?: { allowOverride?: boolean }): Promise<void> {
    return userTasks.claimUserTask(this.core, userTaskKey, assignee, options);
  }
  unclaimUserTask(userTaskKey: Key): Promise<void> {
    return userTasks.unclaimUserTask(this.core, userTaskKey);
  }
  completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void> {
    return userTasks.completeUserTask(this.core, userTaskKey, variables);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.close()));
    await this.core.owner.close();
    this.core.signals.removeAllListeners();
  }
}
