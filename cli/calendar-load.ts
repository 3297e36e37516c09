/**
 * `npm run calendar:load -- <file.json>` — loads the State Council's holiday notice of a year (or a
 * region's own days off) from a file, for operators; the same checks, versioning and audit record as
 * PUT /api/v1/calendar/years/{year}. On PostgreSQL it may run while servers run: they pick the new
 * year up within CALENDAR_REFRESH_MS. In embedded mode the server holds the database: stop it first,
 * or load through the API.
 *
 * The file: { "year": 2027, "regionCode": "000000" (optional; a region's own days off otherwise),
 *             "source": "…", "holidays": [{ "name", "from", "to" }], "workingDays": ["2027-…"] }
 * Exit codes: 0 loaded (or unchanged), 2 a malformed file or notice (nothing stored), 1 anything else.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { NATIONAL_REGION } from '../domain/calendar/calendar-override.ts';
import type { YearNoticeInput } from '../domain/calendar/year-notice.ts';
import { DomainError } from '../domain/errors.ts';
import { systemClock } from '../infra/clock.ts';
import { loadConfig } from '../infra/config.ts';
import { openDatabase } from '../infra/db/client.ts';
import { DataDirInUseError } from '../infra/db/data-dir-lock.ts';
import { createLogger } from '../infra/logger.ts';
import { openCalendarBook } from '../infra/calendar/calendar-book.ts';
import { wireCalendarUseCases } from '../use-cases.ts';

function refuse(message: string): never {
  console.error(`calendar:load: ${message}`);
  process.exit(2);
}

/** The file's fields, shape-checked (the notice's rules are the domain's). */
function readNotice(text: string): { year: number; regionCode: string; input: YearNoticeInput } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    refuse(`not JSON: ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    refuse('expected an object { year, source, holidays, workingDays }');
  const f = data as Record<string, unknown>;
  const known = new Set(['year', 'regionCode', 'source', 'holidays', 'workingDays']);
  const unknown = Object.keys(f).find((k) => !known.has(k));
  if (unknown) refuse(`file.${unknown}: unknown field`);
  if (!Number.isInteger(f.year)) refuse('file.year: expected a year, e.g. 2027');
  if (f.regionCode !== undefined && (typeof f.regionCode !== 'string' || !/^\d{6}$/.test(f.regionCode)))
    refuse('file.regionCode: expected six digits');
  if (typeof f.source !== 'string') refuse("file.source: expected the notice's title and number");
  const isDays = (v: unknown): v is { name: string; from: string; to: string }[] =>
    Array.isArray(v) &&
    v.every(
      (h) =>
        typeof h === 'object' &&
        h !== null &&
        ['name', 'from', 'to'].every((k) => typeof (h as Record<string, unknown>)[k] === 'string'),
    );
  if (!isDays(f.holidays)) refuse('file.holidays: expected [{ "name", "from", "to" }]');
  if (!Array.isArray(f.workingDays) || !f.workingDays.every((d) => typeof d === 'string'))
    refuse('file.workingDays: expected ["YYYY-MM-DD", …]');
  return {
    year: f.year as number,
    regionCode: (f.regionCode as string | undefined) ?? NATIONAL_REGION,
    input: { source: f.source, holidays: f.holidays, workingDays: f.workingDays as string[] },
  };
}

const file = process.argv[2];
if (!file || process.argv.length > 3) refuse('usage: npm run calendar:load -- <notice.json>');
let text = '';
try {
  text = await readFile(file, 'utf8');
} catch (err) {
  refuse(`cannot read ${file}: ${(err as Error).message}`);
}
const { year, regionCode, input } = readNotice(text);

const config = loadConfig();
const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
let database;
try {
  database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir });
} catch (err) {
  if (err instanceof DataDirInUseError) refuse(`${err.message} (PUT /api/v1/calendar/years/${year})`);
  throw err;
}
let code = 0;
try {
  const book = await openCalendarBook({ database, logger, endOfDay: config.time.deadlineTimeOfDay });
  const calendar = wireCalendarUseCases({
    database,
    calendars: book,
    clock: systemClock,
    endOfDay: config.time.deadlineTimeOfDay,
  });
  const operator = `calendar:load (${userInfo().username})`;
  const loader = {
    actor: null,
    audit: { actorUsername: operator, actorRoles: ['SYSTEM_ADMIN'], clientAddress: null },
    loadedBy: operator,
  };
  const result = await calendar.loadCalendarNotice(
    loader,
    input,
    year,
    regionCode === NATIONAL_REGION ? undefined : regionCode,
  );
  const where = regionCode === NATIONAL_REGION ? '全国' : regionCode;
  console.log(
    result.changed
      ? `loaded ${year} (${where}) as version ${result.version}: ${result.workingDays} working days, ${result.holidays.length} holidays, ${result.makeUpDays.length} make-up days — ${result.source}`
      : `unchanged: ${year} (${where}) version ${result.version} already says this`,
  );
} catch (err) {
  if (err instanceof DomainError) {
    console.error(
      `calendar:load: ${err.code}${typeof err.details?.field === 'string' ? ` at ${err.details.field.replace(/^body\./, 'file.').replace(/^params\./, 'file.')}` : ''}: ${err.message}`,
    );
    code = 2;
  } else {
    console.error(`calendar:load: ${(err as Error).message}`);
    code = 1;
  }
} finally {
  await database.close();
}
process.exit(code);
