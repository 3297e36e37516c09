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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../infra/db/client.ts';
import { readFixture } from '../test/engine-driver.ts';
import { createScratchDatabase } from '../test/db.ts';
import { benchRaw } from './engine/raw-bpmn-engine.ts';
import type { RunResult } from './engine/run-stats.ts';
import {
  commits,
  fillWaiting,
  restart,
  runOurs,
  start,
  stop,
  type Harness,
  type MemoryResult,
  type RestartResult,
} from './engine/embedded-harness.ts';

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

interface TargetResult {
  name: string;
  run: RunResult;
  memory?: MemoryResult;
  restart?: RestartResult;
}

// ------------------------------------------------------------------ our engine, per database

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
    const memory = await fillWaiting(h, WAITING, CONCURRENCY);
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
  raw = await benchRaw({
    xml: FIXTURE.xml,
    instances: INSTANCES,
    concurrency: CONCURRENCY,
    warmup: WARMUP,
    waiting: RAW_WAITING,
  });
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
