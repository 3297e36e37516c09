/**
 * The embedded engine under the benchmark: started on a database with the reference diagram's workers,
 * driven to completion, filled with waiting instances, restarted — each step measured.
 */
import { performance } from 'node:perf_hooks';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/client.ts';
import { engineTimer, engineUserTask } from '../../infra/db/schema.ts';
import { systemClock } from '../../infra/clock.ts';
import type { EmbeddedEngine, JobWorker, TimerScheduler } from '../../engine/index.ts';
import { buildEngine } from '../../test/engine-driver.ts';
import { collect, inFlight, mb, sleep, summarise, type RunResult } from './run-stats.ts';

/** The reference diagram's process id, job types and user-task group (bench/fixtures/reference.bpmn). */
export const PROCESS_ID = 'bench-reference';
export const JOB_TYPES = ['bench.a', 'bench.b', 'bench.c'];
export const GROUP = 'bench';

export interface MemoryResult {
  waiting: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  externalDeltaMb: number;
  heapPerInstanceKb: number;
  rssPerInstanceKb: number;
  fillSeconds: number;
  timersArmed: number;
}
export interface RestartResult {
  openMs: number;
  schedulerMs: number;
  firstTaskMs: number;
  totalMs: number;
  nextTimerDue: Date | null;
  waitingAfter: number;
}

export interface Harness {
  database: Database;
  engine: EmbeddedEngine;
  scheduler: TimerScheduler;
  workers: JobWorker[];
}

export function start(database: Database): Harness {
  const { engine, scheduler } = buildEngine(database, systemClock, { pollMs: 50 });
  const workers = JOB_TYPES.map((taskType) =>
    engine.createWorker({
      taskType,
      timeout: 60_000,
      handler: async () => ({ outcome: 'complete', variables: { [taskType.replace('.', '_')]: true } }),
    }),
  );
  scheduler.start();
  return { database, engine, scheduler, workers };
}

export async function stop(h: Harness): Promise<void> {
  await h.scheduler.stop();
  await h.engine.close();
  await h.database.close();
}

/**
 * Starts instances while fewer than `concurrency` are in flight; one loop completes the user tasks it
 * finds (as an inbox would). Latency: createInstance called → completeUserTask returned (the instance
 * ends in that step).
 */
export async function runOurs(engine: EmbeddedEngine, total: number, concurrency: number): Promise<RunResult> {
  const startedAt = new Map<string, number>();
  const latencies: number[] = [];
  let launched = 0;
  let inflight = 0;
  const launch = () => {
    while (launched < total && inflight < concurrency) {
      launched++;
      inflight++;
      const t0 = performance.now();
      void engine.createInstance({ bpmnProcessId: PROCESS_ID, variables: { n: launched } }).then((ref) => {
        startedAt.set(ref.processInstanceKey, t0);
      });
    }
  };
  const began = performance.now();
  launch();
  while (latencies.length < total) {
    const tasks = await engine.listUserTasks({ candidateGroups: [GROUP], limit: concurrency });
    const mine = tasks.filter((t) => startedAt.has(t.processInstanceKey));
    if (!mine.length) {
      await sleep(1);
      continue;
    }
    await Promise.all(
      mine.map(async (task) => {
        await engine.completeUserTask(task.key, { approved: true });
        latencies.push(performance.now() - startedAt.get(task.processInstanceKey)!);
        startedAt.delete(task.processInstanceKey);
        inflight--;
        launch();
      }),
    );
  }
  return summarise(latencies, (performance.now() - began) / 1000);
}

export async function countRows(database: Database, what: 'tasks' | 'timers'): Promise<number> {
  const rows =
    what === 'tasks'
      ? await database.db.select({ n: count() }).from(engineUserTask).where(eq(engineUserTask.state, 'CREATED'))
      : await database.db
          .select({ n: count() })
          .from(engineTimer)
          .where(and(eq(engineTimer.state, 'ACTIVE'), eq(engineTimer.elementId, 'Boundary_Remind')));
  return Number(rows[0]!.n);
}

/** Committed transactions of the database so far (PostgreSQL statistics, flushed within about a second); null on PGlite. */
export async function commits(database: Database): Promise<number | null> {
  if (database.kind !== 'postgres') return null;
  const result = await database.db.execute(
    sql`select xact_commit::text as n from pg_stat_database where datname = current_database()`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: string }[];
  return Number(rows[0]!.n);
}

/** Creates `waiting` instances, lets the workers bring each to the user task, and measures memory. */
export async function fillWaiting(h: Harness, waiting: number, concurrency: number): Promise<MemoryResult> {
  const before = collect();
  const began = performance.now();
  const base = await countRows(h.database, 'tasks');
  await inFlight(waiting, concurrency, async (i) => {
    await h.engine.createInstance({ bpmnProcessId: PROCESS_ID, variables: { n: i } });
    return 0;
  });
  while ((await countRows(h.database, 'tasks')) < base + waiting) await sleep(100);
  const fillSeconds = (performance.now() - began) / 1000;
  await sleep(200); // let worker loops settle into their poll sleep
  const after = collect();
  return {
    waiting,
    fillSeconds,
    timersArmed: await countRows(h.database, 'timers'),
    heapBeforeMb: mb(before.heapUsed),
    heapAfterMb: mb(after.heapUsed),
    rssBeforeMb: mb(before.rss),
    rssAfterMb: mb(after.rss),
    externalDeltaMb: mb(after.external - before.external),
    heapPerInstanceKb: (after.heapUsed - before.heapUsed) / 1024 / waiting,
    rssPerInstanceKb: (after.rss - before.rss) / 1024 / waiting,
  };
}

/** Closes everything, re-opens on the same database, and times until a waiting instance is resumed. */
export async function restart(
  h: Harness,
  open: () => Promise<Database>,
): Promise<{ result: RestartResult; harness: Harness }> {
  await stop(h);
  const t0 = performance.now();
  const database = await open(); // as on boot: connects and applies (no) pending migrations
  const t1 = performance.now();
  const harness = start(database);
  await harness.scheduler.tick(); // coalesces with the tick start() began: due timers fired, next due read
  const t2 = performance.now();
  const [task] = await harness.engine.listUserTasks({ candidateGroups: [GROUP], limit: 1 });
  if (!task) throw new Error('no waiting user task after restart');
  await harness.engine.completeUserTask(task.key, { approved: true });
  const t3 = performance.now();
  const status = harness.scheduler.status();
  if (!status.running || !status.lastTickAt) throw new Error('scheduler did not start');
  return {
    harness,
    result: {
      openMs: t1 - t0,
      schedulerMs: t2 - t1,
      firstTaskMs: t3 - t2,
      totalMs: t3 - t0,
      nextTimerDue: status.nextDueAt,
      waitingAfter: await countRows(database, 'tasks'),
    },
  };
}
