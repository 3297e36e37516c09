/**
 * The embedded engine: Zeebe semantics on one machine, state in PostgreSQL or PGlite. No instance
 * lives in memory between events: each command loads the instance document with a row lock, runs one
 * step (execution.ts), and commits the document with the rows it implies in one transaction.
 * Cross-instance consequences (call activities, errors propagated to a parent, buffered messages)
 * are processed in the same transaction.
 */
import { EventEmitter } from 'node:events';
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type {
  ActivateJobsRequest, ActivatedJob, CreateInstanceRequest, DeployResource, DeployedProcess, ElementHistoryEntry, EngineApi, FailJobRequest,
  Incident, JobWorker, Key, ProcessInstanceInfo, ProcessInstanceRef, PublishMessageRequest, ThrowErrorRequest, TxCommands, UserTask,
  UserTaskQuery, Variables, WorkerOptions,
} from './api.ts';
import type { EngineClock } from './clock.ts';
import { EngineError } from './errors.ts';
import { newDocument, type Command } from './execution/document.ts';
import { CommandRejected, Execution, timerDue } from './execution/execution.ts';
import { addDuration, parseDuration } from './expressions/timer-spec.ts';
import { silentLogger, type EngineLogger } from './logger.ts';
import { parseBpmn, type ProcessModel } from './model/model.ts';
import { parseAndValidate, type ParsedResource } from './model/parse-and-validate.ts';
import { startJobWorker, type JobLogBindings } from './runtime/job-worker.ts';
import { LeaseOwner } from './runtime/lease-owner.ts';
import type { EngineDatabase, EngineDb, EngineSchema, EngineTx } from './store/database.ts';
import { loadInstanceForUpdate, loadInstanceOfJobForUpdate, saveInstance, takeBufferedMessage, visibleVariables, writeEffects, writeHistory, type InstanceRow } from './store/instance-store.ts';
import { KeyAllocator } from './store/key-allocator.ts';
import {
  engineHistory, engineIncident, engineJob, engineMessage, engineMessageSubscription, engineProcessDefinition, engineProcessInstance,
  engineResource, engineTimer, engineUserTask,
} from './store/tables.ts';

export interface EmbeddedEngineOptions<TSchema extends EngineSchema = EngineSchema> {
  database: EngineDatabase<TSchema>;
  clock: EngineClock;
  /** Absent: nothing is logged. */
  logger?: EngineLogger;
  /** Bindings added to each job's child logger in the engine's workers. */
  jobLogBindings?: JobLogBindings;
  defaultJobTimeoutMs?: number;
  defaultPollIntervalMs?: number;
  /** How often this engine's lease owner beats and looks for dead owners' jobs (ENGINE_HEARTBEAT_MS). */
  ownerHeartbeatMs?: number;
  /** After how long without a beat an owner is dead on PostgreSQL (ENGINE_OWNER_TIMEOUT_MS). */
  ownerTimeoutMs?: number;
}

type Work =
  | { instanceKey: string; command: Command }
  | { create: { key: string; definition: DefinitionRow; variables: Variables; startElementId?: string; parent: { processInstanceKey: string; elementInstanceKey: string } | null } };

interface DefinitionRow { key: string; bpmnProcessId: string; version: number; resourceKey: string }

/** What a committed step means for this process: job types to wake workers for, a timer to re-check. */
interface Effects { jobTypes: Set<string>; timers: boolean }

const RETRYABLE = new Set(['40001', '40P01']);

export class EmbeddedEngine<TSchema extends EngineSchema = EngineSchema> implements EngineApi<EngineTx<TSchema>> {
  /** Emits `jobs:<type>` after a commit created jobs of that type, `timers` when a timer was armed. */
  readonly signals = new EventEmitter();
  private readonly keys: KeyAllocator;
  /** This incarnation as the owner of the job leases its workers hold (lease-owner.ts). */
  readonly owner: LeaseOwner;
  private readonly models = new Map<string, Promise<ProcessModel>>();
  private readonly workers = new Set<JobWorker>();
  private closed = false;

  private readonly logger: EngineLogger;

  constructor(private readonly options: EmbeddedEngineOptions<TSchema>) {
    this.logger = options.logger ?? silentLogger;
    this.keys = new KeyAllocator(options.database.db);
    this.signals.setMaxListeners(1000);
    this.owner = new LeaseOwner({
      database: options.database, logger: this.logger,
      heartbeatMs: options.ownerHeartbeatMs ?? 5000, timeoutMs: options.ownerTimeoutMs ?? 15_000,
      onReleased: (types) => this.notify({ jobTypes: types, timers: false }),
    });
  }

  private get db(): EngineDb { return this.options.database.db; }
  private now(): Date { return this.options.clock.now(); }

  // ------------------------------------------------------------------ transactions

  private async transact<T>(fn: (tx: EngineTx<TSchema>) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.keys.ensure();
      try {
        return await this.options.database.db.transaction((tx) => fn(tx));
      } catch (err) {
        const code = pgCode(err);
        if (attempt < 8 && code && RETRYABLE.has(code)) {
          await new Promise((r) => setTimeout(r, 2 + Math.random() * 10 * (attempt + 1)));
          continue;
        }
        throw err;
      }
    }
  }

  /** The parsed model of a definition, cached. Inside a transaction pass it: PGlite has one connection. */
  private model(definitionKey: string, executor: EngineDb = this.db): Promise<ProcessModel> {
    let model = this.models.get(definitionKey);
    if (!model) {
      model = (async () => {
        const rows = await executor.select({ xml: engineResource.xml, bpmnProcessId: engineProcessDefinition.bpmnProcessId })
          .from(engineProcessDefinition).innerJoin(engineResource, eq(engineResource.key, engineProcessDefinition.resourceKey))
          .where(eq(engineProcessDefinition.key, definitionKey));
        const row = rows[0];
        if (!row) throw new EngineError('NOT_FOUND', `process definition ${definitionKey} not found`);
        const found = (await parseBpmn(row.xml)).find((m) => m.bpmnProcessId === row.bpmnProcessId);
        if (!found) throw new EngineError('NOT_FOUND', `process ${row.bpmnProcessId} not in its resource`);
        return found;
      })();
      model.catch(() => this.models.delete(definitionKey));
      this.models.set(definitionKey, model);
    }
    return model;
  }

  /** Runs commands and everything they imply, inside one transaction. */
  private async process(tx: EngineTx, initial: Work[], locked: InstanceRow[] = []): Promise<Effects> {
    const queue = [...initial];
    const cache = new Map<string, InstanceRow>(locked.map((r) => [r.key, r]));
    const jobTypes = new Set<string>();
    let timers = false;
    const now = this.now();
    while (queue.length) {
      const work = queue.shift()!;
      let row: InstanceRow | null;
      let command: Command;
      if ('create' in work) {
        const { key, definition, variables, startElementId, parent } = work.create;
        row = {
          key, processDefinitionKey: definition.key, bpmnProcessId: definition.bpmnProcessId, version: definition.version,
          doc: newDocument(key, definition.bpmnProcessId, parent), isNew: true, createdAt: now,
        };
        command = { c: 'start', variables, ...(startElementId ? { startElementId } : {}) };
      } else {
        row = cache.get(work.instanceKey) ?? await loadInstanceForUpdate(tx, work.instanceKey);
        if (!row) throw new EngineError('NOT_FOUND', `process instance ${work.instanceKey} not found`);
        command = work.command;
        if (row.doc.ended && command.c !== 'cancel') throw new EngineError('INVALID_STATE', `process instance ${row.key} has ended`);
        if (row.doc.ended) continue;
      }
      cache.set(row.key, row);
      const exec = new Execution(await this.model(row.processDefinitionKey, tx), row.doc, now, this.keys.take);
      try {
        exec.run(command);
      } catch (err) {
        if (err instanceof CommandRejected) throw new EngineError(err.code, err.message);
        throw err;
      }
      await saveInstance(tx, row, now);
      await writeHistory(tx, row.key, exec.history, now);
      const written = await writeEffects(tx, exec.effects, { row, now });
      for (const t of written.jobTypes) jobTypes.add(t);
      if (written.timers.length) timers = true;
      for (const e of exec.effects) {
        switch (e.t) {
          case 'child.create': {
            const definition = await this.latestDefinition(tx, e.bpmnProcessId);
            if (!definition) {
              // Zeebe: an incident on the call activity; resolving it retries once the process is deployed
              throw new EngineError('NOT_FOUND', `called process ${e.bpmnProcessId} is not deployed`);
            }
            queue.push({ create: { key: e.key, definition, variables: e.variables, parent: { processInstanceKey: row.key, elementInstanceKey: e.parentElementInstanceKey } } });
            break;
          }
          case 'child.cancel': queue.push({ instanceKey: e.processInstanceKey, command: { c: 'cancel' } }); break;
          case 'parent.completed':
            queue.push({ instanceKey: e.processInstanceKey, command: { c: 'child.completed', elementInstanceKey: e.elementInstanceKey, variables: e.variables } });
            break;
          case 'parent.error':
            queue.push({ instanceKey: e.processInstanceKey, command: { c: 'child.error', elementInstanceKey: e.elementInstanceKey, errorCode: e.errorCode, errorMessage: e.errorMessage, variables: e.variables, origin: e.origin } });
            break;
          case 'origin.unhandled':
            queue.push({ instanceKey: e.origin.processInstanceKey, command: { c: 'error.unhandled', elementInstanceKey: e.origin.elementInstanceKey, errorCode: e.errorCode, errorMessage: e.errorMessage } });
            break;
          case 'sub.open': {
            if (!row.doc.triggers[e.key]) break; // opened and closed within the step
            const variables = await takeBufferedMessage(tx, e.messageName, e.correlationKey, row.bpmnProcessId, now);
            if (variables) queue.push({ instanceKey: row.key, command: { c: 'trigger', triggerKey: e.key, variables } });
            break;
          }
          default: break;
        }
      }
    }
    return { jobTypes, timers };
  }

  private async run(work: Work[], before?: (tx: EngineTx) => Promise<void>): Promise<void> {
    const result = await this.transact(async (tx) => {
      await before?.(tx);
      return this.process(tx, work);
    });
    this.notify(result);
  }

  private notify(result: Effects): void {
    for (const type of result.jobTypes) this.signals.emit(`jobs:${type}`);
    if (result.timers) this.signals.emit('timers');
  }

  private async latestDefinition(tx: EngineDb, bpmnProcessId: string, version?: number): Promise<DefinitionRow | null> {
    const rows = await tx.select().from(engineProcessDefinition)
      .where(version === undefined ? eq(engineProcessDefinition.bpmnProcessId, bpmnProcessId)
        : and(eq(engineProcessDefinition.bpmnProcessId, bpmnProcessId), eq(engineProcessDefinition.version, version)))
      .orderBy(desc(engineProcessDefinition.version)).limit(1);
    return rows[0] ?? null;
  }

  // ------------------------------------------------------------------ deployments

  async deploy(resources: DeployResource[]): Promise<DeployedProcess[]> {
    const parsed: ParsedResource[] = [];
    const problems: { elementId: string; message: string }[] = [];
    for (const r of resources) {
      const result = await parseAndValidate(r.name, r.xml);
      if (result.resource) parsed.push(result.resource);
      problems.push(...result.problems.map((p) => ({ elementId: p.elementId, message: `${r.name}: ${p.message}` })));
    }
    if (problems.length) {
      throw new EngineError('DEPLOY_INVALID', `deployment refused, nothing was deployed: ${problems.map((p) => `${p.elementId}: ${p.message}`).join('; ')}`,
        { problems, elementIds: [...new Set(problems.map((p) => p.elementId))] });
    }
    const out: DeployedProcess[] = [];
    await this.transact(async (tx) => {
      out.length = 0;
      const now = this.now();
      for (const resource of parsed) {
        let resourceKey: string | null = null;
        for (const model of resource.processes) {
          const latest = await tx.select().from(engineProcessDefinition).where(eq(engineProcessDefinition.bpmnProcessId, model.bpmnProcessId))
            .orderBy(desc(engineProcessDefinition.version)).limit(1).for('update');
          const prev = latest[0];
          if (prev && prev.checksum === resource.checksum) {
            out.push({ bpmnProcessId: model.bpmnProcessId, version: prev.version, processDefinitionKey: prev.key, resourceName: resource.name, isNew: false });
            continue;
          }
          if (!resourceKey) {
            resourceKey = this.keys.take();
            await tx.insert(engineResource).values({ key: resourceKey, name: resource.name, checksum: resource.checksum, xml: resource.xml, deployedAt: now });
          }
          const key = this.keys.take();
          const version = (prev?.version ?? 0) + 1;
          await tx.insert(engineProcessDefinition).values({ key, bpmnProcessId: model.bpmnProcessId, version, resourceKey, checksum: resource.checksum, deployedAt: now });
          if (prev) {
            await tx.delete(engineTimer).where(and(eq(engineTimer.processDefinitionKey, prev.key), isNull(engineTimer.processInstanceKey)));
            await tx.delete(engineMessageSubscription).where(and(eq(engineMessageSubscription.processDefinitionKey, prev.key), isNull(engineMessageSubscription.processInstanceKey)));
          }
          await this.openStartTriggers(tx, model, key, now);
          out.push({ bpmnProcessId: model.bpmnProcessId, version, processDefinitionKey: key, resourceName: resource.name, isNew: true });
        }
      }
    });
    this.signals.emit('timers');
    return out;
  }

  private async openStartTriggers(tx: EngineTx, model: ProcessModel, definitionKey: string, now: Date): Promise<void> {
    for (const id of model.startEventIds) {
      const node = model.nodes.get(id)!;
      if (node.event.kind === 'timer') {
        const due = timerDue(node.event, {}, now);
        await tx.insert(engineTimer).values({
          key: this.keys.take(), state: 'ACTIVE', processInstanceKey: null, elementInstanceKey: null, processDefinitionKey: definitionKey,
          elementId: id, dueAt: due.dueAt, repetitions: due.repetitions, interval: due.interval,
        });
      }
      if (node.event.kind === 'message') {
        await tx.insert(engineMessageSubscription).values({
          key: this.keys.take(), state: 'OPEN', messageName: node.event.messageName, correlationKey: '', processInstanceKey: null,
          elementInstanceKey: null, processDefinitionKey: definitionKey, bpmnProcessId: model.bpmnProcessId, elementId: id, interrupting: true, openedAt: now,
        });
      }
    }
  }

  // ------------------------------------------------------------------ instances

  async createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef> {
    // read the definition and its model before the transaction: PGlite has one connection
    const definition = await this.latestDefinition(this.db, request.bpmnProcessId, request.version);
    if (definition) await this.model(definition.key);
    const result = await this.transact(async (tx) => this.createIn(tx, request));
    this.notify(result.effects);
    return result.ref;
  }

  /** Starts an instance inside `tx` (the work it implies included). */
  private async createIn(tx: EngineTx, request: CreateInstanceRequest): Promise<{ ref: ProcessInstanceRef; effects: Effects }> {
    const definition = await this.latestDefinition(tx, request.bpmnProcessId, request.version);
    if (!definition) throw new EngineError('NOT_FOUND', `process ${request.bpmnProcessId}${request.version ? ` version ${request.version}` : ''} is not deployed`);
    const model = await this.model(definition.key, tx);
    if (!model.nodes.get(model.bpmnProcessId)!.noneStartId) throw new EngineError('INVALID_STATE', `process ${request.bpmnProcessId} has no none start event`);
    const key = this.keys.take();
    const effects = await this.process(tx, [{ create: { key, definition, variables: request.variables ?? {}, parent: null } }]);
    return { ref: { processInstanceKey: key, processDefinitionKey: definition.key, bpmnProcessId: definition.bpmnProcessId, version: definition.version }, effects };
  }

  /**
   * The business write and the engine commands in one transaction (EngineApi.inTransaction): a
   * retried transaction runs `fn` again from the start; workers and timers are told after the commit.
   */
  async inTransaction<T>(fn: (tx: EngineTx<TSchema>, commands: TxCommands) => Promise<T>): Promise<T> {
    let effects: Effects[] = [];
    const result = await this.transact(async (tx) => {
      effects = [];
      return fn(tx, {
        createInstance: async (request) => {
          const created = await this.createIn(tx, request);
          effects.push(created.effects);
          return { processInstanceKey: created.ref.processInstanceKey };
        },
        publishMessage: async (request) => { effects.push(await this.publishIn(tx, request, this.keys.take())); },
        completeUserTask: async (request) => { effects.push(await this.completeTaskIn(tx, request.userTaskKey, request.variables ?? {}, request.assignee)); },
      });
    });
    for (const e of effects) this.notify(e);
    return result;
  }

  async cancelInstance(processInstanceKey: Key): Promise<void> {
    const rows = await this.db.select({ parent: engineProcessInstance.parentProcessInstanceKey, state: engineProcessInstance.state })
      .from(engineProcessInstance).where(eq(engineProcessInstance.key, processInstanceKey));
    const row = rows[0];
    if (!row) throw new EngineError('NOT_FOUND', `process instance ${processInstanceKey} not found`);
    if (row.parent) throw new EngineError('INVALID_STATE', `process instance ${processInstanceKey} is a child instance; cancel its root instance`);
    if (row.state !== 'ACTIVE') throw new EngineError('INVALID_STATE', `process instance ${processInstanceKey} is not active`);
    await this.run([{ instanceKey: processInstanceKey, command: { c: 'cancel' } }]);
  }

  async getProcessInstance(processInstanceKey: Key): Promise<ProcessInstanceInfo | null> {
    const rows = await this.db.select().from(engineProcessInstance).where(eq(engineProcessInstance.key, processInstanceKey));
    const row = rows[0];
    if (!row) return null;
    const doc = row.document as InstanceRow['doc'];
    return {
      processInstanceKey: row.key, processDefinitionKey: row.processDefinitionKey, bpmnProcessId: row.bpmnProcessId, version: row.version,
      state: row.state, parentProcessInstanceKey: row.parentProcessInstanceKey, variables: doc.vars[row.key] ?? {},
      activeElementIds: Object.values(doc.elems).filter((e) => e.scope !== null).map((e) => e.id),
      createdAt: row.createdAt, endedAt: row.endedAt,
    };
  }

  async getElementHistory(processInstanceKey: Key): Promise<ElementHistoryEntry[]> {
    const rows = await this.db.select().from(engineHistory).where(eq(engineHistory.processInstanceKey, processInstanceKey)).orderBy(asc(engineHistory.id));
    return rows.map((r) => ({ processInstanceKey: r.processInstanceKey, elementInstanceKey: r.elementInstanceKey, elementId: r.elementId, elementType: r.elementType, event: r.event, at: r.at }));
  }

  // ------------------------------------------------------------------ messages

  async publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }> {
    if (!request.name) throw new EngineError('INVALID_ARGUMENT', 'a message needs a name');
    await this.keys.ensure();
    const messageKey = this.keys.take();
    const result = await this.transact(async (tx) => this.publishIn(tx, request, messageKey));
    this.notify(result);
    return { messageKey };
  }

  /** Publishes inside `tx`: correlates with the open subscriptions, buffers for its time to live. */
  private async publishIn(tx: EngineTx, request: PublishMessageRequest, messageKey: string): Promise<Effects> {
    if (!request.name) throw new EngineError('INVALID_ARGUMENT', 'a message needs a name');
    const now = this.now();
    const ttl = Math.max(0, request.timeToLiveMs ?? 0);
    if (request.messageId) {
      const dup = await tx.select({ key: engineMessage.key }).from(engineMessage).where(and(
        eq(engineMessage.name, request.name), eq(engineMessage.correlationKey, request.correlationKey),
        eq(engineMessage.messageId, request.messageId), gt(engineMessage.expiresAt, now),
      ));
      if (dup.length) throw new EngineError('MESSAGE_ALREADY_EXISTS', `a message with id ${request.messageId} is already published`);
    }
    const subs = await tx.select().from(engineMessageSubscription).where(and(
      eq(engineMessageSubscription.messageName, request.name),
      or(eq(engineMessageSubscription.correlationKey, request.correlationKey), isNull(engineMessageSubscription.processInstanceKey)),
    )).orderBy(asc(engineMessageSubscription.openedAt), asc(engineMessageSubscription.key));
    const correlatedTo = new Set<string>();
    const work: Work[] = [];
    for (const sub of subs) {
      if (correlatedTo.has(sub.bpmnProcessId)) continue;
      correlatedTo.add(sub.bpmnProcessId);
      if (sub.processInstanceKey) {
        work.push({ instanceKey: sub.processInstanceKey, command: { c: 'trigger', triggerKey: sub.key, variables: request.variables ?? {} } });
      } else {
        const def = await tx.select().from(engineProcessDefinition).where(eq(engineProcessDefinition.key, sub.processDefinitionKey));
        work.push({ create: { key: this.keys.take(), definition: def[0]!, variables: request.variables ?? {}, startElementId: sub.elementId, parent: null } });
      }
    }
    if (ttl > 0) {
      await tx.insert(engineMessage).values({
        key: messageKey, name: request.name, correlationKey: request.correlationKey, messageId: request.messageId ?? null,
        variables: request.variables ?? {}, publishedAt: now, expiresAt: new Date(now.getTime() + ttl), correlatedTo: [...correlatedTo],
      });
    }
    return this.process(tx, work);
  }

  // ------------------------------------------------------------------ timers

  /** Fires every timer due at the clock's now; returns how many fired. */
  async fireDueTimers(limit = 200): Promise<number> {
    const due = await this.db.select({ key: engineTimer.key, processInstanceKey: engineTimer.processInstanceKey }).from(engineTimer)
      .where(and(eq(engineTimer.state, 'ACTIVE'), lte(engineTimer.dueAt, this.now()))).orderBy(asc(engineTimer.dueAt)).limit(limit);
    let fired = 0;
    for (const t of due) {
      try {
        if (await this.fireTimer(t.key, t.processInstanceKey)) fired++;
      } catch (err) {
        this.logger.error({ err, timerKey: t.key }, 'timer could not fire');
      }
    }
    return fired;
  }

  private async fireTimer(timerKey: string, processInstanceKey: string | null): Promise<boolean> {
    let fired = false;
    const result = await this.transact(async (tx) => {
      fired = false;
      if (processInstanceKey) await loadInstanceForUpdate(tx, processInstanceKey);
      const rows = await tx.select().from(engineTimer).where(eq(engineTimer.key, timerKey)).for('update', { skipLocked: true });
      const timer = rows[0];
      if (!timer) return { jobTypes: new Set<string>(), timers: false };
      await tx.delete(engineTimer).where(eq(engineTimer.key, timerKey));
      fired = true;
      const spec = { repetitions: timer.repetitions, interval: timer.interval, dueAt: timer.dueAt };
      if (timer.processInstanceKey) {
        return this.process(tx, [{ instanceKey: timer.processInstanceKey, command: { c: 'trigger', triggerKey: timer.key, variables: {}, timer: spec } }]);
      }
      // a timer start event: a new instance, and the next occurrence of a cycle
      const now = this.now();
      const def = (await tx.select().from(engineProcessDefinition).where(eq(engineProcessDefinition.key, timer.processDefinitionKey)))[0]!;
      if (timer.interval && (timer.repetitions === -1 || timer.repetitions > 1)) {
        // a start cycle does not catch up on missed occurrences: the next one is the first in the future
        let next = addDuration(timer.dueAt, parseDuration(timer.interval));
        while (next.getTime() <= now.getTime()) next = addDuration(next, parseDuration(timer.interval));
        await tx.insert(engineTimer).values({
          ...timer, key: this.keys.take(), dueAt: next,
          repetitions: timer.repetitions === -1 ? -1 : timer.repetitions - 1,
        });
      }
      return this.process(tx, [{ create: { key: this.keys.take(), definition: def, variables: {}, startElementId: timer.elementId, parent: null } }]);
    });
    this.notify(result);
    return fired;
  }

  /** Earliest due time of an active timer, for the scheduler. */
  async nextTimerDue(): Promise<Date | null> {
    const rows = await this.db.select({ dueAt: engineTimer.dueAt }).from(engineTimer).where(eq(engineTimer.state, 'ACTIVE')).orderBy(asc(engineTimer.dueAt)).limit(1);
    return rows[0]?.dueAt ?? null;
  }

  /** Deletes messages whose time to live has ended. */
  async expireMessages(): Promise<number> {
    const rows = await this.db.delete(engineMessage).where(lte(engineMessage.expiresAt, this.now())).returning({ key: engineMessage.key });
    return rows.length;
  }

  // ------------------------------------------------------------------ jobs

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    if (request.maxJobsToActivate <= 0) return [];
    await this.owner.ensure();
    return this.transact(async (tx) => {
      const now = this.now();
      const deadline = new Date(now.getTime() + request.timeout);
      const rows = await tx.select().from(engineJob).where(and(
        eq(engineJob.type, request.type),
        or(
          and(eq(engineJob.state, 'ACTIVATABLE'), or(isNull(engineJob.retryAt), lte(engineJob.retryAt, now))),
          and(eq(engineJob.state, 'ACTIVATED'), lte(engineJob.deadline, now)),
        ),
      )).orderBy(asc(engineJob.key)).limit(request.maxJobsToActivate).for('update', { skipLocked: true });
      if (rows.length === 0) return [];
      await tx.update(engineJob).set({ state: 'ACTIVATED', worker: request.worker, deadline, leaseOwner: this.owner.id })
        .where(inArray(engineJob.key, rows.map((r) => r.key)));
      const instanceKeys = [...new Set(rows.map((r) => r.processInstanceKey))];
      const docs = new Map((await tx.select({ key: engineProcessInstance.key, document: engineProcessInstance.document }).from(engineProcessInstance)
        .where(inArray(engineProcessInstance.key, instanceKeys))).map((r) => [r.key, r.document as InstanceRow['doc']]));
      return rows.map((r) => {
        let variables = visibleVariables(docs.get(r.processInstanceKey)!, r.elementInstanceKey);
        if (request.fetchVariable) variables = Object.fromEntries(request.fetchVariable.filter((n) => n in variables).map((n) => [n, variables[n]]));
        return {
          key: r.key, type: r.type, processInstanceKey: r.processInstanceKey, bpmnProcessId: r.bpmnProcessId,
          processDefinitionVersion: r.processDefinitionVersion, elementId: r.elementId, elementInstanceKey: r.elementInstanceKey,
          customHeaders: r.customHeaders, worker: request.worker, retries: r.retries, deadline: deadline.getTime(), variables,
        };
      });
    });
  }

  /** Locks the job's instance, then the job (always in this order, as every step does). */
  private async lockJob(tx: EngineTx, jobKey: string) {
    const locked = await tx.select({ key: engineProcessInstance.key }).from(engineProcessInstance)
      .where(eq(engineProcessInstance.key, sql`(select ${engineJob.processInstanceKey} from ${engineJob} where ${engineJob.key} = ${jobKey})`)).for('update');
    const rows = locked[0] ? await tx.select().from(engineJob).where(eq(engineJob.key, jobKey)).for('update') : [];
    if (!rows[0]) throw new EngineError('NOT_FOUND', `job ${jobKey} not found (completed, canceled or never created)`);
    return rows[0];
  }

  async completeJob(jobKey: Key, variables: Variables = {}): Promise<void> {
    const result = await this.transact(async (tx) => {
      const instance = await loadInstanceOfJobForUpdate(tx, jobKey);
      if (!instance) throw new EngineError('NOT_FOUND', `job ${jobKey} not found (completed, canceled or never created)`);
      const deleted = await tx.delete(engineJob).where(and(eq(engineJob.key, jobKey), inArray(engineJob.state, ['ACTIVATED', 'ACTIVATABLE']))).returning();
      const job = deleted[0];
      if (!job || !instance) throw new EngineError('INVALID_STATE', `job ${jobKey} is not activated`);
      return this.process(tx, [{ instanceKey: job.processInstanceKey, command: { c: 'job.complete', elementInstanceKey: job.elementInstanceKey, variables } }], [instance]);
    });
    this.notify(result);
  }

  async failJob(request: FailJobRequest): Promise<void> {
    await this.transact(async (tx) => {
      const job = await this.lockJob(tx, request.jobKey);
      if (job.state !== 'ACTIVATED') throw new EngineError('INVALID_STATE', `job ${request.jobKey} is ${job.state}, not activated`);
      const now = this.now();
      if (request.retries > 0) {
        await tx.update(engineJob).set({
          state: 'ACTIVATABLE', retries: request.retries, errorMessage: request.errorMessage, deadline: null, leaseOwner: null,
          retryAt: request.retryBackOffMs ? new Date(now.getTime() + request.retryBackOffMs) : null,
        }).where(eq(engineJob.key, request.jobKey));
        return;
      }
      await tx.update(engineJob).set({ state: 'FAILED', retries: 0, errorMessage: request.errorMessage, deadline: null, leaseOwner: null }).where(eq(engineJob.key, request.jobKey));
      await tx.insert(engineIncident).values({
        key: this.keys.take(), state: 'ACTIVE', processInstanceKey: job.processInstanceKey, elementInstanceKey: job.elementInstanceKey,
        elementId: job.elementId, jobKey: job.key, errorType: 'JOB_NO_RETRIES', errorMessage: request.errorMessage || 'No more retries left.', createdAt: now,
      });
      await writeHistory(tx, job.processInstanceKey, [{ elementInstanceKey: job.elementInstanceKey, elementId: job.elementId, elementType: 'JOB', event: 'INCIDENT' }], now);
    });
    if (request.retries > 0) {
      const delay = request.retryBackOffMs ?? 0;
      setTimeout(() => this.signals.emit(`jobs:retry`), Math.min(delay, 60_000)).unref();
    }
  }

  async throwError(request: ThrowErrorRequest): Promise<void> {
    const result = await this.transact(async (tx) => {
      const job = await this.lockJob(tx, request.jobKey);
      if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') throw new EngineError('INVALID_STATE', `job ${request.jobKey} is ${job.state}`);
      await tx.update(engineJob).set({ state: 'ERROR_THROWN', errorMessage: request.errorMessage ?? null, deadline: null, leaseOwner: null }).where(eq(engineJob.key, request.jobKey));
      return this.process(tx, [{ instanceKey: job.processInstanceKey, command: {
        c: 'job.error', elementInstanceKey: job.elementInstanceKey, errorCode: request.errorCode,
        errorMessage: request.errorMessage ?? '', variables: request.variables ?? {},
      } }]);
    });
    this.notify(result);
  }

  async updateJobRetries(jobKey: Key, retries: number): Promise<void> {
    if (!Number.isInteger(retries) || retries < 0) throw new EngineError('INVALID_ARGUMENT', 'retries must be a non-negative integer');
    const rows = await this.db.update(engineJob).set({ retries }).where(eq(engineJob.key, jobKey)).returning({ key: engineJob.key });
    if (!rows.length) throw new EngineError('NOT_FOUND', `job ${jobKey} not found`);
  }

  createWorker(options: WorkerOptions): JobWorker {
    // register at once, so the jobs a previous incarnation held are released before the first poll
    this.owner.ensure().catch((err: unknown) => this.logger.warn({ err }, 'engine lease owner could not register'));
    const worker = startJobWorker(this, this.signals, this.logger, {
      pollIntervalMs: this.options.defaultPollIntervalMs ?? 1000, timeout: this.options.defaultJobTimeoutMs ?? 300_000,
      ...(this.options.jobLogBindings ? { logBindings: this.options.jobLogBindings } : {}), ...options,
    });
    this.workers.add(worker);
    return { taskType: worker.taskType, close: async () => { this.workers.delete(worker); await worker.close(); } };
  }

  // ------------------------------------------------------------------ incidents

  async listIncidents(query: { processInstanceKey?: Key; state?: 'ACTIVE' | 'RESOLVED' } = {}): Promise<Incident[]> {
    const conds = [];
    if (query.processInstanceKey) conds.push(eq(engineIncident.processInstanceKey, query.processInstanceKey));
    if (query.state) conds.push(eq(engineIncident.state, query.state));
    const rows = await this.db.select().from(engineIncident).where(conds.length ? and(...conds) : undefined).orderBy(asc(engineIncident.key)).limit(1000);
    return rows.map((r) => ({
      key: r.key, processInstanceKey: r.processInstanceKey, elementInstanceKey: r.elementInstanceKey, elementId: r.elementId, jobKey: r.jobKey,
      errorType: r.errorType, errorMessage: r.errorMessage, state: r.state, createdAt: r.createdAt,
    }));
  }

  async resolveIncident(incidentKey: Key): Promise<void> {
    const result = await this.transact(async (tx) => {
      const peek = (await tx.select().from(engineIncident).where(eq(engineIncident.key, incidentKey)))[0];
      if (!peek) throw new EngineError('NOT_FOUND', `incident ${incidentKey} not found`);
      await loadInstanceForUpdate(tx, peek.processInstanceKey);
      const incident = (await tx.select().from(engineIncident).where(eq(engineIncident.key, incidentKey)).for('update'))[0]!;
      if (incident.state !== 'ACTIVE') throw new EngineError('INVALID_STATE', `incident ${incidentKey} is already resolved`);
      await tx.update(engineIncident).set({ state: 'RESOLVED', resolvedAt: this.now() }).where(eq(engineIncident.key, incidentKey));
      if (incident.jobKey) {
        const job = (await tx.select().from(engineJob).where(eq(engineJob.key, incident.jobKey)).for('update'))[0];
        if (job) {
          if (job.retries <= 0) throw new EngineError('INVALID_STATE', `job ${job.key} has no retries left: update its retries before resolving the incident`);
          await tx.update(engineJob).set({ state: 'ACTIVATABLE', retryAt: null, deadline: null, leaseOwner: null }).where(eq(engineJob.key, job.key));
          return { jobTypes: new Set([job.type]), timers: false };
        }
      }
      return this.process(tx, [{ instanceKey: incident.processInstanceKey, command: { c: 'incident.resolve', elementInstanceKey: incident.elementInstanceKey } }]);
    });
    this.notify(result);
  }

  // ------------------------------------------------------------------ user tasks

  async listUserTasks(query: UserTaskQuery): Promise<UserTask[]> {
    const conds = [eq(engineUserTask.state, query.state ?? 'CREATED')];
    if (query.processInstanceKey) conds.push(eq(engineUserTask.processInstanceKey, query.processInstanceKey));
    if (query.elementId) conds.push(eq(engineUserTask.elementId, query.elementId));
    const who = [];
    if (query.assignee) who.push(eq(engineUserTask.assignee, query.assignee));
    if (query.candidateGroups?.length) who.push(sql`${engineUserTask.candidateGroups} ?| ${sql`array[${sql.join(query.candidateGroups.map((g) => sql`${g}`), sql`, `)}]::text[]`}`);
    if (query.candidateUser) who.push(sql`${engineUserTask.candidateUsers} @> ${JSON.stringify([query.candidateUser])}::jsonb`);
    if (who.length) conds.push(or(...who)!);
    const rows = await this.db.select().from(engineUserTask).where(and(...conds)).orderBy(asc(engineUserTask.key)).limit(query.limit ?? 1000);
    return this.withTaskVariables(rows);
  }

  async getUserTask(userTaskKey: Key): Promise<UserTask | null> {
    const rows = await this.db.select().from(engineUserTask).where(eq(engineUserTask.key, userTaskKey));
    return (await this.withTaskVariables(rows))[0] ?? null;
  }

  private async withTaskVariables(rows: (typeof engineUserTask.$inferSelect)[]): Promise<UserTask[]> {
    if (rows.length === 0) return [];
    const docs = new Map((await this.db.select({ key: engineProcessInstance.key, document: engineProcessInstance.document }).from(engineProcessInstance)
      .where(inArray(engineProcessInstance.key, [...new Set(rows.map((r) => r.processInstanceKey))]))).map((r) => [r.key, r.document as InstanceRow['doc']]));
    return rows.map((r) => ({
      key: r.key, processInstanceKey: r.processInstanceKey, bpmnProcessId: r.bpmnProcessId, elementId: r.elementId,
      elementInstanceKey: r.elementInstanceKey, name: r.name, assignee: r.assignee, candidateGroups: r.candidateGroups,
      candidateUsers: r.candidateUsers, dueDate: r.dueDate, followUpDate: r.followUpDate, formKey: r.formKey,
      customHeaders: r.customHeaders, state: r.state, createdAt: r.createdAt,
      variables: r.state === 'CREATED' ? visibleVariables(docs.get(r.processInstanceKey)!, r.elementInstanceKey) : {},
    }));
  }

  async claimUserTask(userTaskKey: Key, assignee: string, options: { allowOverride?: boolean } = {}): Promise<void> {
    await this.transact(async (tx) => {
      const task = (await tx.select().from(engineUserTask).where(eq(engineUserTask.key, userTaskKey)).for('update'))[0];
      if (!task) throw new EngineError('NOT_FOUND', `user task ${userTaskKey} not found`);
      if (task.state !== 'CREATED') throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is ${task.state}`);
      if (task.assignee && task.assignee !== assignee && !options.allowOverride) throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is already assigned to ${task.assignee}`);
      await tx.update(engineUserTask).set({ assignee }).where(eq(engineUserTask.key, userTaskKey));
    });
  }

  async unclaimUserTask(userTaskKey: Key): Promise<void> {
    const rows = await this.db.update(engineUserTask).set({ assignee: null })
      .where(and(eq(engineUserTask.key, userTaskKey), eq(engineUserTask.state, 'CREATED'))).returning({ key: engineUserTask.key });
    if (!rows.length) throw new EngineError('NOT_FOUND', `no open user task ${userTaskKey}`);
  }

  async completeUserTask(userTaskKey: Key, variables: Variables = {}): Promise<void> {
    const result = await this.transact(async (tx) => this.completeTaskIn(tx, userTaskKey, variables));
    this.notify(result);
  }

  /** Completes a user task inside `tx`, assigning it first when `assignee` is given and it has none. */
  private async completeTaskIn(tx: EngineTx, userTaskKey: Key, variables: Variables, assignee?: string): Promise<Effects> {
    const peek = (await tx.select({ pik: engineUserTask.processInstanceKey }).from(engineUserTask).where(eq(engineUserTask.key, userTaskKey)))[0];
    if (!peek) throw new EngineError('NOT_FOUND', `user task ${userTaskKey} not found`);
    const instance = await loadInstanceForUpdate(tx, peek.pik);
    const updated = await tx.update(engineUserTask).set({ state: 'COMPLETED', endedAt: this.now(), ...(assignee ? { assignee: sql`coalesce(${engineUserTask.assignee}, ${assignee})` } : {}) })
      .where(and(eq(engineUserTask.key, userTaskKey), eq(engineUserTask.state, 'CREATED'))).returning();
    const task = updated[0];
    if (!task || !instance) throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is not open`);
    return this.process(tx, [{ instanceKey: task.processInstanceKey, command: { c: 'task.complete', elementInstanceKey: task.elementInstanceKey, variables } }], [instance]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.close()));
    await this.owner.close();
    this.signals.removeAllListeners();
  }
}

function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
