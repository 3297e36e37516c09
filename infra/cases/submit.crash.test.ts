/**
 * Crash test of a submission: a child process registers projects and submits applications in a loop
 * and is killed with SIGKILL at a random moment, several times; afterwards every project has its
 * tracker, every application its stage process and every process its application — nothing stranded
 * half-way (the business write and the engine command commit together).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../db/client.ts';
import { createScratchDatabase, TEST_DATABASE_URL } from '../../test/db.ts';
import { waitFor } from '../../test/engine-driver.ts';

const child = path.resolve('test/submit-crash-child.ts');
const KILLS = 4;

async function runAndKill(target: string, afterMs: number): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, target], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let readyAt = 0;
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  proc.stdout.on('data', (d) => {
    if (String(d).includes('READY')) readyAt = Date.now();
  });
  const exited = new Promise<string | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  try {
    await waitFor(
      async () =>
        proc.exitCode === null
          ? readyAt > 0 && Date.now() - readyAt >= afterMs
          : Promise.reject(new Error(`child exited early: ${stderr}`)),
      { timeoutMs: 90_000, what: 'the child to be submitting' },
    );
  } finally {
    proc.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
}

const targets: {
  name: string;
  setup(): Promise<{ target: string; open(): Promise<Database>; cleanup(): Promise<void> }>;
}[] = [
  {
    name: 'pglite',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'submit-crash-'));
      return {
        target: dir,
        open: () => openDatabase({ dataDir: dir }),
        cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
if (TEST_DATABASE_URL) {
  targets.push({
    name: 'postgres',
    async setup() {
      const scratch = await createScratchDatabase(TEST_DATABASE_URL!);
      return { target: scratch.url, open: () => openDatabase({ url: scratch.url }), cleanup: scratch.drop };
    },
  });
}

for (const t of targets) {
  describe(`submission killed at random moments [${t.name}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('leaves no project without its tracker, no application without its process and no process without its application', async () => {
      // given a child submitting in a loop, killed with SIGKILL at random moments, several times
      const setup = await t.setup();
      cleanups.push(setup.cleanup);
      for (let i = 0; i < KILLS; i += 1) await runAndKill(setup.target, 200 + Math.floor(Math.random() * 1500));
      // when the database is examined afterwards
      const database = await setup.open();
      cleanups.push(() => database.close());
      const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(database.db, q);
      const [applications] = await rows<{ n: number }>(sql`select count(*)::int as n from stage_application`);
      const orphanApplications = await rows<{ id: string }>(sql`
        select a.id from stage_application a left join engine_process_instance i on i.key::text = a.process_instance_key
         where i.key is null or i.bpmn_process_id <> 'stage-application'`);
      const orphanProcesses = await rows<{ key: string }>(sql`
        select i.key from engine_process_instance i left join stage_application a on a.process_instance_key = i.key::text
         where i.bpmn_process_id = 'stage-application' and a.id is null`);
      const untracked = await rows<{ code: string }>(sql`
        select p.code from project p left join engine_process_instance i on i.key::text = p.process_instance_key where i.key is null`);
      const unsubmitted = await rows<{ id: string }>(sql`
        select a.id from stage_application a where not exists (select 1 from case_event e where e.aggregate_id = a.id and e.type = 'SUBMITTED')`);
      // then work was done, and nothing is stranded half-way
      expect(Number(applications!.n)).toBeGreaterThan(0);
      expect({ orphanApplications, orphanProcesses, untracked, unsubmitted }).toEqual({
        orphanApplications: [],
        orphanProcesses: [],
        untracked: [],
        unsubmitted: [],
      });
    }, 240_000);
  });
}
