/**
 * Provincial sync benchmark (issue #6, 办法 §5): case events at 1,000 per second for SYNC_BENCH_SECONDS
 * (default 60) through the outbox and the relays to the fake province; prints lag p50/p99/max
 * (target p99 ≤ 5 s). Then the province is down for SYNC_BENCH_OUTAGE_SECONDS (default 60) while
 * events keep coming; prints the backlog and the time to drain it once the province is back.
 * Runs on PostgreSQL (a scratch database) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, else
 * on in-memory PGlite. SYNC_BENCH_RATE and SYNC_BENCH_RELAYS override the rate and relay count;
 * SYNC_BENCH_BATCH (500), SYNC_BENCH_POLL_MS (200) the relays' batch and idle poll; SYNC_BENCH_IN_FLIGHT
 * (40) and SYNC_BENCH_POOL (20) the generator's concurrent transactions and pool.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { openDatabase, type Database, type Tx } from '../infra/db/client.ts';
import { systemClock } from '../infra/clock.ts';
import { readOutboxGauges } from '../infra/db/outbox-lag.repo.ts';
import { enqueue, type OutboxRecordInput } from '../infra/db/outbox.repo.ts';
import { createProvinceClient } from '../infra/province/province.client.ts';
import { startFakeProvince } from '../infra/province/province.fake-server.ts';
import { createSyncRelay } from '../infra/sync/sync-relay.ts';
import { caseRecords, projectRecords, resultRecord, stepRecord } from '../infra/sync/sync.fixtures.ts';
import { createScratchDatabase } from '../test/db.ts';

const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 60);
const OUTAGE_SECONDS = Number(process.env.SYNC_BENCH_OUTAGE_SECONDS ?? 60);
const RATE = Number(process.env.SYNC_BENCH_RATE ?? 1000);
const URL_BASE = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
/** Cases in progress at once: each gets an event about every ACTIVE_CASES / RATE seconds. */
const ACTIVE_CASES = 2000;
const STEPS = 6;

const scratch = URL_BASE ? await createScratchDatabase(URL_BASE) : null;
const database: Database = await openDatabase(scratch ? { url: scratch.url, poolSize: 10 } : {});
/** The application's own pool on PostgreSQL (relays run in their own process in production). */
const appDatabase: Database = scratch
  ? await openDatabase({ url: scratch.url, poolSize: Number(process.env.SYNC_BENCH_POOL ?? 20), migrate: false })
  : database;
const RELAYS = Number(process.env.SYNC_BENCH_RELAYS ?? (database.kind === 'postgres' ? 2 : 1));
const province = await startFakeProvince();
const logger = pino({ level: 'silent' });
const relays = Array.from({ length: RELAYS }, () =>
  createSyncRelay({
    database,
    clock: systemClock,
    logger,
    batchSize: Number(process.env.SYNC_BENCH_BATCH ?? 500),
    pollMs: Number(process.env.SYNC_BENCH_POLL_MS ?? 200),
    province: createProvinceClient({
      baseUrl: province.url,
      appId: 'ZH-GGXT',
      appSecret: 'dev-province-secret',
      timeoutMs: 10_000,
    }),
  }),
);

// Event source: ACTIVE_PROJECTS slots, each walking one project through two cases — [project + case 0,
// steps…, result, case 1, steps…, result] — so a case is never recorded before its project.
const ACTIVE_PROJECTS = ACTIVE_CASES / 2;
const EVENTS_PER_CASE = STEPS + 2;
const slots = Array.from({ length: ACTIVE_PROJECTS }, (_, i) => ({ project: i, event: 0 }));
let nextProject = ACTIVE_PROJECTS;
let cursor = 0;
function nextEvent(now: Date): OutboxRecordInput[] {
  const slot = slots[cursor]!;
  cursor = (cursor + 1) % slots.length;
  const c = Math.floor(slot.event / EVENTS_PER_CASE);
  const step = (slot.event % EVENTS_PER_CASE) - 1;
  let records: OutboxRecordInput[];
  if (step === -1)
    records = [...(c === 0 ? projectRecords(slot.project, now) : []), ...caseRecords(slot.project, c, now)];
  else if (step < STEPS) records = [stepRecord(slot.project, c, step, now)];
  else records = [resultRecord(slot.project, c, now)];
  slot.event += 1;
  if (slot.event === 2 * EVENTS_PER_CASE) Object.assign(slot, { project: nextProject++, event: 0 });
  return records;
}

let events = 0;
let records = 0;
/** Transactions in flight at once: a generator that falls behind must not starve the relays. */
const IN_FLIGHT = Number(process.env.SYNC_BENCH_IN_FLIGHT ?? 40);
/**
 * Generates RATE events per second, each in its own transaction, until `until` (ms, performance
 * clock): a continuous pipeline of at most IN_FLIGHT transactions (a slow one holds only its slot).
 */
async function generate(until: number): Promise<void> {
  const started = performance.now();
  const startedEvents = events;
  let started_ = 0;
  let inFlight = 0;
  let failure: unknown = null;
  while (performance.now() < until && !failure) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE) - started_;
    const n = Math.min(IN_FLIGHT - inFlight, Math.max(0, due));
    for (let i = 0; i < n; i++) {
      const rs = nextEvent(systemClock.now());
      started_ += 1;
      inFlight += 1;
      appDatabase.db
        .transaction((tx) => enqueue(tx as Tx, rs))
        .then(
          () => {
            events += 1;
            records += rs.length;
          },
          (err: unknown) => {
            failure = err;
          },
        )
        .finally(() => {
          inFlight -= 1;
        });
    }
    await sleep(n === 0 ? 2 : 0);
  }
  while (inFlight > 0) await sleep(2);
  if (failure) throw failure;
  console.log(`  … generated ${events - startedEvents} events`);
}

async function lagStats(fromId: number, toId: number): Promise<{ n: number; p50: number; p99: number; max: number }> {
  const result = await database.db.execute(sql`
    select count(*) as n,
      percentile_cont(0.5) within group (order by extract(epoch from acked_at - recorded_at)) as p50,
      percentile_cont(0.99) within group (order by extract(epoch from acked_at - recorded_at)) as p99,
      max(extract(epoch from acked_at - recorded_at)) as max
    from sync_outbox where id > ${fromId} and id <= ${toId} and status = 'SENT'`);
  const row = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows)[0] as Record<
    string,
    string
  >;
  return { n: Number(row.n), p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max) };
}
async function maxId(): Promise<number> {
  const result = await database.db.execute(sql`select coalesce(max(id), 0) as id from sync_outbox`);
  return Number(
    ((Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows)[0] as { id: string }).id,
  );
}
async function waitDrained(): Promise<void> {
  let reported = performance.now();
  for (let g = await readOutboxGauges(database.db); g.backlog > 0; g = await readOutboxGauges(database.db)) {
    if (performance.now() - reported > 5000) {
      reported = performance.now();
      console.log(`  … draining: backlog ${g.backlog}, parked ${g.parked}`);
    }
    await sleep(50);
  }
}
const s = (x: number) => `${x.toFixed(3)} s`;

console.log(
  `sync bench: ${database.kind}, ${RELAYS} relay(s), ${RATE} events/s for ${SECONDS} s, then ${OUTAGE_SECONDS} s outage`,
);
for (const r of relays) r.start();

// phase 1: steady load
const t1 = performance.now();
const cpu1 = process.cpuUsage();
await generate(t1 + SECONDS * 1000);
const generatedIn = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu1);
console.log(
  `  … this process used ${(((cpu.user + cpu.system) / 1e6 / generatedIn) * 100).toFixed(0)}% of a core while generating`,
);
const phase1Events = events;
const phase1Records = records;
const phase1Last = await maxId();
await waitDrained();
const steady = await lagStats(0, phase1Last);
console.log(
  `steady: ${phase1Events} events (${(phase1Events / generatedIn).toFixed(0)}/s achieved), ${phase1Records} records, ${province.records().length} stored at the province`,
);
console.log(
  `lag recorded→acknowledged: p50 ${s(steady.p50)}  p99 ${s(steady.p99)}  max ${s(steady.max)}  (target p99 ≤ 5 s) over ${steady.n} records`,
);

// phase 2: outage while events keep coming, then drain
if (OUTAGE_SECONDS > 0) {
  await province.setDown(true);
  const t2 = performance.now();
  await generate(t2 + OUTAGE_SECONDS * 1000);
  const backlog = (await readOutboxGauges(database.db)).backlog;
  const phase2Last = await maxId();
  await province.setDown(false);
  const up = performance.now();
  await waitDrained();
  const drainSeconds = (performance.now() - up) / 1000;
  const outage = await lagStats(phase1Last, phase2Last);
  console.log(
    `outage: ${OUTAGE_SECONDS} s down, ${events - phase1Events} events during it, backlog ${backlog} records when the province came back`,
  );
  console.log(
    `drain: ${s(drainSeconds)} to an empty backlog (${(backlog / drainSeconds).toFixed(0)} records/s); lag of outage records p50 ${s(outage.p50)} p99 ${s(outage.p99)} max ${s(outage.max)}`,
  );
}
const refusals = new Map<string, number>();
for (const r of province.rejected()) refusals.set(r.code, (refusals.get(r.code) ?? 0) + 1);
console.log(
  `province: ${province.records().length} records stored, ${province.duplicates().length} repeats, ${province.rejected().length} refused ${JSON.stringify(Object.fromEntries(refusals))}`,
);

await Promise.all(relays.map((r) => r.stop()));
await province.close();
if (appDatabase !== database) await appDatabase.close();
await database.close();
await scratch?.drop();
