/**
 * The crash test's child process: runs the crash flow against a database with real workers, a real
 * clock and the scheduler, until it is killed. Argument: a PostgreSQL URL or a PGlite directory.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../infra/db/client.ts';
import { systemClock } from '../infra/clock.ts';
import { buildEngine, readFixture } from './engine-driver.ts';

const [target, countArg] = process.argv.slice(2);
const database = await openDatabase(target!.startsWith('postgres') ? { url: target } : { dataDir: target });
const { engine, scheduler } = buildEngine(database, systemClock, { pollMs: 100 });
await engine.deploy([readFixture(new URL('../infra/engine/embedded/fixtures/crash-flow.bpmn', import.meta.url))]);
const existing = await database.db.execute(sql`select count(*)::int as n from engine_process_instance`);
const n = ((Array.isArray(existing) ? existing : (existing as unknown as { rows: { n: number }[] }).rows)[0] as { n: number }).n;
if (n === 0) {
  for (let i = 0; i < Number(countArg ?? 30); i++) await engine.createInstance({ bpmnProcessId: 'crash-flow', variables: { items: [1, 2, 3], group: 'G', i } });
}
engine.createWorker({ taskType: 'crash.first', handler: async () => ({ outcome: 'complete', variables: { first: true } }), timeout: 2000 });
engine.createWorker({ taskType: 'crash.each', handler: async (job) => {
  await new Promise((r) => setTimeout(r, Math.random() * 20));
  return { outcome: 'complete', variables: { doubled: (job.variables.item as number) * 2 } };
}, timeout: 2000 });
scheduler.start();
process.stdout.write('READY\n');
for (;;) {
  const tasks = await engine.listUserTasks({ candidateGroups: ['G'], limit: 5 });
  for (const t of tasks) await engine.completeUserTask(t.key, { reviewed: true }).catch(() => {});
  await new Promise((r) => setTimeout(r, 30));
}
