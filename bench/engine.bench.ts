/**
 * Embedded engine benchmark (`npm run bench:engine`). The reference process (bench/fixtures/
 * reference.bpmn: start → parallel split → two service tasks → join → service task → user task with
 * a non-interrupting P30D timer boundary → end) runs:
 *
 *  1. on raw, in-memory bpmn-engine 25 (no database, no state snapshots) — the baseline;
 *  2. on our EmbeddedEngine over real PostgreSQL and over PGlite (a temp data directory), with
 *     in-process workers (engine.createWorker) and the bench completing the user task.
 *
 * Both keep the same number of instances in flight. Then, per database: heap and RSS with
 * ENGINE_BENCH_WAITING instances waiting on the user task (each with an armed timer row), and the
 * time from a restart (engine and database closed and re-opened) until a waiting instance can be
 * resumed and the timer scheduler has run its first tick.
 *
 * Heap figures need `global.gc`: without it the script re-runs itself under `node --expose-gc`.
 *
 * Environment (all optional):
 *   ENGINE_BENCH_INSTANCES     instances per throughput run                   (2000)
 *   ENGINE_BENCH_CONCURRENCY   instances in flight, for every engine          (50)
 *   ENGINE_BENCH_WAITING       instances left waiting for heap and restart    (10000; 0 skips)
 *   ENGINE_BENCH_RAW_WAITING   raw bpmn-engine instances held waiting, for the heap contrast (200; 0 skips)
 *   ENGINE_BENCH_TARGETS       comma list of raw,postgres,pglite              (all three)
 *   BENCH_DATABASE_URL | TEST_DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 *                              a scratch database is created on it and dropped at the end.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { and, count, eq, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../infra/db/client.ts';
import { engineTimer, engineUserTask } from '../infra/db/schema.ts';
import { systemClock } from '../infra/clock.ts';
import type { EmbeddedEngine, JobWorker, TimerScheduler } from '../engine/index.ts';
import { buildEngine, readFixture } from '../test/engine-driver.ts';
import { createScratchDatabase } from '../test/db.ts';

// ------------------------------------------------------------------ set-up

if (typeof globalThis.gc !== 'function' && !process.env.ENGINE_BENCH_NO_RESPAWN) {
  // heap per waiting instance is only meaningful after a forced collection
  const script = fileURLToPath(import.meta.url);
  const execArgv = process.execArgv.length ? process.execArgv : ['--import', 'tsx'];
  const child = spawnSync(process.execPath, ['--expose-gc', ...execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ENGINE_BENCH_NO_RESPAWN: '1' },
  });
  process.exit(child.status ?? 1);
}

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
};
const INSTANCES = int('ENGINE_BENCH_INSTANCES', 2000);
const CONCURRENCY = Math.max(1, int('ENGINE_BENCH_CONCURRENCY', 50));
const WAITING = int('ENGINE_BENCH_WAITING', 10_000);
const RAW_WAITING = int('ENGINE_BENCH_RAW_WAITING', 200);
const TARGETS = new Set(
  (process.env.ENGINE_BENCH_TARGETS ?? 'raw,postgres,pglite')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const PG_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const WARMUP = Math.min(100, Math.max(10, Math.floor(INSTANCES / 10)));

const FIXTURE = readFixture(new URL('./fixtures/reference.bpmn', import.meta.url));
const PROCESS_ID = 'bench-reference';
const JOB_TYPES = ['bench.a', 'bench.b', 'bench.c'];
const GROUP = 'bench';
const require = createRequire(import.meta.url);
const zeebeModdle = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

interface RunResult {
  completed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  txPerInstance?: number;
}
interface MemoryResult {
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
interface RestartResult {
  openMs: number;
  schedulerMs: number;
  firstTaskMs: number;
  totalMs: number;
  nextTimerDue: Date | null;
  waitingAfter: number;
}
interface TargetResult {
  name: string;
  run: RunResult;
  memory?: MemoryResult;
  restart?: RestartResult;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summarise(latencies: number[], seconds: number): RunResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    completed: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

function collect(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  return process.memoryUsage();
}

/** Keeps `concurrency` of `total` jobs in flight; returns each one's latency in ms and the wall time. */
async function inFlight(
  total: number,
  concurrency: number,
  one: (i: number) => Promise<number>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) latencies.push(await one(next++));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

// ------------------------------------------------------------------ raw bpmn-engine

/** A service task that waits and completes on the next turn of the event loop, like a job completed by a worker. */
function AsyncService() {
  /* stateless */
}
AsyncService.prototype.execute = function execute(
  _message: unknown,
  callback: (err: Error | null, output?: unknown) => void,
) {
  setImmediate(callback, null, { done: true });
};
const rawExtensions = {
  bench(activity: { type: string; behaviour: Record<string, unknown> }) {
    if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = AsyncService;
  },
};

/** The XML is parsed once (as a tuned user of raw bpmn-engine would); each instance is its own Engine. */
async function rawContext() {
  return new BpmnModdle({ zeebe: zeebeModdle }).fromXML(FIXTURE.xml);
}

function rawInstance(
  moddleContext: Awaited<ReturnType<typeof rawContext>>,
  i: number,
  completeUserTask: boolean,
): { done: Promise<number>; waiting: Promise<void>; engine: InstanceType<typeof Engine> } {
  const started = performance.now();
  const engine = new Engine({ name: `raw-${i}`, moddleContext, extensions: rawExtensions as never });
  const listener = new EventEmitter();
  let waited!: () => void;
  const waiting = new Promise<void>((r) => {
    waited = r;
  });
  listener.on('wait', (api: { type: string; signal(output?: unknown): void }) => {
    if (api.type !== 'bpmn:UserTask') return;
    waited();
    if (completeUserTask) setImmediate(() => api.signal({ approved: true }));
  });
  const done = new Promise<number>((resolve, reject) => {
    engine.once('end', () => resolve(performance.now() - started));
    engine.once('error', reject);
  });
  engine.execute({ listener, variables: { n: i } }).catch(() => {
    /* reported through 'error' */
  });
  return { done, waiting, engine };
}

async function benchRaw(): Promise<{ run: RunResult; waitingHeapPerInstanceKb?: number }> {
  const context = await rawContext();
  await inFlight(WARMUP, CONCURRENCY, (i) => rawInstance(context, i, true).done);
  const { latencies, seconds } = await inFlight(INSTANCES, CONCURRENCY, (i) => rawInstance(context, i, true).done);
  const run = summarise(latencies, seconds);
  if (!RAW_WAITING) return { run };
  const before = collect();
  const held = [];
  for (let i = 0; i < RAW_WAITING; i++) {
    const instance = rawInstance(context, i, false);
    await instance.waiting;
    held.push(instance.engine);
  }
  const after = collect();
  const waitingHeapPerInstanceKb = (after.heapUsed - before.heapUsed) / 1024 / RAW_WAITING;
  for (const engine of held) await engine.stop();
  return { run, waitingHeapPerInstanceKb };
}

// ------------------------------------------------------------------ our engine

interface Harness {
  database: Database;
  engine: EmbeddedEngine;
  scheduler: TimerScheduler;
  workers: JobWorker[];
}

function start(database: Database): Harness {
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

async function stop(h: Harness): Promise<void> {
  await h.scheduler.stop();
  await h.engine.close();
  await h.database.close();
}

/**
 * Starts instances while fewer than `concurrency` are in flight; one loop completes the user tasks it
 * finds (as an inbox would). Latency: createInstance called → completeUserTask returned (the instance
 * ends in that step).
 */
async function runOurs(engine: EmbeddedEngine, total: number, concurrency: number): Promise<RunResult> {
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

async function countRows(database: Database, what: 'tasks' | 'timers'): Promise<number> {
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
async function commits(database: Database): Promise<number | null> {
  if (database.kind !== 'postgres') return null;
  const result = await database.db.execute(
    sql`select xact_commit::text as n from pg_stat_database where datname = current_database()`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: string }[];
  return Number(rows[0]!.n);
}

/** Creates `waiting` instances, lets the workers bring each to the user task, and measures memory. */
async function fillWaiting(h: Harness, waiting: number): Promise<MemoryResult> {
  const before = collect();
  const began = performance.now();
  const base = await countRows(h.database, 'tasks');
  await inFlight(waiting, CONCURRENCY, async (i) => {
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
async function restart(
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

async function benchTarget(name: 'postgres' | 'pglite'): Promise<TargetResult> {
  let open: () => Promise<Database>;
  let cleanup: () => Promise<void>;
  if (name === 'postgres') {
    const scratch = await createScratchDatabase(PG_URL);
    open = () => openDatabase({ url: scratch.url });
    cleanup = scratch.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
    open = () => openDatabase({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  let h: Harness | null = null;
  try {
    h = start(await open());
    await h.engine.deploy([FIXTURE]);
    await runOurs(h.engine, WARMUP, CONCURRENCY);
    const commitsBefore = await commits(h.database);
    const run = await runOurs(h.engine, INSTANCES, CONCURRENCY);
    const commitsAfter = await commits(h.database);
    if (commitsBefore !== null && commitsAfter !== null)
      run.txPerInstance = (commitsAfter - commitsBefore) / run.completed;
    console.log(`  ${name}: ${run.perSecond.toFixed(1)} instances/s`);
    if (!WAITING) return { name, run };
    const memory = await fillWaiting(h, WAITING);
    console.log(`  ${name}: ${WAITING} waiting in ${memory.fillSeconds.toFixed(1)} s`);
    const restarted = await restart(h, open);
    h = restarted.harness;
    return { name, run, memory, restart: restarted.result };
  } finally {
    if (h) await stop(h).catch(() => {});
    await cleanup();
  }
}

// ------------------------------------------------------------------ main

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

console.log(
  `engine bench: ${INSTANCES} instances × ${CONCURRENCY} in flight, ${WAITING} waiting, node ${process.version}, ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, gc ${typeof globalThis.gc === 'function' ? 'exposed' : 'NOT exposed'}`,
);
let raw: Awaited<ReturnType<typeof benchRaw>> | null = null;
if (TARGETS.has('raw')) {
  raw = await benchRaw();
  console.log(`  raw bpmn-engine: ${raw.run.perSecond.toFixed(1)} instances/s`);
}
const results: TargetResult[] = [];
for (const name of ['postgres', 'pglite'] as const) if (TARGETS.has(name)) results.push(await benchTarget(name));

console.log('\nThroughput — reference process, start → end, same instances in flight');
console.log(
  'engine                      completed   seconds   inst/s   p50 ms   p99 ms   ratio ours/raw   DB commits/instance',
);
const row = (label: string, r: RunResult, ratio?: number) =>
  console.log(
    `${label.padEnd(26)}  ${String(r.completed).padStart(9)}  ${f(r.seconds, 2).padStart(8)}  ${f(r.perSecond).padStart(7)}  ${f(r.p50).padStart(7)}  ${f(r.p99).padStart(7)}   ${(ratio === undefined ? '' : f(ratio, 2)).padStart(14)}   ${r.txPerInstance === undefined ? '' : f(r.txPerInstance)}`,
  );
if (raw) row('raw bpmn-engine (memory)', raw.run);
for (const r of results) row(`embedded / ${r.name}`, r.run, raw ? r.run.perSecond / raw.run.perSecond : undefined);

if (results.some((r) => r.memory)) {
  console.log(`\nWaiting instances — on the user task, each with an armed P30D timer row (heap after forced GC)`);
  console.log(
    'engine                      waiting  timers  fill s  heap MB before→after   KB heap/inst   RSS MB before→after   KB RSS/inst   external Δ MB',
  );
  for (const r of results) {
    const m = r.memory;
    if (!m) continue;
    console.log(
      `${`embedded / ${r.name}`.padEnd(26)}  ${String(m.waiting).padStart(7)}  ${String(m.timersArmed).padStart(6)}  ${f(m.fillSeconds).padStart(6)}  ${`${f(m.heapBeforeMb)}→${f(m.heapAfterMb)}`.padStart(20)}   ${f(m.heapPerInstanceKb, 2).padStart(12)}   ${`${f(m.rssBeforeMb)}→${f(m.rssAfterMb)}`.padStart(19)}   ${f(m.rssPerInstanceKb, 2).padStart(11)}   ${f(m.externalDeltaMb).padStart(13)}`,
    );
  }
  if (raw?.waitingHeapPerInstanceKb !== undefined)
    console.log(
      `raw bpmn-engine (memory)    ${String(RAW_WAITING).padStart(7)}  (live Engine objects)              ${f(raw.waitingHeapPerInstanceKb, 1).padStart(12)}`,
    );

  console.log(
    '\nRestart — close engine and database, re-open, until a waiting instance is resumed and the scheduler ticked',
  );
  console.log(
    'engine                      open DB ms   scheduler ms   list+complete ms   total s   next timer due             waiting after',
  );
  for (const r of results) {
    const s = r.restart;
    if (!s) continue;
    console.log(
      `${`embedded / ${r.name}`.padEnd(26)}  ${f(s.openMs).padStart(10)}   ${f(s.schedulerMs).padStart(12)}   ${f(s.firstTaskMs).padStart(16)}   ${f(s.totalMs / 1000, 3).padStart(7)}   ${(s.nextTimerDue?.toISOString() ?? 'none').padEnd(24)}   ${s.waitingAfter}`,
    );
  }
}

console.log('\nTargets (2-core machine)');
const pg = results.find((r) => r.name === 'postgres');
if (pg && raw)
  console.log(
    `  ratio ours/raw ≥ 0.7 on PostgreSQL: ${f(pg.run.perSecond / raw.run.perSecond, 2)} — ${verdict(pg.run.perSecond / raw.run.perSecond >= 0.7)}`,
  );
if (pg)
  console.log(
    `  ≥ 100 completed instances/s on PostgreSQL: ${f(pg.run.perSecond)} — ${verdict(pg.run.perSecond >= 100)}`,
  );
for (const r of results) {
  if (r.memory)
    console.log(
      `  ≤ 5 KB heap per waiting instance [${r.name}]: ${f(r.memory.heapPerInstanceKb, 2)} KB — ${verdict(r.memory.heapPerInstanceKb <= 5)}`,
    );
  if (r.restart)
    console.log(
      `  restart ≤ 10 s [${r.name}]: ${f(r.restart.totalMs / 1000, 3)} s — ${verdict(r.restart.totalMs <= 10_000)}`,
    );
}
