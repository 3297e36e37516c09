/**
 * Crash test: a child process runs the relay and is killed with SIGKILL while a batch is in flight;
 * a new relay then drains the outbox on the same database. Nothing may be lost or reordered; a
 * record the province stored but whose acknowledgement died with the child comes again (at least
 * once) with the same DFSJZJ and data, and the province keeps it once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openDatabase, type Database } from '../db/client.ts';
import { systemClock } from '../clock.ts';
import { readOutboxGauges } from '../db/outbox-lag.repo.ts';
import { enqueue } from '../db/outbox.repo.ts';
import { createProvinceClient } from '../province/province.client.ts';
import { startFakeProvince } from '../province/province.fake-server.ts';
import { createScratchDatabase, TEST_DATABASE_URL } from '../../test/db.ts';
import { waitFor } from '../../test/engine-driver.ts';
import { createSyncRelay } from './sync-relay.ts';
import { orderViolations, projectStory } from './sync.fixtures.ts';

const child = path.resolve('test/sync-relay-child.ts');
/** Node itself with tsx's loader: the tsx CLI would run the script in a grandchild that SIGKILL misses. */
const nodeArgs = ['--import', 'tsx', child];

const targets: {
  name: string;
  setup(): Promise<{ target: string; open(): Promise<Database>; cleanup(): Promise<void> }>;
}[] = [
  {
    name: 'pglite',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-crash-'));
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
  describe(`sync relay killed mid-batch [${t.name}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('loses and reorders nothing after SIGKILL', async () => {
      // given an outbox with 20 project stories and a slow province
      const setup = await t.setup();
      cleanups.push(setup.cleanup);
      const province = await startFakeProvince();
      cleanups.push(() => province.close());
      const records = Array.from({ length: 20 }, (_, i) =>
        projectStory(700 + i, { cases: 2, steps: 3, recordedAt: systemClock.now() }),
      ).flat();
      const seed = await setup.open();
      await enqueue(seed.db, records);
      await seed.close();
      province.setDelay(150);

      // when the relay child is killed with SIGKILL while a batch is at the province
      const proc = spawn(process.execPath, [...nodeArgs, setup.target, province.url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        proc.on('exit', (_code, signal) => resolve(signal)),
      );
      try {
        await waitFor(
          async () => {
            if (proc.exitCode !== null) throw new Error(`child exited early: ${stderr}`);
            return province.records().length >= 60;
          },
          { timeoutMs: 60_000, what: 'the child to send some batches' },
        );
        await new Promise((r) => setTimeout(r, 60)); // inside the next batch's delay
      } finally {
        proc.kill('SIGKILL');
      }
      expect(await exited).toBe('SIGKILL');
      const beforeRestart = province.records().length;

      // then a new relay drains the rest once the dead relay's lease runs out
      province.setDelay(0);
      const database = await setup.open();
      cleanups.push(() => database.close());
      const relay = createSyncRelay({
        database,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        batchSize: 20,
        pollMs: 10,
        province: createProvinceClient({
          baseUrl: province.url,
          appId: 'ZH-GGXT',
          appSecret: 'dev-province-secret',
          timeoutMs: 1_000,
        }),
      });
      relay.start();
      await waitFor(async () => (await readOutboxGauges(database.db)).backlog === 0, {
        timeoutMs: 60_000,
        what: 'the backlog to drain',
      });
      await relay.stop();
      expect(beforeRestart).toBeLessThan(records.length);
      expect(orderViolations(records, province.records())).toEqual([]);
      expect(province.records()).toHaveLength(records.length);
      // at least once: only the batch in flight may come twice, always with the same data
      expect(province.duplicates().length).toBeLessThanOrEqual(20);
      expect(province.duplicates().every((d) => d.sameData)).toBe(true);
    }, 180_000);
  });
}
