/**
 * The transaction core every command of the engine goes through. A command runs in `transact` (a
 * serialisation failure or deadlock is retried); `process` loads each instance it touches with a row
 * lock, runs one step on its document (execution/), and writes the document, its history and the rows
 * its effects imply in the same transaction — following the step's consequences for other instances
 * (a called process, a parent told of a completion or an error, a buffered message for a new
 * subscription) until nothing is left. After the commit, `notify` wakes the workers of new jobs and
 * the timer scheduler.
 */
import { EventEmitter } from 'node:events';
import { and, desc, eq } from 'drizzle-orm';
import type { Variables } from '../api.ts';
import type { EngineClock } from '../clock.ts';
import { EngineError } from '../errors.ts';
import { newDocument, type Command, type Effect } from '../execution/document.ts';
import { CommandRejected, Execution } from '../execution/execution.ts';
import { silentLogger, type EngineLogger } from '../logger.ts';
import type { ProcessModel } from '../model/model.ts';
import { parseBpmn } from '../model/parse-bpmn.ts';
import type { EngineDatabase, EngineDb, EngineSchema, EngineTx } from '../store/database.ts';
import { writeEffects } from '../store/effect-rows.ts';
import {
  loadInstanceForUpdate,
  saveInstance,
  takeBufferedMessage,
  writeHistory,
  type InstanceRow,
} from '../store/instance-store.ts';
import { KeyAllocator } from '../store/key-allocator.ts';
import { engineProcessDefinition, engineResource } from '../store/tables.ts';
import type { JobLogBindings } from './job-worker.ts';
import { LeaseOwner } from './lease-owner.ts';

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

export interface DefinitionRow {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceKey: string;
}

/** A command for an existing instance, or a new instance to start. */
export type Work =
  | { instanceKey: string; command: Command }
  | {
      create: {
        key: string;
        definition: DefinitionRow;
        variables: Variables;
        startElementId?: string;
        parent: { processInstanceKey: string; elementInstanceKey: string } | null;
      };
    };

/** What a committed step means for this process: job types to wake workers for, a timer to re-check. */
export interface Wakeups {
  jobTypes: Set<string>;
  timers: boolean;
}

/** Serialisation failure, deadlock: the transaction runs again. */
const RETRYABLE = new Set(['40001', '40P01']);

export class EngineCore {
  /** Emits `jobs:<type>` after a commit created jobs of that type, `timers` when a timer was armed. */
  readonly signals = new EventEmitter();
  readonly keys: KeyAllocator;
  /** This incarnation as the owner of the job leases its workers hold (lease-owner.ts). */
  readonly owner: LeaseOwner;
  readonly logger: EngineLogger;
  private readonly models = new Map<string, Promise<ProcessModel>>();

  constructor(readonly options: EmbeddedEngineOptions) {
    this.logger = options.logger ?? silentLogger;
    this.keys = new KeyAllocator(options.database.db);
    this.signals.setMaxListeners(1000);
    this.owner = new LeaseOwner({
      database: options.database,
      logger: this.logger,
      heartbeatMs: options.ownerHeartbeatMs ?? 5000,
      timeoutMs: options.ownerTimeoutMs ?? 15_000,
      onReleased: (types) => this.notify({ jobTypes: types, timers: false }),
    });
  }

  get db(): EngineDb {
    return this.options.database.db;
  }
  now(): Date {
    return this.options.clock.now();
  }

  async transact<T>(fn: (tx: EngineTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.keys.ensure();
      try {
        return await this.db.transaction((tx) => fn(tx));
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

  /** Runs work in its own transaction, then wakes what it implies. */
  async run(work: Work[]): Promise<void> {
    this.notify(await this.transact((tx) => this.process(tx, work)));
  }

  notify(result: Wakeups): void {
    for (const type of result.jobTypes) this.signals.emit(`jobs:${type}`);
    if (result.timers) this.signals.emit('timers');
  }

  /** The parsed model of a definition, cached. Inside a transaction pass it: PGlite has one connection. */
  model(definitionKey: string, executor: EngineDb = this.db): Promise<ProcessModel> {
    let model = this.models.get(definitionKey);
    if (!model) {
      model = (async () => {
        const rows = await executor
          .select({ xml: engineResource.xml, bpmnProcessId: engineProcessDefinition.bpmnProcessId })
          .from(engineProcessDefinition)
          .innerJoin(engineResource, eq(engineResource.key, engineProcessDefinition.resourceKey))
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

  async latestDefinition(tx: EngineDb, bpmnProcessId: string, version?: number): Promise<DefinitionRow | null> {
    const rows = await tx
      .select()
      .from(engineProcessDefinition)
      .where(
        version === undefined
          ? eq(engineProcessDefinition.bpmnProcessId, bpmnProcessId)
          : and(eq(engineProcessDefinition.bpmnProcessId, bpmnProcessId), eq(engineProcessDefinition.version, version)),
      )
      .orderBy(desc(engineProcessDefinition.version))
      .limit(1);
    return rows[0] ?? null;
  }

  /** Runs commands and everything they imply, inside one transaction. `locked`: instance rows the caller already holds. */
  async process(tx: EngineTx, initial: Work[], locked: InstanceRow[] = []): Promise<Wakeups> {
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
          key,
          processDefinitionKey: definition.key,
          bpmnProcessId: definition.bpmnProcessId,
          version: definition.version,
          doc: newDocument(key, definition.bpmnProcessId, parent),
          isNew: true,
          createdAt: now,
        };
        command = { c: 'start', variables, ...(startElementId ? { startElementId } : {}) };
      } else {
        row = cache.get(work.instanceKey) ?? (await loadInstanceForUpdate(tx, work.instanceKey));
        if (!row) throw new EngineError('NOT_FOUND', `process instance ${work.instanceKey} not found`);
        command = work.command;
        if (row.doc.ended && command.c !== 'cancel')
          throw new EngineError('INVALID_STATE', `process instance ${row.key} has ended`);
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
      queue.push(...(await this.consequences(tx, row, exec.effects, now)));
    }
    return { jobTypes, timers };
  }

  /** The work a step's effects imply for other instances (and for a subscription a buffered message awaits). */
  private async consequences(tx: EngineTx, row: InstanceRow, effects: Effect[], now: Date): Promise<Work[]> {
    const work: Work[] = [];
    for (const e of effects) {
      switch (e.t) {
        case 'child.create': {
          const definition = await this.latestDefinition(tx, e.bpmnProcessId);
          if (!definition) {
            // Zeebe: an incident on the call activity; resolving it retries once the process is deployed
            throw new EngineError('NOT_FOUND', `called process ${e.bpmnProcessId} is not deployed`);
          }
          work.push({
            create: {
              key: e.key,
              definition,
              variables: e.variables,
              parent: { processInstanceKey: row.key, elementInstanceKey: e.parentElementInstanceKey },
            },
          });
          break;
        }
        case 'child.cancel':
          work.push({ instanceKey: e.processInstanceKey, command: { c: 'cancel' } });
          break;
        case 'parent.completed':
          work.push({
            instanceKey: e.processInstanceKey,
            command: { c: 'child.completed', elementInstanceKey: e.elementInstanceKey, variables: e.variables },
          });
          break;
        case 'parent.error':
          work.push({
            instanceKey: e.processInstanceKey,
            command: {
              c: 'child.error',
              elementInstanceKey: e.elementInstanceKey,
              errorCode: e.errorCode,
              errorMessage: e.errorMessage,
              variables: e.variables,
              origin: e.origin,
            },
          });
          break;
        case 'origin.unhandled':
          work.push({
            instanceKey: e.origin.processInstanceKey,
            command: {
              c: 'error.unhandled',
              elementInstanceKey: e.origin.elementInstanceKey,
              errorCode: e.errorCode,
              errorMessage: e.errorMessage,
            },
          });
          break;
        case 'sub.open': {
          if (!row.doc.triggers[e.key]) break; // opened and closed within the step
          const variables = await takeBufferedMessage(tx, e.messageName, e.correlationKey, row.bpmnProcessId, now);
          if (variables) work.push({ instanceKey: row.key, command: { c: 'trigger', triggerKey: e.key, variables } });
          break;
        }
        default:
          break;
      }
    }
    return work;
  }
}

function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
