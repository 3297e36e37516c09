/**
 * API benchmark (`npm run bench:api`, issue #5): latency p50/p99/max and req/s of case status
 * (GET /api/v1/cases/{caseId}) and the group task list (GET /api/v1/tasks?scope=group) against a real
 * listening server with API_BENCH_CASES (default 100,000) item cases stored. Target: case status
 * p99 ≤ 20 ms at 500 req/s.
 *
 *  1. The whole system starts in-process (startSystem: engine, workers, fakes, API) on PostgreSQL when
 *     DATABASE_URL is set (that database is used as it is: create it empty), else on in-memory PGlite,
 *     and listens on an ephemeral loopback port.
 *  2. API_BENCH_REAL applications go through HTTP (project → application with both materials → window
 *     receipt) until each has an open 部门审查 task: genuine rows, events, clocks and user tasks.
 *  3. Bulk load with multi-row INSERT … SELECT over generate_series, copying the shape of the real
 *     rows: one project and one application per two cases, case -01 (ZH-S3-02, 市住建局) and case -02
 *     (another stage-3 item of another department), the real case's event log and legal clock per
 *     case. Case events are hash-chained and append-only (a trigger refuses UPDATE/DELETE, never
 *     INSERT); for a load bench they are inserted directly with plausible, chained-looking hashes that
 *     `audit:verify`-style chain checks would NOT accept — never do this outside a scratch database.
 *  4. API_BENCH_TASKS open user tasks of 市住建局 (engine_user_task + a copy of the real process
 *     instance document with the application id substituted) so the group task list is realistic.
 *  5. autocannon (in a worker thread, so the load generator does not share the server's event loop):
 *     case status for random case ids at a fixed 500 req/s for API_BENCH_SECONDS, then at maximum
 *     throughput; the task list (as reviewer.zjj) likewise at API_BENCH_TASK_RATE.
 *
 * Environment (all optional): DATABASE_URL, API_BENCH_CASES (100000), API_BENCH_TASKS (20000),
 * API_BENCH_REAL (3), API_BENCH_SECONDS (20), API_BENCH_RATE (500), API_BENCH_TASK_RATE (500),
 * API_BENCH_CONNECTIONS (20, case status), API_BENCH_TASK_CONNECTIONS (4, task list), API_BENCH_POOL (10,
 * PostgreSQL pool), API_BENCH_SESSIONS (20 sign-ins per user the requests are spread over),
 * API_BENCH_TARGETS (case,me,tasks; me = the auth floor, GET /api/v1/me).
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../infra/config.ts';
import { createLogger } from '../infra/logger.ts';
import { openDatabase } from '../infra/db/client.ts';
import { startSystem } from '../system.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { waitFor } from '../test/engine-driver.ts';

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
};
const CASES = Math.max(2, int('API_BENCH_CASES', 100_000));
const TASKS = int('API_BENCH_TASKS', 20_000);
const REAL = Math.max(1, int('API_BENCH_REAL', 3));
const SECONDS = Math.max(1, int('API_BENCH_SECONDS', 20));
const RATE = Math.max(1, int('API_BENCH_RATE', 500));
const TASK_RATE = Math.max(1, int('API_BENCH_TASK_RATE', 500));
const CONNECTIONS = Math.max(1, int('API_BENCH_CONNECTIONS', 20));
const TASK_CONNECTIONS = Math.max(1, int('API_BENCH_TASK_CONNECTIONS', 4));
const SESSIONS = Math.max(1, int('API_BENCH_SESSIONS', 20));
const TARGETS = new Set((process.env.API_BENCH_TARGETS ?? 'case,me,tasks').split(',').map((s) => s.trim()));
const TARGET_P99_MS = 20;
const PASSWORD = 'Zhuhai@2026';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const t0 = performance.now();
const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------ system

const dbUrl = process.env.DATABASE_URL || undefined;
const database = await openDatabase(dbUrl ? { url: dbUrl, poolSize: int('API_BENCH_POOL', 10) } : {});
// no DATABASE_URL in the config: the development secrets and demo accounts stay allowed; the database is ours
const config = loadConfig({
  DEMO_DATA: 'true',
  DEMO_TIME: 'false',
  SCHEDULER_POLL_MS: '200',
  RATE_LIMIT_MAX: '1000000000',
  LOGIN_RATE_LIMIT_MAX: '1000000',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
});
const system = await startSystem(config, createLogger(config.log.level, { pretty: false }), { database });
const address = await system.app.listen({ port: 0, host: '127.0.0.1' });
console.log(
  `api bench: ${database.kind}, listening on ${address}; ${CASES} cases, ${TASKS} bulk open tasks; load average ${load()} (${os.cpus().length} cores)`,
);

async function http(
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/bench JSON is read loosely
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${address}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
async function login(username: string): Promise<string> {
  const res = await http('POST', '/api/v1/auth/login', null, { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.accessToken as string;
}
const expectOk = (what: string, res: { status: number; json: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench JSON is read loosely
  return res.json as Record<string, any>;
};

// ------------------------------------------------------------------ real applications through HTTP

const tokens = {
  applicant: await login('applicant'),
  window: await login('window'),
  reviewer: await login('reviewer.zjj'),
  supervisor: await login('supervisor'),
};
const real: { applicationId: string; caseId: string }[] = [];
for (let i = 0; i < REAL; i++) {
  const code = `2604-440402-04-01-${String(700000 + Math.floor(Math.random() * 99999)).padStart(6, '0')}`;
  expectOk(
    'project',
    await http('POST', '/api/v1/projects', tokens.applicant, {
      code,
      name: '珠海基准测试项目',
      ownerName: '珠海示例建设有限公司',
      ownerUscc: '91440400MA4DEMO001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
      contactPhone: '13912345678',
    }),
    201,
  );
  const created = expectOk(
    'application',
    await http('POST', '/api/v1/applications', tokens.applicant, {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-02'],
      channel: 'online',
      materials: [
        { materialId: 'M090', source: 'upload', fileName: '申请表.pdf', contentBase64: PDF },
        { materialId: 'M091', source: 'upload', fileName: '消防设计文件.pdf', contentBase64: PDF },
      ],
    }),
    201,
  );
  const applicationId = created.applicationId as string;
  const caseId = (created.caseIds as string[])[0]!;
  await waitFor(
    async () => {
      const res = await http('POST', `/api/v1/applications/${applicationId}/initial-check`, tokens.window, {
        materialChecks: [
          { materialId: 'M090', ok: true },
          { materialId: 'M091', ok: true },
        ],
      });
      return res.status === 200 ? res.json : undefined;
    },
    { what: 'initial check', timeoutMs: 30_000, intervalMs: 100 },
  );
  await waitFor(
    async () => {
      const list = expectOk('tasks', await http('GET', '/api/v1/tasks?scope=group&limit=200', tokens.reviewer));
      return (list.items as { elementId: string; caseId: string | null }[]).find(
        (t) => t.elementId === 'Task_Review' && t.caseId === caseId,
      );
    },
    { what: `Task_Review of ${caseId}`, timeoutMs: 30_000, intervalMs: 100 },
  );
  real.push({ applicationId, caseId });
}
console.log(`${real.length} applications through HTTP to an open 部门审查 task (${since()})`);

// ------------------------------------------------------------------ bulk load

const rows = async (q: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> => {
  const r = await database.db.execute(q);
  return (Array.isArray(r) ? r : (r as unknown as { rows: unknown[] }).rows) as Record<string, unknown>[];
};
const model = real[0]!;
const other = ZHUHAI_CATALOG.stages
  .flatMap((s) => s.items)
  .find((i) => i.code.startsWith('ZH-S3-') && i.department !== 'ZH_ZJJ');
if (!other) throw new Error('no stage-3 item of another department in the catalogue');
const APPS = Math.ceil(CASES / 2);
const appId = (i: string) => sql.raw(`'ABENCH' || lpad((${i})::text, 8, '0')`);
const t1 = performance.now();
await database.db.transaction(async (tx) => {
  await tx.execute(sql`insert into project (code, name, owner_name, owner_uscc, region_code, flow_type, applicant_user_id, contact_phone, created_at)
    select 'BENCH-' || lpad(i::text, 8, '0'), '基准项目' || i, p.owner_name, p.owner_uscc, p.region_code, p.flow_type, p.applicant_user_id, p.contact_phone, p.created_at - (i || ' minutes')::interval
    from generate_series(1, ${APPS}) i, stage_application a join project p on p.code = a.project_code where a.id = ${model.applicationId}`);
  await tx.execute(sql`insert into stage_application (id, project_code, stage_no, channel, state, catalog_version, region_code, lead_department, contact_phone, process_instance_key, submitted_at, received_at, last_seq, last_hash)
    select ${appId('i')}, 'BENCH-' || lpad(i::text, 8, '0'), a.stage_no, a.channel, a.state, a.catalog_version, a.region_code, a.lead_department, a.contact_phone, null,
      a.submitted_at - (i || ' minutes')::interval, a.received_at - (i || ' minutes')::interval, 0, ''
    from generate_series(1, ${APPS}) i, stage_application a where a.id = ${model.applicationId}`);
  // case -01: the real case's item and department; case -02: another department's stage-3 item
  await tx.execute(sql`insert into item_case (id, application_id, project_code, case_number, item_code, department, region_code, stage_no, state, decision, accepted_at, decided_at, last_seq, last_hash)
    select ${appId('i')} || '-0' || n, ${appId('i')}, 'BENCH-' || lpad(i::text, 8, '0'), 'ZB' || lpad(i::text, 8, '0') || n,
      case n when 1 then c.item_code else ${other.code} end, case n when 1 then c.department else ${other.department} end,
      c.region_code, c.stage_no, c.state, c.decision, c.accepted_at - (i || ' minutes')::interval, null, c.last_seq,
      encode(sha256(convert_to(${appId('i')} || '-0' || n || ':' || c.last_seq, 'UTF8')), 'hex')
    from generate_series(1, ${APPS}) i, generate_series(1, 2) n, item_case c where c.id = ${model.caseId} and (i - 1) * 2 + n <= ${CASES}`);
  // the real case's event log, per bulk case; hashes look chained but are not the canonical-JSON chain
  await tx.execute(sql`insert into case_event (aggregate_id, aggregate, seq, type, business_time, recorded_at, actor_user_id, actor_role, actor_dept, client_ip, payload, blzt, step_key, prev_hash, hash)
    select c.id, e.aggregate, e.seq, e.type, e.business_time, e.recorded_at, e.actor_user_id, e.actor_role, e.actor_dept, e.client_ip, e.payload, e.blzt, e.step_key,
      case when e.seq = 1 then '' else encode(sha256(convert_to(c.id || ':' || (e.seq - 1), 'UTF8')), 'hex') end,
      encode(sha256(convert_to(c.id || ':' || e.seq, 'UTF8')), 'hex')
    from item_case c, case_event e where c.id like 'ABENCH%' and e.aggregate_id = ${model.caseId}`);
  await tx.execute(sql`insert into legal_clock (id, case_id, kind, region_code, department, status, events, updated_at)
    select 'LC-' || c.id || '-' || k.kind, c.id, k.kind, k.region_code, c.department, k.status, k.events, k.updated_at
    from item_case c, legal_clock k where c.id like 'ABENCH%' and k.case_id = ${model.caseId}`);
});
const counts = (
  await rows(
    sql`select (select count(*) from item_case) as cases, (select count(*) from case_event) as events, (select count(*) from legal_clock) as clocks`,
  )
)[0]!;
console.log(
  `bulk load: ${counts.cases} item cases, ${counts.events} case events, ${counts.clocks} legal clocks in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
);

if (TASKS > 0) {
  const t2 = performance.now();
  const [task] =
    await rows(sql`select t.key::text as key, t.process_instance_key::text as pik, length(p.document::text) as size from engine_user_task t join engine_process_instance p on p.key = t.process_instance_key
    where t.state = 'CREATED' and t.element_id = 'Task_Review' and t.candidate_groups ? 'ZH_ZJJ' and p.document::text like ${`%${model.caseId}%`} order by t.key limit 1`);
  if (!task) throw new Error(`no open Task_Review for ${model.caseId}`);
  const n = Math.min(TASKS, APPS);
  // keys far above the engine's allocator blocks; one instance per task, document with the application id substituted
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into engine_process_instance (key, process_definition_key, bpmn_process_id, version, state, parent_process_instance_key, parent_element_instance_key, document, revision, created_at, ended_at)
      select 8000000000000000 + i, p.process_definition_key, p.bpmn_process_id, p.version, p.state, null, null,
        replace(p.document::text, ${model.applicationId}, ${appId('i')})::jsonb, p.revision, p.created_at, null
      from generate_series(1, ${n}) i, engine_process_instance p where p.key = ${task.pik}::bigint`);
    await tx.execute(sql`insert into engine_user_task (key, state, process_instance_key, element_instance_key, element_id, bpmn_process_id, name, assignee, candidate_groups, candidate_users, due_date, follow_up_date, form_key, custom_headers, created_at, ended_at)
      select 8100000000000000 + i, t.state, 8000000000000000 + i, t.element_instance_key, t.element_id, t.bpmn_process_id, t.name, null, t.candidate_groups, t.candidate_users,
        t.due_date, t.follow_up_date, t.form_key, t.custom_headers, t.created_at, null
      from generate_series(1, ${n}) i, engine_user_task t where t.key = ${task.key}::bigint`);
  });
  console.log(
    `bulk tasks: ${n} open Task_Review tasks of ZH_ZJJ (instance document ${task.size} chars each) in ${((performance.now() - t2) / 1000).toFixed(1)} s`,
  );
}
if (database.kind === 'postgres') await database.db.execute(sql`analyze`);

// sanity: bulk and real cases answer 200 with their timeline
const caseIds = [
  ...real.map((r) => r.caseId),
  ...Array.from({ length: CASES }, (_, k) => `ABENCH${String(Math.floor(k / 2) + 1).padStart(8, '0')}-0${(k % 2) + 1}`),
];
for (const id of [caseIds[0]!, caseIds[REAL]!, caseIds.at(-1)!]) {
  const c = expectOk(`GET /cases/${id}`, await http('GET', `/api/v1/cases/${id}`, tokens.supervisor));
  if (!Array.isArray(c.timeline) || c.timeline.length === 0 || !Array.isArray(c.clocks) || c.clocks.length === 0)
    throw new Error(`case ${id}: no timeline or clocks`);
}
const list = expectOk('GET /tasks', await http('GET', '/api/v1/tasks?scope=group', tokens.reviewer));
console.log(
  `check: case status 200 for real and bulk cases; reviewer.zjj's group list total ${list.total} (${since()})`,
);

// ------------------------------------------------------------------ autocannon (worker thread)

interface Figures {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
// inside a worker thread autocannon hands back its raw histograms: aggregate them as its main thread would
const aggregate = require(require('node:path').join(require('node:path').dirname(workerData.autocannon), 'lib', 'aggregateResult.js'));
const ids = workerData.ids;
const opts = {
  url: workerData.url, connections: workerData.connections, duration: workerData.seconds, timeout: 30,
  ...(workerData.rate ? { overallRate: workerData.rate } : {}),
  requests: [{ method: 'GET', setupRequest: (req) => ({
    ...req, path: ids ? '/api/v1/cases/' + ids[Math.floor(Math.random() * ids.length)] : workerData.path,
    headers: { ...(req.headers || {}), authorization: 'Bearer ' + workerData.tokens[Math.floor(Math.random() * workerData.tokens.length)] },
  }) }],
};
autocannon(opts, (err, raw) => {
  if (err) throw err;
  const r = aggregate(raw, opts);
  parentPort.postMessage({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: r.requests.total / r.duration, total: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts });
});`;
function cannon(input: {
  tokens: string[];
  ids?: string[];
  path?: string;
  rate?: number;
  seconds: number;
}): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: {
        autocannon: AUTOCANNON,
        url: address,
        connections: input.ids ? CONNECTIONS : TASK_CONNECTIONS,
        ...input,
      },
    });
    w.once('message', (m: Figures) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}
const results: { name: string; f: Figures; load: string }[] = [];
/** PostgreSQL transactions committed so far (every autocommit statement is one): a load-independent cost per request. */
async function commits(): Promise<number | null> {
  if (database.kind !== 'postgres') return null;
  await new Promise((r) => setTimeout(r, 1200)); // backends flush their statistics about once a second
  const [row] = await rows(
    sql`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`,
  );
  return Number(row!.n);
}
async function run(name: string, input: Parameters<typeof cannon>[0]): Promise<Figures> {
  const before = await commits();
  const f = await cannon(input);
  const after = await commits();
  results.push({ name, f, load: load() });
  const perRequest =
    before !== null && after !== null && f.total > 0
      ? `, ${((after - before) / f.total).toFixed(1)} DB tx/request`
      : '';
  console.log(
    `${name.padEnd(34)} p50 ${String(f.p50).padStart(6)} ms  p99 ${String(f.p99).padStart(6)} ms  max ${String(f.max).padStart(6)} ms  ${f.rps.toFixed(0).padStart(5)} req/s  (${f.total} requests, ${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts${perRequest})  load ${load()}`,
  );
  return f;
}

// Requests come from SESSIONS signed-in sessions (as from many staff): every authenticated request
// touches its session row, and one shared session would serialise them on that row's lock.
const sessions = async (username: string) => Promise.all(Array.from({ length: SESSIONS }, () => login(username)));
const supervisors = await sessions('supervisor');
const reviewers = await sessions('reviewer.zjj');
// warm-up: JIT, connection pool, PostgreSQL buffers
await cannon({ tokens: supervisors, ids: caseIds, seconds: 3 });
let fixed: Figures | null = null;
if (TARGETS.has('case')) {
  fixed = await run(`case status @ ${RATE} req/s`, { tokens: supervisors, ids: caseIds, rate: RATE, seconds: SECONDS });
  await run('case status @ max', { tokens: supervisors, ids: caseIds, seconds: SECONDS });
}
if (TARGETS.has('me')) {
  // the floor every authenticated route pays (token check, session and account reads, session touch)
  await run('auth floor GET /me @ max', { tokens: supervisors, path: '/api/v1/me', seconds: Math.min(SECONDS, 10) });
}
if (TARGETS.has('tasks')) {
  await run(`task list (group) @ ${TASK_RATE} req/s`, {
    tokens: reviewers,
    path: '/api/v1/tasks?scope=group',
    rate: TASK_RATE,
    seconds: SECONDS,
  });
  await run('task list (group) @ max', { tokens: reviewers, path: '/api/v1/tasks?scope=group', seconds: SECONDS });
}
if (fixed) {
  const met = fixed.p99 <= TARGET_P99_MS && fixed.rps >= RATE * 0.95 && fixed.non2xx === 0 && fixed.errors === 0;
  console.log(
    `TARGET case status p99 ≤ ${TARGET_P99_MS} ms at ${RATE} req/s on ${database.kind}: ${met ? 'met' : 'NOT met'} (p99 ${fixed.p99} ms, ${fixed.rps.toFixed(0)} req/s achieved); load average ${load()}, ${os.cpus().length} cores`,
  );
}

await system.close();
await database.close();
process.exit(0);
