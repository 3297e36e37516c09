/**
 * The crash test's child process: runs the crash flow against a database with real workers, a real
 * clock and the scheduler, until it is killed. Arguments: a PostgreSQL URL or a PGlite directory, the
 * number of instances, and optionally a JSON hold plan `{ leaseMs, ownerHeartbeatMs, ownerTimeoutMs,
 * holding }`: then jobs are leased for `leaseMs`, and the third item of every multi-instance is never
 * answered (a stuck call) by eight one-job workers; the child prints HOLDING once it holds `holding`
 * such jobs. Without a plan, leases are 2 s and every job completes.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../infra/db/client.ts';
import { systemClock } from '../infra/clock.ts';
import { buildEngine, readFixture } from './engine-driver.ts';

interface HoldPlan {
  leaseMs: number;
  ownerHeartbeatMs: number;
  ownerTimeoutMs: number;
  holding: number;
}

const [target, countArg, planArg] = process.argv.slice(2);
const plan = planArg ? (JSON.parse(planArg) as HoldPlan) : null;
const database = await openDatabase(target!.startsWith('postgres') ? { url: target } : { dataDir: target });
const { engine, scheduler } = buildEngine(database, systemClock, {
  pollMs: 100,
  ...(plan ? { ownerHeartbeatMs: plan.ownerHeartbeatMs, ownerTimeoutMs: plan.ownerTimeoutMs } : {}),
});
await engine.deploy([readFixture(new URL('../engine/fixtures/crash-flow.bpmn', import.meta.url))]);
const existing = await database.db.execute(sql`select count(*)::int as n from engine_process_instance`);
const n = (
  (Array.isArray(existing) ? existing : (existing as unknown as { rows: { n: number }[] }).rows)[0] as { n: number }
).n;
if (n === 0) {
  for (let i = 0; i < Number(countArg ?? 30); i++)
    await engine.createInstance({ bpmnProcessId: 'crash-flow', variables: { items: [1, 2, 3], group: 'G', i } });
}
const timeout = plan ? plan.leaseMs : 2000;
let held = 0;
engine.createWorker({
  taskType: 'crash.first',
  handler: async () => ({ outcome: 'complete', variables: { first: true } }),
  timeout,
});
for (let w = 0; w < (plan ? 8 : 1); w++) {
  engine.createWorker({
    taskType: 'crash.each',
    ...(plan ? { maxJobsToActivate: 1 } : {}),
    timeout,
    handler: async (job) => {
      if (plan && job.variables.item === 3) {
        if (++held === plan.holding) process.stdout.write('HOLDING\n');
        await new Promise(() => {}); // never answers: the job stays leased to this process until it dies
      }
      await new Promise((r) => setTimeout(r, Math.random() * 20));
      process.stdout.write('EACH\n'); // progress the parent kills on, whatever the machine's speed
      return { outcome: 'complete', variables: { doubled: (job.variables.item as number) * 2 } };
    },
  });
}
scheduler.start();
process.stdout.write('READY\n');
for (;;) {
  const tasks = await engine.listUserTasks({ candidateGroups: ['G'], limit: 5 });
  for (const t of tasks) await engine.completeUserTask(t.key, { reviewed: true }).catch(() => {});
  await new Promise((r) => setTimeout(r, 30));
}
