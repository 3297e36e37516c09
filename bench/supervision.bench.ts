/**
 * Supervision benchmark (issue #7, 办法 §21–22): a city's month generated straight into the store —
 * SUP_BENCH_CASES item cases (default 100,000) accepted in October 2026, each with its stage
 * application, 3 application events and 7 case events (1,000,000 case events at the default), an
 * administrative clock, a province push, and a sprinkling of planted anomalies (decisions minutes after
 * acceptance, steps recorded days after their business time). Then, timed:
 *
 * - the nightly anomaly batch over every case (target ≤ 60 s for 1,000,000 events), and the
 *   near-real-time pass over 1,000 freshly appended events;
 * - the monthly report of October for the whole city (target ≤ 30 s for 100,000 cases), its archive
 *   (snapshot size), its reproduction from the archive, the HTML page and the PDF.
 *
 * Runs on PostgreSQL (a scratch database) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, else
 * on in-memory PGlite. SUP_BENCH_BATCH sets the detector's cases per batch (default 2000);
 * SUP_BENCH_OUT a directory to write the report's HTML and PDF into, to look at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { openDatabase, queryRows, type Database } from '../infra/db/client.ts';
import { analyze } from '../infra/db/statistics.ts';
import { ManualClock } from '../infra/clock.ts';
import { appendCaseEvent } from '../infra/db/case.repo.ts';
import { loadCatalog } from '../infra/db/catalog.repo.ts';
import { createDetector } from '../infra/supervision/detector.ts';
import { createMonthlyReports } from '../app/reports/monthly-reports.ts';
import { createReportArchive } from '../infra/supervision/report-archive.repo.ts';
import { parameterVersion } from '../infra/supervision/rule-parameter.repo.ts';
import { renderFoundReport, reportFooter } from '../infra/supervision/monthly-report.html.ts';
import { chromiumAvailable, htmlToPdf } from '../infra/render/pdf.ts';
import { createScratchDatabase } from '../test/db.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { createCalendars } from '../domain/calendar/calendars.ts';

const CASES = Number(process.env.SUP_BENCH_CASES ?? 100_000);
const BATCH = Number(process.env.SUP_BENCH_BATCH ?? 2000);
const URL_BASE = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REGIONS = ['440402', '440403', '440404'];

const scratch = URL_BASE ? await createScratchDatabase(URL_BASE) : null;
const database: Database = await openDatabase(scratch ? { url: scratch.url, poolSize: 10 } : {});
const db = database.db;
const catalog = indexCatalog(ZHUHAI_CATALOG);
const calendars = createCalendars([]);
// the nightly batch runs at the end of October (23:00 Shanghai on the 31st), the report in November
const clock = new ManualClock(new Date('2026-10-31T15:00:00Z'));
const logger = pino({ level: 'silent' });

const timed = async <T>(what: string, fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`  ${what}: ${(ms / 1000).toFixed(2)} s`);
  return [value, ms];
};
const mb = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const verdict = (ms: number, targetS: number) =>
  ms <= targetS * 1000 ? `met (≤ ${targetS} s)` : `NOT met (target ≤ ${targetS} s)`;

// the items cases are spread over: every non-immediate item, with its department and limit
const items = ZHUHAI_CATALOG.stages.flatMap((s) =>
  s.items
    .filter((i) => !i.immediate && i.promised.unit === 'WD')
    .map((i) => ({ code: i.code, dept: i.department, stage: s.no, days: i.promised.days, eCert: i.result.eCert })),
);
const arr = (values: (string | number)[]) =>
  sql.raw(`(array[${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(',')}])`);
const ITEM_CODES = arr(items.map((i) => i.code));
const ITEM_DEPTS = arr(items.map((i) => i.dept));
const ITEM_STAGES = arr(items.map((i) => i.stage));
const ITEM_DAYS = arr(items.map((i) => i.days));
const ECERT = sql.raw(`(array[${items.map((i) => (i.eCert ? 'true' : 'false')).join(',')}])`);
const REGION_ARR = arr(REGIONS);

console.log(
  `supervision bench on ${database.kind}: ${CASES.toLocaleString()} cases, ${items.length} items, detector batch ${BATCH}`,
);
console.log('generating (SQL, not timed against a target)…');
await loadCatalog(db, ZHUHAI_CATALOG);
const [, genMs] = await timed('generated', async () => {
  // g: one row per case with its item, region, acceptance instant and fate
  const g = sql`
    select i, (i - 1) % ${items.length} + 1 as k, ${REGION_ARR}[(i - 1) % ${REGIONS.length} + 1] as region,
           timestamptz '2026-10-09 09:00:00+08' + make_interval(days => (i * 7) % 22, mins => (i * 13) % 480) as t,
           i % 7 = 0 as open, i % 100 = 1 as fast, i % 200 = 3 as late
      from generate_series(1, ${CASES}) as i`;
  await db.execute(sql`insert into project (code, name, owner_name, owner_uscc, region_code, flow_type, created_at)
    select 'BP-' || i, '基准项目' || i, '建设单位', '91440400MA0000000X', region,
           (array['SOCIAL_INVEST','SOCIAL_INVEST','GOV_HOUSING','GOV_MUNICIPAL','SOCIAL_SMALL_LOWRISK'])[i % 5 + 1], t - interval '1 day' from (${g}) g`);
  await db.execute(sql`insert into stage_application (id, project_code, stage_no, channel, state, catalog_version, region_code, lead_department, submitted_at, received_at)
    select 'BA-' || i, 'BP-' || i, ${ITEM_STAGES}[k], case when i % 3 = 0 then 'window' else 'online' end, 'RECEIVED', ${ZHUHAI_CATALOG.version}, region, ${ITEM_DEPTS}[k], t - interval '2 hours', t from (${g}) g`);
  await db.execute(sql`insert into item_case (id, application_id, project_code, case_number, item_code, department, region_code, stage_no, catalog_version, state, decision, accepted_at, decided_at, last_seq, last_hash)
    select 'BC-' || i, 'BA-' || i, 'BP-' || i, 'ZH' || to_char(t at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(((i - 1) % 100000)::text, 5, '0'),
           ${ITEM_CODES}[k], ${ITEM_DEPTS}[k], region, ${ITEM_STAGES}[k], ${ZHUHAI_CATALOG.version},
           case when open then 'OPINION_GIVEN' else 'RESULT_ISSUED' end, case when open then null when i % 50 = 0 then 'REJECTED' else 'APPROVED' end,
           t, case when open then null when fast then t + interval '3 minutes' else t + make_interval(days => 2 + i % 9) end, 7, md5('BC-' || i || ':7')
      from (${g}) g`);
  // application events: SUBMITTED, PRECHECKED, RECEIPT
  await db.execute(sql`insert into case_event (aggregate_id, aggregate, seq, type, business_time, recorded_at, actor_user_id, actor_role, actor_dept, payload, prev_hash, hash)
    select 'BA-' || i, 'APPLICATION', s, (array['SUBMITTED','PRECHECKED','RECEIPT'])[s], t - make_interval(mins => 120 - s * 40), t - make_interval(mins => 120 - s * 40),
           case when s = 1 then 'applicant' else 'window' end, case when s = 1 then 'APPLICANT' else 'WINDOW' end, null,
           case when s = 2 then '{"missing":[]}'::jsonb else '{}'::jsonb end, md5('BA-' || i || ':' || (s - 1)), md5('BA-' || i || ':' || s)
      from (${g}) g, generate_series(1, 3) as s`);
  // case events: ACCEPTED, REVIEW_STARTED, SUPPLEMENT_REQUESTED, SUPPLEMENT_RECEIVED (a quarter; the others two opinions), OPINION_RECORDED, then DECIDED + RESULT_ISSUED (or two more opinions while open)
  await db.execute(sql`insert into case_event (aggregate_id, aggregate, seq, type, business_time, recorded_at, actor_user_id, actor_role, actor_dept, payload, prev_hash, hash)
    select 'BC-' || i, 'CASE', s, ty, bt, case when late and s = 5 then bt + interval '3 days' else bt end,
           case when s in (1, 3, 4) then 'window-' || (i % 40) when s = 6 then 'head-' || (i % 400) else 'reviewer-' || (i % 1000) end, case when s = 6 then 'DEPT_HEAD' else 'REVIEWER' end, ${ITEM_DEPTS}[k],
           case ty when 'ACCEPTED' then jsonb_build_object('caseNumber', 'ZH' || to_char(t at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(((i - 1) % 100000)::text, 5, '0'))
                   when 'REVIEW_STARTED' then jsonb_build_object('department', ${ITEM_DEPTS}[k])
                   when 'SUPPLEMENT_REQUESTED' then '{"missing":["M101"]}'::jsonb
                   when 'OPINION_RECORDED' then '{"opinion":"经审查,材料齐全,符合法定条件,同意办理"}'::jsonb
                   when 'DECIDED' then jsonb_build_object('decision', case when i % 50 = 0 then 'REJECTED' else 'APPROVED' end)
                   when 'RESULT_ISSUED' then jsonb_build_object('title', '许可决定书', 'docNumber', '珠审〔2026〕' || i || '号', 'certificateId', case when i % 50 = 0 then null else 'ZZ-' || i end)
                   else '{}'::jsonb end,
           md5('BC-' || i || ':' || (s - 1)), md5('BC-' || i || ':' || s)
      from (select g.*, s,
                   case when s in (3, 4) and i % 4 <> 0 then 'OPINION_RECORDED'
                        when s <= 5 then (array['ACCEPTED','REVIEW_STARTED','SUPPLEMENT_REQUESTED','SUPPLEMENT_RECEIVED','OPINION_RECORDED'])[s]
                        when open then 'OPINION_RECORDED' when s = 6 then 'DECIDED' else 'RESULT_ISSUED' end as ty,
                   case when fast and not open then t + make_interval(secs => s * 25)
                        else t + make_interval(hours => (array[0, 1, 3, 26, 30, 40, 41])[s]) + case when s >= 6 and not open then make_interval(days => i % 9) else interval '0' end end as bt
              from (${g}) g, generate_series(1, 7) as s) e`);
  // the result documents of the decided cases; the items that issue e-certificates get one, but for one in forty
  await db.execute(sql`insert into result_document (id, case_id, kind, title, doc_number, certificate_id, status, issued_at)
    select 'BR-' || i, 'BC-' || i, case when ${ECERT}[k] and i % 50 <> 0 and i % 40 <> 0 then 'ECERT' else 'DOCUMENT' end, '许可决定书', '珠审〔2026〕' || i || '号',
           case when ${ECERT}[k] and i % 50 <> 0 and i % 40 <> 0 then 'ZZ-' || i end, 'ISSUED', t + make_interval(days => 2 + i % 9, hours => 1)
      from (${g}) g where not open`);
  await db.execute(sql`insert into legal_clock (id, case_id, kind, region_code, department, status, events, updated_at)
    select 'BK-' || i, 'BC-' || i, 'ADMIN', region, ${ITEM_DEPTS}[k], case when open then 'RUNNING' else 'STOPPED' end,
           case when open then jsonb_build_array(jsonb_build_object('type', 'START', 'at', t, 'kind', 'ADMIN', 'limit', ${ITEM_DAYS}[k], 'unit', 'WD'))
                else jsonb_build_array(jsonb_build_object('type', 'START', 'at', t, 'kind', 'ADMIN', 'limit', ${ITEM_DAYS}[k], 'unit', 'WD'),
                                       jsonb_build_object('type', 'STOP', 'at', case when fast then t + interval '3 minutes' else t + make_interval(days => 2 + i % 9) end)) end, t
      from (${g}) g`);
  await db.execute(sql`insert into sync_outbox (ordering_key, case_id, spgl_table, op, dfsjzj, data, recorded_at, next_attempt_at, status, acked_at)
    select 'C:' || n, n, 'SPGL_XMSPSXBLXXB', 'UPSERT', n || ':1', '{}'::jsonb, t, t, case when i % 997 = 0 then 'PARKED' else 'SENT' end,
           case when i % 997 = 0 then null else t + make_interval(secs => 2 + (i * 31) % (case when i % 250 = 0 then 900 else 120 end)) end
      from (select g.*, 'ZH' || to_char(t at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(((i - 1) % 100000)::text, 5, '0') as n from (${g}) g) x`);
  // planner statistics, as autovacuum gives PostgreSQL and the embedded system's hourly ANALYZE gives PGlite
  await analyze(database);
});
const [{ events }] = (await queryRows<{ events: number }>(db, sql`select count(*)::int as events from case_event`)) as [
  { events: number },
];
console.log(
  `  ${events.toLocaleString()} case events, ${CASES.toLocaleString()} item cases (${(genMs / 1000).toFixed(1)} s)`,
);

console.log('\nnightly anomaly batch (every case, every rule):');
const detector = createDetector({ database, catalog, calendars, clock, logger, batchSize: BATCH });
const [nightly, nightlyMs] = await timed('runNightly', () => detector.runNightly());
const byRule = await queryRows<{ rule: string; n: number }>(
  db,
  sql`select rule, count(*)::int as n from anomaly_flag group by rule order by rule`,
);
console.log(
  `  ${nightly.cases.toLocaleString()} cases, ${nightly.events.toLocaleString()} events evaluated, ${nightly.newFlags.toLocaleString()} flags raised: ${byRule.map((r) => `${r.rule} ${r.n}`).join(', ')}`,
);
console.log(
  `  ${Math.round(nightly.events / (nightlyMs / 1000)).toLocaleString()} events/s, ${Math.round(nightly.cases / (nightlyMs / 1000)).toLocaleString()} cases/s — ${verdict(nightlyMs, (60 * events) / 1_000_000)} for ${events.toLocaleString()} events`,
);
const [again] = await timed('runNightly again (idempotent: nothing new)', () => detector.runNightly());
console.log(`  new flags on the second run: ${again.newFlags}`);

console.log('\nnear real time (events past the watermark):');
await detector.runOnce(); // moves the watermark past the generated events
const fresh = await queryRows<{ id: string; at: Date; department: string }>(
  db,
  sql`select id, accepted_at as at, department from item_case where state = 'OPINION_GIVEN' order by id limit 1000`,
);
for (const [n, c] of fresh.entries()) {
  const at = new Date(new Date(c.at).getTime() + 50 * 3_600_000);
  // every tenth opinion by a department the item does not name: P1 must catch exactly those
  const departmentCode = n % 10 === 0 ? (c.department === 'ZH_ZJJ' ? 'ZH_ZRZYJ' : 'ZH_ZJJ') : c.department;
  await appendCaseEvent(
    db,
    {
      aggregateId: c.id,
      aggregate: 'CASE',
      type: 'OPINION_RECORDED',
      actor: { userId: 'reviewer-x', role: 'REVIEWER', departmentCode },
      businessTime: at,
      payload: { opinion: '补充审查意见:同意办理' },
    },
    at,
  );
}
const before = await queryRows<{ id: number }>(db, sql`select coalesce(max(id), 0)::int as id from anomaly_flag`);
const [incremental] = await timed(`runOnce after ${fresh.length} new events`, () => detector.runOnce());
const newByRule = await queryRows<{ rule: string; n: number }>(
  db,
  sql`select rule, count(*)::int as n from anomaly_flag where id > ${before[0]!.id} group by rule order by rule`,
);
console.log(
  `  ${incremental.cases} cases re-evaluated, ${incremental.newFlags} new flags: ${newByRule.map((r) => `${r.rule} ${r.n}`).join(', ') || 'none'}`,
);

console.log('\nmonthly report, October 2026, city-wide:');
clock.set(new Date('2026-11-05T02:00:00Z'));
const reports = createMonthlyReports({
  archive: createReportArchive(db, { calendars, catalog }),
  supervision: { parameterVersion: () => parameterVersion(db) },
  clock,
});
const [report, reportMs] = await timed(
  'computed (load + clocks + figures)',
  async () => (await reports.find('2026-10', null)).report,
);
console.log(
  `  accepted ${report.volumes.accepted.toLocaleString()}, decided ${report.volumes.decided.toLocaleString()}, open ${report.volumes.openAtMonthEnd.toLocaleString()}, on time ${report.timeliness.onTimeRate}, flags ${report.anomalies.flags.toLocaleString()}, sync on time ${report.sync.onTimeRate}`,
);
console.log(`  ${verdict(reportMs, 30)} for ${report.volumes.accepted.toLocaleString()} cases`);
const [district] = await timed('one district (440403)', async () => (await reports.find('2026-10', '440403')).report);
console.log(`  440403: accepted ${district.volumes.accepted.toLocaleString()}`);
const [archived] = await timed('archived (computed again + snapshot stored)', () =>
  reports.archive('2026-10', 'bench'),
);
const [{ bytes }] = (await queryRows<{ bytes: number }>(
  db,
  sql`select pg_column_size(snapshot)::int as bytes from monthly_report where month = '2026-10' and version = ${archived.info.version}`,
)) as [{ bytes: number }];
console.log(
  `  version ${archived.info.version}: ${archived.info.cases.toLocaleString()} cases, ${archived.info.flags.toLocaleString()} flags, snapshot ${mb(bytes)} stored`,
);
const [reproduced] = await timed('reproduced from the archive', () =>
  reports.find('2026-10', null, archived.info.version),
);
console.log(`  reproduced exactly: ${reproduced.archive?.reproduced}`);
const [html] = await timed('HTML rendered', async () => renderFoundReport({ report, archive: null }));
console.log(`  ${mb(Buffer.byteLength(html))} of HTML`);
const OUT = process.env.SUP_BENCH_OUT;
if (OUT) {
  await mkdir(OUT, { recursive: true });
  await writeFile(path.join(OUT, 'monthly-report-2026-10.html'), html);
}
if (await chromiumAvailable(CHROMIUM)) {
  const [pdf] = await timed('PDF printed (Chromium)', () =>
    htmlToPdf(html, { executablePath: CHROMIUM, footer: reportFooter('2026-10') }),
  );
  console.log(`  ${mb(pdf.length)} of PDF`);
  if (OUT) await writeFile(path.join(OUT, 'monthly-report-2026-10.pdf'), pdf);
} else {
  console.log(`  PDF skipped: no Chromium at ${CHROMIUM}`);
}

console.log('\nsummary:');
console.log(
  `  nightly batch: ${events.toLocaleString()} events in ${(nightlyMs / 1000).toFixed(1)} s — ${verdict(nightlyMs, (60 * events) / 1_000_000)}`,
);
console.log(
  `  monthly report: ${report.volumes.accepted.toLocaleString()} cases in ${(reportMs / 1000).toFixed(1)} s — ${verdict(reportMs, (30 * report.volumes.accepted) / 100_000)}`,
);
await database.close();
await scratch?.drop();
