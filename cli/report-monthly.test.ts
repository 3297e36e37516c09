/**
 * `npm run report:monthly` as a user runs it: a separate process on a fresh embedded database, writing
 * the JSON, the HTML and (with Chromium) the PDF; bad arguments exit 2 and write nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../infra/render/pdf.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'cli/report-monthly.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('npm run report:monthly', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (args: string[]) =>
    run(TSX, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });

  it('writes the month as JSON, HTML and PDF', async () => {
    const { stdout } = await cli(['2026-10', '--out', 'out']);
    expect(stdout).toContain('2026-10 全市: accepted 0');
    const json = JSON.parse(await readFile(path.join(dir, 'out/monthly-report-2026-10.json'), 'utf8')) as {
      month: string;
      regionCode: string;
      volumes: { accepted: number };
    };
    expect(json).toMatchObject({ month: '2026-10', regionCode: '440400', volumes: { accepted: 0 } });
    expect(await readFile(path.join(dir, 'out/monthly-report-2026-10.html'), 'utf8')).toContain('月通报 2026-10');
    const files = await readdir(path.join(dir, 'out'));
    if (await chromiumAvailable(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) {
      expect((await readFile(path.join(dir, 'out/monthly-report-2026-10.pdf'))).subarray(0, 5).toString()).toBe(
        '%PDF-',
      );
    } else {
      expect(files).not.toContain('monthly-report-2026-10.pdf');
    }
  }, 120_000);

  it('refuses a bad month or conflicting options with exit code 2, and archiving an unfinished month with 1', async () => {
    await expect(cli(['2026-13'])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('yyyy-mm') });
    await expect(cli(['2026-10', '--archive', '--version', '1'])).rejects.toMatchObject({ code: 2 });
    await expect(cli(['2099-01', '--archive'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('REPORT_MONTH_NOT_ENDED'),
    });
  }, 120_000);
});
