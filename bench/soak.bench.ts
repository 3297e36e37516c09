/**
 * Soak (`npm run bench:soak`): the whole system as its own process (`node --import tsx main.ts`) on
 * PostgreSQL, driven over HTTP at half its measured capacity for SOAK_MINUTES (30), killed with SIGKILL
 * and started again every SOAK_KILL_EVERY_MIN (5), and PostgreSQL itself restarted once
 * (SOAK_PG_RESTART_AT_MIN, half-way) — what a bad day in production looks like.
 *
 * One flow is what a window does for an applicant: register a project, submit a stage-3 application
 * (one item, its material uploaded), run the initial check (formal receipt), read the case. Every
 * request's latency and outcome is recorded per minute.
 *
 * Prints, per minute and in total: requests, errors (by kind), p50/p99; p99 drift (last steady minute
 * ÷ first); the server's heap at the start and end of each incarnation; the time from each SIGKILL and
 * from the PostgreSQL restart to the first healthy answer; and after the load stops and the system
 * settles: cases lost (an acknowledged application or receipt missing — must be 0) and stranded (an
 * application without its process, a process without its application, an acknowledged receipt whose
 * case is not in review, an open incident, a job still held by a dead owner — must be 0).
 *
 * Environment: SOAK_PG_URL (postgres://postgres@127.0.0.1:5432/postgres: a server where a scratch
 * database is created and dropped), SOAK_MINUTES (30), SOAK_KILL_EVERY_MIN (5), SOAK_PG_RESTART_AT_MIN
 * (SOAK_MINUTES / 2; 0 = never), SOAK_PG_RESTART_CMD (pg_ctlcluster --skip-systemctl-redirect <version>
 * main restart), SOAK_RATE (flows/s; default half the capacity measured in a 20-s probe),
 * SOAK_PORT (3190), SOAK_KEEP_DB (1 keeps the database).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { createRecordingClient } from './soak/recording-client.ts';
import { createServerProcess } from './soak/server-process.ts';

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
};
const MINUTES = num('SOAK_MINUTES', 30);
const KILL_EVERY_MS = num('SOAK_KILL_EVERY_MIN', 5) * 60_000;
const PG_RESTART_AT_MS = num('SOAK_PG_RESTART_AT_MIN', MINUTES / 2) * 60_000;
const PORT = num('SOAK_PORT', 3190);
const BASE = `http://127.0.0.1:${PORT}`;
const PG_BASE = process.env.SOAK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Zhuhai@2026';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const ROOT = path.resolve(import.meta.dirname, '..');
const pgVersion = () => fs.readdirSync('/etc/postgresql')[0];
const PG_RESTART_CMD =
  process.env.SOAK_PG_RESTART_CMD ?? `pg_ctlcluster --skip-systemctl-redirect ${pgVersion()} main restart`;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ database and server

const dbName = `soak_${Date.now().toString(36)}`;
const admin = postgres(PG_BASE, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
const dbUrl = Object.assign(new URL(PG_BASE), { pathname: `/${dbName}` }).toString();
const logFile = path.join(os.tmpdir(), `${dbName}.log`);
const serverEnv = {
  ...process.env,
  DATABASE_URL: dbUrl,
  PORT: String(PORT),
  HOST: '127.0.0.1',
  DEMO_DATA: 'true',
  DEMO_TIME: 'false',
  LOG_LEVEL: 'warn',
  AUTH_TOKEN_SECRET: 'soak-token-secret-0123456789abcdefghij',
  PII_KEY: 'soak-pii-key-0123456789abcdefghijklmn',
  RATE_LIMIT_MAX: '1000000000',
  LOGIN_RATE_LIMIT_MAX: '1000000',
};
const { healthy, heap, startServer, killServer, incarnations } = createServerProcess({
  base: BASE,
  root: ROOT,
  env: serverEnv,
  logFile,
});

// ------------------------------------------------------------------ HTTP and recording

const t0 = performance.now();
const { call, login, samples } = createRecordingClient({ base: BASE, password: PASSWORD, t0 });

// ------------------------------------------------------------------ the flow

const acknowledged = { applications: new Set<string>(), receipts: new Set<string>() };
let serial = 0;
const RUN_OFFSET = Date.now() % 900000;

async function flow(): Promise<void> {
  const n = (serial += 1);
  // one code per flow, never the same twice in a run (a repeat would be a different request under the same key)
  const code = `2604-440402-04-01-${String(100000 + ((RUN_OFFSET + n) % 900000)).padStart(6, '0')}`;
  const registered = await call(
    'applicant',
    'POST',
    '/api/v1/projects',
    {
      code,
      name: `浸泡测试项目${n}`,
      ownerName: '珠海示例建设有限公司',
      ownerUscc: '91440400MA4DEMO001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    },
    `soak-project-${code}`,
  );
  if (registered.status !== 201 && registered.status !== 409) return;
  const applied = await call(
    'applicant',
    'POST',
    '/api/v1/applications',
    {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-04'],
      channel: 'online',
      materials: [{ materialId: 'M110', source: 'upload', fileName: '处置方案.pdf', contentBase64: PDF }],
    },
    `soak-application-${code}`,
  );
  if (applied.status !== 201) return;
  const applicationId = applied.json.applicationId as string;
  const caseId = (applied.json.caseIds as string[])[0]!;
  acknowledged.applications.add(applicationId);
  const checked = await call(
    'window',
    'POST',
    `/api/v1/applications/${applicationId}/initial-check`,
    { materialChecks: [] },
    `soak-check-${applicationId}`,
  );
  if (checked.status === 200 && checked.json.outcome === 'RECEIPT') acknowledged.receipts.add(caseId);
  await call('window', 'GET', `/api/v1/cases/${caseId}`);
}

/** Flows at `rate` per second (at most `maxInFlight` at once) until `until` (ms since t0). */
async function drive(rate: number, until: number, maxInFlight = 64): Promise<number> {
  let inFlight = 0;
  let done = 0;
  let next = performance.now();
  const running = new Set<Promise<void>>();
  while (performance.now() - t0 < until) {
    if (inFlight < maxInFlight && performance.now() >= next) {
      inFlight += 1;
      const p = flow()
        .catch(() => {})
        .finally(() => {
          inFlight -= 1;
          done += 1;
          running.delete(p);
        });
      running.add(p);
      next += 1000 / rate;
      continue;
    }
    await sleep(Math.max(1, Math.min(20, next - performance.now())));
  }
  await Promise.all(running);
  return done;
}

// ------------------------------------------------------------------ run

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

console.log(
  `soak: ${MINUTES} min on PostgreSQL (${dbName}), SIGKILL every ${KILL_EVERY_MS / 60_000} min, PostgreSQL restart at ${PG_RESTART_AT_MS ? `${PG_RESTART_AT_MS / 60_000} min` : 'never'}; load average ${load()} (${os.cpus().length} cores); server log ${logFile}`,
);
console.log(`server healthy after ${(await startServer()).toFixed(0)} ms`);
await login('applicant');
await login('window');

let rate = num('SOAK_RATE', 0);
if (rate === 0) {
  const probeStart = performance.now() - t0;
  const flows = await drive(1000, probeStart + 20_000, 8);
  const capacity = flows / 20;
  rate = Math.max(0.5, capacity / 2);
  console.log(`capacity probe: ${capacity.toFixed(1)} flows/s (4 requests each) → soak at ${rate.toFixed(1)} flows/s`);
  samples.length = 0;
}

const soakStart = performance.now() - t0;
const soakEnd = soakStart + MINUTES * 60_000;
const disruptions: { at: number; what: string; healthyAfterMs: number }[] = [];
const chaos = (async () => {
  let nextKill = soakStart + KILL_EVERY_MS;
  let pgRestartDone = PG_RESTART_AT_MS === 0;
  while (performance.now() - t0 < soakEnd - 1000) {
    const now = performance.now() - t0;
    if (!pgRestartDone && now >= soakStart + PG_RESTART_AT_MS) {
      pgRestartDone = true;
      const at = performance.now();
      execSync(PG_RESTART_CMD, { stdio: 'ignore' });
      while (!(await healthy())) await sleep(100);
      disruptions.push({ at: now, what: 'PostgreSQL restart', healthyAfterMs: performance.now() - at });
    } else if (now >= nextKill) {
      nextKill += KILL_EVERY_MS;
      const at = performance.now();
      await killServer();
      await startServer();
      disruptions.push({ at: now, what: 'SIGKILL + start', healthyAfterMs: performance.now() - at });
    }
    await sleep(500);
  }
})();
const flows = await drive(rate, soakEnd);
await chaos;
incarnations.at(-1)!.heapEnd = await heap();

// settle: retried jobs finish, dead owners' jobs are taken over
await sleep(30_000);

const db = postgres(dbUrl, { max: 2, onnotice: () => {} });
const present = new Set((await db<{ id: string }[]>`select id from stage_application`).map((r) => r.id));
const lostApplications = [...acknowledged.applications].filter((id) => !present.has(id));
const caseRows = new Map(
  (
    await db<{ id: string; state: string; case_number: string | null }[]>`select id, state, case_number from item_case`
  ).map((r) => [r.id, r]),
);
const lostReceipts = [...acknowledged.receipts].filter((id) => !caseRows.get(id)?.case_number);
const notInReview = [...acknowledged.receipts].filter(
  (id) => caseRows.get(id) && caseRows.get(id)!.state !== 'IN_REVIEW',
);
const [stranded] = await db<{ no_process: number; no_application: number; incidents: number; held_by_dead: number }[]>`
  select
    (select count(*)::int from stage_application a left join engine_process_instance i on i.key::text = a.process_instance_key where i.key is null) as no_process,
    (select count(*)::int from engine_process_instance i left join stage_application a on a.process_instance_key = i.key::text where i.bpmn_process_id = 'stage-application' and a.id is null) as no_application,
    (select count(*)::int from engine_incident where state = 'ACTIVE') as incidents,
    (select count(*)::int from engine_job j where j.state = 'ACTIVATED' and j.lease_owner is not null and not exists (select 1 from engine_owner o where o.id = j.lease_owner)) as held_by_dead`;
await db.end();
await killServer();
if (process.env.SOAK_KEEP_DB !== '1') await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();

// ------------------------------------------------------------------ report

const minutes = Math.ceil(MINUTES);
console.log('\nminute  requests  errors  p50 ms  p99 ms');
const perMinute: { p99: number; errors: number }[] = [];
for (let m = 0; m < minutes; m += 1) {
  const window = samples.filter((s) => s.at >= soakStart + m * 60_000 && s.at < soakStart + (m + 1) * 60_000);
  const errors = window.filter((s) => s.kind !== 'ok' && !s.kind.startsWith('4')).length;
  const ms = window.filter((s) => s.kind === 'ok').map((s) => s.ms);
  perMinute.push({ p99: quantile(ms, 0.99), errors });
  console.log(
    `${String(m + 1).padStart(6)}  ${String(window.length).padStart(8)}  ${String(errors).padStart(6)}  ${quantile(ms, 0.5).toFixed(0).padStart(6)}  ${quantile(ms, 0.99).toFixed(0).padStart(6)}`,
  );
}
const kinds = new Map<string, number>();
for (const s of samples) if (s.kind !== 'ok') kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
const steady = perMinute.filter((m) => m.errors === 0 && Number.isFinite(m.p99));
console.log(
  `\nrequests ${samples.length} in ${flows} flows (${rate.toFixed(1)} flows/s); refusals and errors by kind: ${JSON.stringify(Object.fromEntries(kinds))}`,
);
console.log(
  `p99 drift (last steady minute ÷ first): ${steady.length >= 2 ? (steady.at(-1)!.p99 / steady[0]!.p99).toFixed(2) : 'n/a'} (${steady[0]?.p99.toFixed(0)} → ${steady.at(-1)?.p99.toFixed(0)} ms)`,
);
for (const d of disruptions)
  console.log(
    `${(d.at / 60_000).toFixed(1)} min: ${d.what}, healthy again after ${(d.healthyAfterMs / 1000).toFixed(1)} s`,
  );
incarnations.forEach((inc, i) =>
  console.log(
    `incarnation ${i + 1}: heap ${((inc.heapStart ?? 0) / 1_048_576).toFixed(0)} → ${((inc.heapEnd ?? 0) / 1_048_576).toFixed(0)} MB, healthy ${((inc.healthyAfterMs ?? 0) / 1000).toFixed(1)} s after start`,
  ),
);
console.log(`acknowledged: ${acknowledged.applications.size} applications, ${acknowledged.receipts.size} receipts`);
console.log(
  `cases lost: ${lostApplications.length + lostReceipts.length} (applications ${lostApplications.length}, receipts ${lostReceipts.length}) — must be 0`,
);
const strandedTotal =
  stranded!.no_process + stranded!.no_application + stranded!.incidents + stranded!.held_by_dead + notInReview.length;
console.log(
  `stranded: ${strandedTotal} (no process ${stranded!.no_process}, no application ${stranded!.no_application}, incidents ${stranded!.incidents}, jobs held by dead owners ${stranded!.held_by_dead}, receipts not in review ${notInReview.length}) — must be 0`,
);
console.log(`load average ${load()}`);
process.exit(lostApplications.length + lostReceipts.length + strandedTotal === 0 ? 0 : 1);
