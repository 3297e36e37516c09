/**
 * 租约持有者 — the lease owner. Each engine incarnation (the engine of one server process start)
 * registers a row in `engine_owner` and beats it; every job its workers activate records its id. The
 * jobs of an owner that is no longer alive are released at once — back to ACTIVATABLE, the same job
 * with its retries unchanged, exactly as Zeebe times a job out — instead of waiting out their lease
 * (JOB_LEASE_MS). A late completion from the dead owner is still accepted while the key is valid.
 *
 * Who is alive: on PGlite one process owns the database (its data directory), so only the owners of this
 * process are — every other one is dead at start. On PostgreSQL several processes share the database:
 * the owners of this process and those whose heartbeat (database time, so no two hosts' clocks are
 * compared) is younger than the owner timeout. Every process sweeps at start and on every beat.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { EngineLogger } from '../logger.ts';
import type { EngineDatabase, EngineTx } from '../store/database.ts';
import { engineJob, engineOwner } from '../store/tables.ts';

/** The owners of the engines alive in this process (any database): never dead to this process. */
const processOwners = new Set<string>();

/** A released job: activatable again at once, as after Zeebe's job time-out (same key, same retries). */
const RELEASED = { state: 'ACTIVATABLE', deadline: null, worker: null, leaseOwner: null, retryAt: null } as const;

export interface LeaseOwnerOptions {
  database: EngineDatabase;
  logger: EngineLogger;
  /** How often the owner beats and sweeps, in ms. */
  heartbeatMs: number;
  /** An owner whose last beat is older than this is dead (PostgreSQL), in ms. */
  timeoutMs: number;
  /** Told the types of the jobs a sweep released, to wake the local workers at once. */
  onReleased(types: Set<string>): void;
}

export class LeaseOwner {
  readonly id = randomUUID();
  private started: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private closed = false;
  private registered = false;
  private readonly log: EngineLogger;

  constructor(private readonly options: LeaseOwnerOptions) {
    this.log = options.logger.child({ leaseOwner: this.id });
  }

  private get db() {
    return this.options.database.db;
  }

  /** Registers this owner and releases the jobs of dead owners, once; later calls wait for that. */
  ensure(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.started ??= (async () => {
      processOwners.add(this.id);
      await this.beat();
      this.log.info({ host: os.hostname(), pid: process.pid }, 'engine lease owner registered');
      await this.sweep();
      this.schedule();
    })().catch((err: unknown) => {
      processOwners.delete(this.id);
      this.started = null;
      throw err;
    });
    return this.started;
  }

  /** Records that this owner is alive (re-registers it if another process took it for dead). */
  private async beat(): Promise<void> {
    const updated = await this.db
      .update(engineOwner)
      .set({ heartbeatAt: sql`now()` })
      .where(eq(engineOwner.id, this.id))
      .returning({ id: engineOwner.id });
    if (updated.length) return;
    if (this.registered) this.log.warn('engine lease owner was taken for dead; its jobs may be delivered again');
    await this.db
      .insert(engineOwner)
      .values({ id: this.id, host: os.hostname(), pid: process.pid, startedAt: sql`now()`, heartbeatAt: sql`now()` })
      .onConflictDoUpdate({ target: engineOwner.id, set: { heartbeatAt: sql`now()` } });
    this.registered = true;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.beating = (async () => {
        try {
          await this.beat();
          await this.sweep();
        } catch (err) {
          if (!this.closed) this.log.warn({ err }, 'engine lease owner heartbeat failed');
        }
      })().finally(() => {
        this.beating = null;
        this.schedule();
      });
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** Owners alive as seen by a statement: this process's, and on PostgreSQL those that beat recently. */
  private aliveOwners() {
    return sql`(select ${engineOwner.id} from ${engineOwner} where ${engineOwner.heartbeatAt} >= now() - (${this.options.timeoutMs}::int * interval '1 millisecond'))`;
  }

  private notAlive(column: typeof engineJob.leaseOwner | typeof engineOwner.id) {
    const local = notInArray(column, [...processOwners]);
    return this.options.database.kind === 'pglite' ? local : and(local, sql`${column} not in ${this.aliveOwners()}`)!;
  }

  /**
   * Releases the activated jobs of owners that are not alive, and forgets those owners. Jobs being
   * completed right now are skipped (SKIP LOCKED): the next beat sees them if they are still there.
   * Returns how many jobs were released.
   */
  async sweep(): Promise<number> {
    const released = await this.db.transaction(async (tx) => {
      const candidates = await tx
        .select({ key: engineJob.key, owner: engineJob.leaseOwner })
        .from(engineJob)
        .where(
          and(eq(engineJob.state, 'ACTIVATED'), isNotNull(engineJob.leaseOwner), this.notAlive(engineJob.leaseOwner)),
        )
        .for('update', { skipLocked: true });
      if (candidates.length === 0) {
        await this.forgetDead(tx);
        return [];
      }
      // the rows are locked now: look again at their owners in a later snapshot, so an owner that
      // registered and activated one of them since the first look is seen alive
      const dead = await this.deadAmong(tx, [...new Set(candidates.map((c) => c.owner!))]);
      const ownerOf = new Map(candidates.map((c) => [c.key, c.owner!]));
      const keys = candidates.filter((c) => dead.has(c.owner!)).map((c) => c.key);
      const rows =
        keys.length === 0
          ? []
          : await tx
              .update(engineJob)
              .set(RELEASED)
              .where(and(inArray(engineJob.key, keys), eq(engineJob.state, 'ACTIVATED')))
              .returning({ key: engineJob.key, type: engineJob.type });
      await this.forgetDead(tx);
      return rows.map((r) => ({ ...r, owner: ownerOf.get(r.key)! }));
    });
    if (released.length) {
      this.log.info(
        { jobs: released.length, deadOwners: [...new Set(released.map((r) => r.owner))] },
        'jobs of dead engine owners released',
      );
      this.options.onReleased(new Set(released.map((r) => r.type)));
    }
    return released.length;
  }

  /** Deletes the rows of dead owners; rows another process is deleting or beating are left to the next sweep. */
  private async forgetDead(tx: EngineTx): Promise<void> {
    const dead = tx
      .select({ id: engineOwner.id })
      .from(engineOwner)
      .where(this.notAlive(engineOwner.id))
      .for('update', { skipLocked: true });
    await tx.delete(engineOwner).where(inArray(engineOwner.id, dead));
  }

  private async deadAmong(tx: EngineTx, owners: string[]): Promise<Set<string>> {
    const candidates = owners.filter((o) => !processOwners.has(o));
    if (this.options.database.kind === 'pglite' || candidates.length === 0) return new Set(candidates);
    const alive = await tx
      .select({ id: engineOwner.id })
      .from(engineOwner)
      .where(
        and(
          inArray(engineOwner.id, candidates),
          sql`${engineOwner.heartbeatAt} >= now() - (${this.options.timeoutMs}::int * interval '1 millisecond')`,
        ),
      );
    const aliveIds = new Set(alive.map((a) => a.id));
    return new Set(candidates.filter((o) => !aliveIds.has(o)));
  }

  /**
   * Stops beating and, once this engine's workers have finished, releases what it still holds (jobs
   * activated through the API and never completed) and forgets the owner.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.beating;
    processOwners.delete(this.id);
    if (!this.started) return;
    try {
      await this.started;
      await this.db.transaction(async (tx) => {
        await tx
          .update(engineJob)
          .set(RELEASED)
          .where(and(eq(engineJob.state, 'ACTIVATED'), eq(engineJob.leaseOwner, this.id)));
        await tx.delete(engineOwner).where(eq(engineOwner.id, this.id));
      });
    } catch (err) {
      this.log.warn({ err }, 'engine lease owner could not unregister');
    }
  }
}
