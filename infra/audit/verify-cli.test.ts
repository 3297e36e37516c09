/**
 * `npm run audit:verify` as an operator runs it: a separate process on an embedded database holding a
 * chain with two independent breaks prints both, with their positions, and exits 1; intact, it exits 0.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { createAuditRepo } from '../db/audit.repo.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'infra/audit/verify-cli.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('npm run audit:verify', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-verify-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const cli = () =>
    run(TSX, [CLI], {
      cwd: dir,
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
  /** Opens the embedded database, runs `fn`, closes it (the CLI needs it to itself). */
  const withDatabase = async (fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) => {
    const database = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      await fn(database);
    } finally {
      await database.close();
    }
  };

  it('prints every break with its position and exits 1; exits 0 when the chain holds', async () => {
    // given a chain of 8 rows
    await withDatabase(async (database) => {
      const audit = createAuditRepo(database.db);
      for (let i = 1; i <= 8; i += 1)
        await audit.append({
          at: new Date('2026-06-01T00:00:00Z'),
          action: 'POST /api/v1/x',
          outcome: '200',
          details: { i },
        });
    });
    // then intact
    expect((await cli()).stdout).toContain('audit chain intact: 8 rows, head seq 8');

    // given two independent breaks
    await withDatabase(async (database) => {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`update audit_log set outcome = '500' where seq = 2`);
        await tx.execute(sql`delete from audit_log where seq = 6`);
      });
    });
    // when verified / then both are printed and the exit code is 1
    const failed = await cli().then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('2 break(s)');
    expect(failed?.stdout).toMatch(/ALTERED at seq 2 [\s\S]*DELETED at seq 6 /);
  }, 120_000);
});
