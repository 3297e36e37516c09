/**
 * `npm run calendar:load` as an operator runs it: a separate process on an embedded database, loading
 * a notice from a file; a bad file exits 2 and stores nothing; a database held by the server is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../infra/db/client.ts';
import { noticeHistory } from '../infra/db/calendar.repo.ts';
import { verifyAuditChain } from '../infra/db/audit.repo.ts';
import { auditLog } from '../infra/db/schema.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'cli/calendar-load.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const EXAMPLE = path.join(ROOT, 'docs/calendar/2027.example.json');

describe('npm run calendar:load', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'calendar-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const dataDir = () => path.join(dir, 'data');
  const cli = (file: string) =>
    run(TSX, [CLI, file], {
      cwd: dir,
      env: { ...process.env, DATA_DIR: dataDir(), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
  const writeJson = async (name: string, value: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(value));
    return file;
  };

  it('loads the example 2027 notice, then finds a re-run unchanged; stored with its audit record', async () => {
    // given a fresh embedded database and the example file
    // when the command loads it twice
    const first = await cli(EXAMPLE);
    const again = await cli(EXAMPLE);
    // then it is version 1 with its figures (261 weekdays − 20 weekday holidays + 6 make-up days = 247),
    // and the second run stores nothing
    expect(first.stdout).toMatch(/^loaded 2027 \(全国\) as version 1: 247 working days, 7 holidays, 6 make-up days/);
    expect(again.stdout).toContain('unchanged: 2027 (全国) version 1');
    const database = await openDatabase({ dataDir: dataDir() });
    try {
      expect(
        (await noticeHistory(database.db, { year: 2027 })).map((n) => [
          n.version,
          n.loadedBy.startsWith('calendar:load ('),
        ]),
      ).toEqual([[1, true]]);
      const audits = (await database.db.select().from(auditLog)).filter((a) => a.action === 'calendar.load');
      expect(audits.map((a) => [a.target, a.outcome])).toEqual([
        ['calendar:000000/2027', 'version 1'],
        ['calendar:000000/2027', 'unchanged'],
      ]);
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);

  it.each([
    [
      'a make-up day on a weekday',
      {
        year: 2028,
        source: 'x',
        holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }],
        workingDays: ['2028-01-04'],
      },
      /CALENDAR_MAKEUP_NOT_WEEKEND at file\.workingDays\.0/,
    ],
    [
      'a year after a gap',
      { year: 2029, source: 'x', holidays: [{ name: '元旦', from: '2029-01-01', to: '2029-01-01' }], workingDays: [] },
      /CALENDAR_COVERAGE_GAP/,
    ],
    [
      'an unknown field',
      { year: 2028, source: 'x', holidays: [], workingDays: [], typo: 1 },
      /file\.typo: unknown field/,
    ],
    [
      "a region's days in a year the nation lacks",
      {
        year: 2028,
        regionCode: '440400',
        source: 'x',
        holidays: [{ name: '台风停工', from: '2028-07-14', to: '2028-07-14' }],
        workingDays: [],
      },
      /CALENDAR_YEAR_UNKNOWN/,
    ],
  ])(
    'refuses %s with exit code 2, storing nothing',
    async (_name, notice, message) => {
      // given a file with one fault
      const file = await writeJson('bad.json', notice);
      // when loaded / then refused, naming the fault
      await expect(cli(file)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    },
    120_000,
  );

  it('refuses while the server holds the embedded database', async () => {
    // given the database open in another process (this one)
    const held = await openDatabase({ dataDir: dataDir() });
    try {
      // when the command runs / then it refuses and points to the API
      await expect(cli(EXAMPLE)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('PUT /api/v1/calendar/years/2027'),
      });
      expect((await noticeHistory(held.db)).length).toBe(1);
    } finally {
      await held.close();
    }
  }, 120_000);
});
