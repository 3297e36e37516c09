/**
 * `npm run report:monthly -- 2026-10 [--region 440403] [--archive [--narrative file.txt]] [--version N] [--out reports]`
 *
 * Writes the month's report as JSON, HTML and PDF (PDF when Chromium is installed, see CHROMIUM_PATH)
 * into --out (default `reports/`), from the configured database (DATABASE_URL, or the embedded one in
 * DATA_DIR — stop the server first in embedded mode: one process at a time opens it).
 * --archive archives the city-wide report first (the month must have ended) and writes that version;
 * --version N writes an archived version as reproduced from its snapshot. Exit code 0 on success,
 * 2 on bad arguments, 1 when the report could not be made.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config.ts';
import { openDatabase } from '../infra/db/client.ts';
import { loadCalendars } from '../infra/db/calendar.repo.ts';
import { systemClock } from '../infra/clock.ts';
import { chromiumAvailable } from '../infra/render/pdf.ts';
import { createReportArchive } from '../infra/supervision/report-archive.repo.ts';
import { createReportRenderer } from '../infra/supervision/report-renderer.ts';
import { parameterVersion } from '../infra/supervision/rule-parameter.repo.ts';
import { DomainError } from '../domain/errors.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { CITY_REGION } from '../domain/access/roles.ts';
import { monthRange } from '../domain/supervision/monthly-report-month.ts';
import type { FoundReport } from '../domain/supervision/report-snapshot.ts';
import { createMonthlyReports } from '../app/reports/monthly-reports.ts';

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run report:monthly -- <yyyy-mm> [--region <code>] [--archive [--narrative <file>]] [--version <n>] [--out <dir>]`,
  );
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        archive: { type: 'boolean' },
        version: { type: 'string' },
        out: { type: 'string' },
        narrative: { type: 'string' },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
})();
const month = positionals[0] ?? usage('the month is missing');
try {
  monthRange(month);
} catch (err) {
  usage((err as Error).message);
}
if (values.version !== undefined && !/^[1-9]\d*$/.test(values.version))
  usage(`--version must be a positive integer, got "${values.version}"`);
if (values.region !== undefined && !/^\d{6}$/.test(values.region))
  usage(`--region must be a 6-digit region code, got "${values.region}"`);
if (values.archive && values.version) usage('--archive and --version exclude each other');
if (values.narrative && !values.archive) usage('--narrative goes with --archive');
if (values.archive && values.region && values.region !== CITY_REGION)
  usage('--archive archives the city-wide report; leave --region out');

const config = loadConfig();
const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir });
try {
  const calendars = await loadCalendars(database.db, { endOfDay: config.time.deadlineTimeOfDay });
  // the operator at the console: the report without the API's policy (app/reports/monthly-reports.ts)
  const reports = createMonthlyReports({
    archive: createReportArchive(database.db, { calendars, catalog: indexCatalog(ZHUHAI_CATALOG) }),
    supervision: { parameterVersion: () => parameterVersion(database.db) },
    clock: systemClock,
  });
  const renderer = createReportRenderer({ chromiumPath: config.report.chromiumPath });
  const region = values.region && values.region !== CITY_REGION ? values.region : null;
  const started = performance.now();
  let found: FoundReport;
  if (values.archive) {
    const narrative = values.narrative ? await readFile(values.narrative, 'utf8') : '';
    const done = await reports.archive(month, 'cli', narrative.trim());
    found = { report: done.report, archive: { ...done.info, reproduced: true } };
    console.log(
      `archived ${month} as version ${done.info.version} (${done.info.cases} cases, ${done.info.flags} flags)`,
    );
  } else {
    found = await reports.find(month, region, values.version ? Number(values.version) : undefined);
    if (found.archive && !found.archive.reproduced)
      console.warn(
        `version ${values.version} no longer recomputes to its archived figures (report version ${found.archive.reportVersion}); the archived figures are written`,
      );
  }
  const { report, archive } = found;
  const computedMs = performance.now() - started;
  const outDir = path.resolve(values.out ?? 'reports');
  await mkdir(outDir, { recursive: true });
  const base = path.join(
    outDir,
    `monthly-report-${month}${region ? `-${region}` : ''}${archive ? `-v${archive.version}` : ''}`,
  );
  const html = renderer.html(found);
  await writeFile(`${base}.json`, `${JSON.stringify(archive ? { ...report, archive } : report, null, 2)}\n`);
  await writeFile(`${base}.html`, html);
  const written = [`${base}.json`, `${base}.html`];
  if (await chromiumAvailable(config.report.chromiumPath)) {
    await writeFile(`${base}.pdf`, await renderer.pdf(found));
    written.push(`${base}.pdf`);
  } else {
    console.warn(
      `no PDF: Chromium not found at ${config.report.chromiumPath} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`,
    );
  }
  console.log(
    `${month} ${region ?? '全市'}: accepted ${report.volumes.accepted}, decided ${report.volumes.decided}, open ${report.volumes.openAtMonthEnd}, on time ${report.timeliness.onTimeRate ?? '—'}, flags ${report.anomalies.flags} (computed in ${computedMs.toFixed(0)} ms)`,
  );
  for (const file of written) console.log(`wrote ${path.relative(process.cwd(), file)}`);
} catch (err) {
  if (err instanceof DomainError) {
    console.error(`${err.code}: ${err.message}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await database.close();
}
