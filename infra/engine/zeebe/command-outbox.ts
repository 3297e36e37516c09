/**
 * The command outbox for a Camunda 8 cluster (ENGINE=zeebe): a business transaction cannot include a
 * gRPC call, so the engine commands it implies are rows in `engine_command_outbox`, written in that
 * transaction and relayed after its commit — at once, and by a polling loop for whatever a crash left.
 *
 * Neither lost nor doubled: a command exists exactly when its business write committed; a relay leases
 * rows (FOR UPDATE SKIP LOCKED), so two processes never send one at once; a repeat after a crash between
 * sending and marking done is harmless — a message carries its message id (the broker refuses it again
 * while it lives), and an instance carries its business key as the variable `businessKey`, looked up
 * before creating it again.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.ts';
import type { Database, Tx } from '../../db/client.ts';
import { engineCommandOutbox } from '../../db/schema.ts';
import type { Logger } from '../../logger.ts';
import {
  EngineError,
  type CreateInstanceRequest,
  type Key,
  type ProcessInstanceRef,
  type PublishMessageRequest,
  type TxEngineCommands,
  type Variables,
} from '../port.ts';

/** What the relay sends commands to (the Zeebe adapter). */
export interface OutboxTarget {
  createInstance(request: CreateInstanceRequest): Promise<ProcessInstanceRef>;
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: Key }>;
  claimUserTask(userTaskKey: Key, assignee: string): Promise<void>;
  completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void>;
  /** The instance an earlier attempt created for a business key, or null. */
  findInstanceByBusinessKey(bpmnProcessId: string, businessKey: string): Promise<Key | null>;
}

export interface CommandOutbox {
  inTransaction<T>(fn: (tx: Tx, commands: TxEngineCommands) => Promise<T>): Promise<T>;
  /** Relays what is due now; the number of commands sent. */
  relay(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

type Row = typeof engineCommandOutbox.$inferSelect;

export function createCommandOutbox(deps: {
  database: Database;
  target: OutboxTarget;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  pollMs?: number;
  batch?: number;
}): CommandOutbox {
  const db = deps.database.db;
  const leaseMs = deps.leaseMs ?? 60_000;
  const logger = deps.logger.child({ component: 'engine-command-outbox' });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function enqueue(
    tx: Tx,
    kind: Row['kind'],
    dedupeKey: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const now = deps.clock.now();
    await tx
      .insert(engineCommandOutbox)
      .values({ kind, dedupeKey, payload, createdAt: now, nextAttemptAt: now })
      .onConflictDoNothing();
  }

  /** Leases the commands due now, oldest first. */
  async function claim(): Promise<Row[]> {
    const now = deps.clock.now();
    return db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(engineCommandOutbox)
        .where(
          and(
            isNull(engineCommandOutbox.doneAt),
            lte(engineCommandOutbox.nextAttemptAt, now),
            or(isNull(engineCommandOutbox.leasedUntil), lte(engineCommandOutbox.leasedUntil, now)),
          ),
        )
        .orderBy(asc(engineCommandOutbox.id))
        .limit(deps.batch ?? 50)
        .for('update', { skipLocked: true });
      for (const row of due) {
        await tx
          .update(engineCommandOutbox)
          .set({ leasedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${engineCommandOutbox.attempts} + 1` })
          .where(eq(engineCommandOutbox.id, row.id));
      }
      return due;
    });
  }

  async function send(row: Row): Promise<string> {
    const p = row.payload;
    if (row.kind === 'CREATE_INSTANCE') {
      const request = p as unknown as CreateInstanceRequest & { businessKey: string };
      // a previous attempt may have created it and crashed before marking the row done
      if (row.attempts > 0) {
        const existing = await deps.target.findInstanceByBusinessKey(request.bpmnProcessId, request.businessKey);
        if (existing) return existing;
      }
      const { businessKey, ...create } = request;
      return (await deps.target.createInstance({ ...create, variables: { ...create.variables, businessKey } }))
        .processInstanceKey;
    }
    if (row.kind === 'COMPLETE_USER_TASK') {
      const { userTaskKey, variables, assignee } = p as {
        userTaskKey: string;
        variables?: Variables;
        assignee?: string;
      };
      try {
        if (assignee) await deps.target.claimUserTask(userTaskKey, assignee);
        await deps.target.completeUserTask(userTaskKey, variables ?? {});
      } catch (err) {
        // completed by an earlier attempt that crashed before marking the row done
        if (
          row.attempts > 0 &&
          err instanceof EngineError &&
          (err.code === 'NOT_FOUND' || err.code === 'INVALID_STATE')
        )
          return userTaskKey;
        throw err;
      }
      return userTaskKey;
    }
    try {
      return (await deps.target.publishMessage(p as unknown as PublishMessageRequest)).messageKey;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'MESSAGE_ALREADY_EXISTS') return 'duplicate';
      throw err;
    }
  }

  async function relayOnce(): Promise<number> {
    let sent = 0;
    for (const row of await claim()) {
      try {
        const resultKey = await send(row);
        await db
          .update(engineCommandOutbox)
          .set({ doneAt: deps.clock.now(), resultKey, leasedUntil: null, lastError: null })
          .where(eq(engineCommandOutbox.id, row.id));
        sent += 1;
      } catch (err) {
        const backoff = Math.min(60_000, 1000 * 2 ** Math.min(row.attempts, 6));
        logger.warn(
          { err, commandId: row.id, kind: row.kind, attempts: row.attempts + 1 },
          'engine command not relayed; will retry',
        );
        await db
          .update(engineCommandOutbox)
          .set({
            leasedUntil: null,
            lastError: (err as Error).message.slice(0, 2000),
            nextAttemptAt: new Date(deps.clock.now().getTime() + backoff),
          })
          .where(eq(engineCommandOutbox.id, row.id));
      }
    }
    return sent;
  }

  const relay = (): Promise<number> => {
    running ??= relayOnce().finally(() => {
      running = null;
    });
    return running;
  };
  const kick = () => {
    relay().catch((err: unknown) => logger.warn({ err }, 'engine command relay failed'));
  };

  return {
    async inTransaction(fn) {
      const result = await db.transaction((t) => {
        const tx = t as Tx;
        return fn(tx, {
          async createInstance(request) {
            await enqueue(tx, 'CREATE_INSTANCE', `instance:${request.businessKey}`, { ...request });
            return { processInstanceKey: null };
          },
          async publishMessage(request) {
            await enqueue(
              tx,
              'PUBLISH_MESSAGE',
              `message:${request.name}:${request.correlationKey}:${request.messageId}`,
              { ...request },
            );
          },
          async completeUserTask(request) {
            await enqueue(tx, 'COMPLETE_USER_TASK', `task:${request.userTaskKey}`, { ...request });
          },
        });
      });
      kick();
      return result;
    },
    relay,
    start() {
      if (timer) return;
      timer = setInterval(kick, deps.pollMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
