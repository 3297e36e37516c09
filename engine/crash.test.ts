/**
 * Crash test: a child process runs the crash flow (jobs, a multi-instance, user tasks, timers) and is
 * killed with SIGKILL mid-step; this process then resumes on the same database. Every instance must
 * complete exactly as without the crash: no element step lost or repeated in the engine's history.
 * The second test kills the child while it holds jobs leased for 5 minutes: the restarted engine
 * releases them at once (runtime/lease-owner.ts), so they complete long before their lease ends.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { systemClock } from './clock.ts';
import type { EmbeddedEngine } from './embedded-engine.ts';
import { queryRows } from './store/database.ts';
import { engineJob } from './store/tables.ts';
import { buildEngine, waitFor } from '../test/engine-driver.ts';
import { createScratchDatabase, openDatabase, TEST_DATABASE_URL, type Database } from '../test/db.ts';

const INSTANCES = 30;
const child = path.resolve('test/engine-crash-child.ts');

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  const result = await database.db.execute(query);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0]!.n);
}

async function runUntilKilled(
  target: string,
  killWhen: (readyAt: number, stdout: string) => Promise<boolean>,
  plan?: object,
): Promise<void> {
  // node itself (not the tsx wrapper), so SIGKILL reaches the process that does the work
  const args = ['--import', 'tsx', child, target, String(INSTANCES), ...(plan ? [JSON.stringify(plan)] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let readyAt = 0;
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  proc.stdout.on('data', (d) => {
    stdout += d;
    if (String(d).includes('READY')) readyAt = Date.now();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal as never)));
  try {
    await waitFor(
      async () =>
        proc.exitCode === null
          ? readyAt > 0 && killWhen(readyAt, stdout)
          : Promise.reject(new Error(`child exited early: ${stderr}`)),
      { timeoutMs: 60_000, what: 'the child to get mid-way' },
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
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
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

/** Every instance completed every element exactly once (the multi-instance body and its 3 items: 4). */
async function expectEveryStepOnce(database: Database, engine: EmbeddedEngine): Promise<void> {
  const instances = await count(database, sql`select count(*) as n from engine_process_instance`);
  expect(instances).toBe(INSTANCES);
  const rows = await queryRows<{ process_instance_key: string; element_id: string; completed: string }>(
    database.db,
    sql`
    select process_instance_key, element_id, count(*) filter (where event = 'COMPLETED') as completed
    from engine_history group by process_instance_key, element_id`,
  );
  const expected: Record<string, number> = {
    'crash-flow': 1,
    Start: 1,
    Task_First: 1,
    Timer_Wait: 1,
    Gateway_Split: 1,
    Task_Each: 4,
    Task_Review: 1,
    Gateway_Join: 1,
    End: 1,
  };
  for (const r of rows)
    expect({ element: r.element_id, completed: Number(r.completed) }).toEqual({
      element: r.element_id,
      completed: expected[r.element_id],
    });
  expect(rows.length).toBe(INSTANCES * Object.keys(expected).length);
  for (const row of await queryRows<{ key: string }>(database.db, sql`select key from engine_process_instance`)) {
    const info = await engine.getProcessInstance(String(row.key));
    expect(info?.variables.results).toEqual([2, 4, 6]);
  }
}

/** The long-lease crash: jobs leased for 5 minutes; owners beat every 500 ms and are dead after 2 s. */
const HOLD = { leaseMs: 300_000, ownerHeartbeatMs: 500, ownerTimeoutMs: 2000, holding: 5 };

for (const t of targets) {
  describe(`crash and resume [${t.name}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('resumes every instance after SIGKILL mid-step, losing and repeating no step', async () => {
      // given a child process working through the crash flow
      const setup = await t.setup();
      cleanups.push(setup.cleanup);
      const probe = t.name === 'postgres' ? await setup.open() : null;
      if (probe) cleanups.push(() => probe.close());
      // when it is killed with SIGKILL while instances are in every state
      await runUntilKilled(setup.target, async (_readyAt, stdout) => {
        // PGlite has one owner: the child's own progress says when (a third of the 90 multi-instance steps)
        if (!probe) return (stdout.match(/EACH/g)?.length ?? 0) >= INSTANCES;
        const done = await count(
          probe,
          sql`select count(*) as n from engine_history where element_id = 'Task_Each' and event = 'COMPLETED'`,
        );
        return done >= INSTANCES; // some multi-instance steps done, most instances still running
      });

      // then a new process resumes and every instance completes
      const database = await setup.open();
      cleanups.push(() => database.close());
      const before = await count(
        database,
        sql`select count(*) as n from engine_process_instance where state = 'COMPLETED'`,
      );
      const { engine, scheduler } = buildEngine(database, systemClock, { pollMs: 50 });
      cleanups.push(async () => {
        await scheduler.stop();
        await engine.close();
      });
      engine.createWorker({
        taskType: 'crash.first',
        handler: async () => ({ outcome: 'complete', variables: { first: true } }),
        timeout: 500,
      });
      engine.createWorker({
        taskType: 'crash.each',
        handler: async (job) => ({ outcome: 'complete', variables: { doubled: (job.variables.item as number) * 2 } }),
        timeout: 500,
      });
      scheduler.start();
      await waitFor(
        async () => {
          for (const task of await engine.listUserTasks({ candidateGroups: ['G'] }))
            await engine.completeUserTask(task.key, { reviewed: true }).catch(() => {});
          return (
            (await count(
              database,
              sql`select count(*) as n from engine_process_instance where state = 'COMPLETED'`,
            )) === INSTANCES
          );
        },
        { timeoutMs: 60_000, what: 'all instances to complete' },
      );
      expect(before).toBeLessThan(INSTANCES);

      await expectEveryStepOnce(database, engine);
    }, 180_000);

    it('releases at once the jobs a killed process held on a 5-minute lease: they complete long before the lease ends, none lost or repeated', async ({
      annotate,
    }) => {
      // given a child process holding jobs leased for 5 minutes (calls that never answer)
      const setup = await t.setup();
      cleanups.push(setup.cleanup);
      // when it is killed with SIGKILL while it holds them
      await runUntilKilled(setup.target, async (_readyAt, stdout) => stdout.includes('HOLDING'), HOLD);
      const database = await setup.open();
      cleanups.push(() => database.close());
      const held = await database.db.select().from(engineJob).where(eq(engineJob.state, 'ACTIVATED'));
      expect(held.length).toBeGreaterThanOrEqual(HOLD.holding);
      const leaseEnds = Math.min(...held.map((j) => j.deadline!.getTime()));
      expect(leaseEnds).toBeGreaterThan(Date.now() + HOLD.leaseMs / 2);

      // then a restarted engine hands the same jobs out again at once, with their retries unchanged,
      // and every instance completes while the killed process's leases would still run
      const restartedAt = Date.now();
      const { engine, scheduler } = buildEngine(database, systemClock, {
        pollMs: 50,
        ownerHeartbeatMs: HOLD.ownerHeartbeatMs,
        ownerTimeoutMs: HOLD.ownerTimeoutMs,
      });
      cleanups.push(async () => {
        await scheduler.stop();
        await engine.close();
      });
      const delivered = new Map<string, number>();
      const heldKeys = new Set(held.map((j) => j.key));
      let heldBackAt = 0;
      const deliver = (key: string, retries: number) => {
        delivered.set(key, retries);
        if (heldKeys.has(key) && [...heldKeys].every((k) => delivered.has(k))) heldBackAt = Date.now();
      };
      engine.createWorker({
        taskType: 'crash.first',
        timeout: HOLD.leaseMs,
        handler: async (job) => {
          deliver(job.key, job.retries);
          return { outcome: 'complete', variables: { first: true } };
        },
      });
      engine.createWorker({
        taskType: 'crash.each',
        timeout: HOLD.leaseMs,
        handler: async (job) => {
          deliver(job.key, job.retries);
          return { outcome: 'complete', variables: { doubled: (job.variables.item as number) * 2 } };
        },
      });
      scheduler.start();
      await waitFor(
        async () => {
          for (const task of await engine.listUserTasks({ candidateGroups: ['G'] }))
            await engine.completeUserTask(task.key, { reviewed: true }).catch(() => {});
          return (
            (await count(
              database,
              sql`select count(*) as n from engine_process_instance where state = 'COMPLETED'`,
            )) === INSTANCES
          );
        },
        { timeoutMs: 60_000, what: 'all instances to complete' },
      );
      await annotate(
        `${held.length} held jobs delivered again ${heldBackAt - restartedAt} ms and all ${INSTANCES} instances completed ${Date.now() - restartedAt} ms after the restart (lease ${HOLD.leaseMs} ms)`,
      );
      expect(Date.now()).toBeLessThan(leaseEnds);
      expect(held.map((j) => ({ key: j.key, retries: delivered.get(j.key) }))).toEqual(
        held.map((j) => ({ key: j.key, retries: j.retries })),
      );
      await expectEveryStepOnce(database, engine);
    }, 180_000);
  });
}
