/**
 * The whole system in-process for scenario tests: a database from the harness, a manual clock, the
 * fake outside systems on loopback (real HTTP), the embedded engine with every worker, the API.
 */
import { loadConfig } from '../infra/config.ts';
import { ManualClock } from '../infra/clock.ts';
import { createLogger } from '../infra/logger.ts';
import type { Database } from '../infra/db/client.ts';
import type { UserTask } from '../infra/engine/port.ts';
import { EmbeddedEngineAdapter } from '../infra/engine/embedded/embedded-adapter.ts';
import { startSystem, type System } from '../system.ts';
import { waitFor } from './engine-driver.ts';

export async function startTestSystem(
  database: Database,
  start = new Date('2026-06-01T01:00:00Z'),
  options: { redeliver?: boolean } = {},
): Promise<System & { clock: ManualClock }> {
  const clock = new ManualClock(start);
  const config = loadConfig({
    SCHEDULER_POLL_MS: '50',
    RATE_LIMIT_MAX: '1000000',
    LOGIN_RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  // at-least-once: every worker registered while the system starts runs each job twice, as a
  // redelivery after a lost completion would (same job key, same element instance, same variables)
  const original = EmbeddedEngineAdapter.prototype.createWorker;
  if (options.redeliver) {
    EmbeddedEngineAdapter.prototype.createWorker = function (this: EmbeddedEngineAdapter, worker) {
      return original.call(this, {
        ...worker,
        handler: async (job) => {
          await worker.handler(job);
          return worker.handler(job);
        },
      });
    };
  }
  try {
    const system = await startSystem(config, createLogger(config.log.level, { pretty: false }), { clock, database });
    return system as System & { clock: ManualClock };
  } finally {
    EmbeddedEngineAdapter.prototype.createWorker = original;
  }
}

/** Waits for an open user task of an element (and optionally a candidate group or a case). */
export async function userTask(
  system: System,
  elementId: string,
  match: { group?: string; caseId?: string; processInstanceKey?: string | null } = {},
): Promise<UserTask> {
  return waitFor(
    async () => {
      const tasks = await system.engine.engine.listUserTasks({
        elementId,
        ...(match.group ? { candidateGroups: [match.group] } : {}),
        ...(match.processInstanceKey ? { processInstanceKey: match.processInstanceKey } : {}),
      });
      return tasks.find(
        (t) =>
          !match.caseId ||
          t.variables.caseId === match.caseId ||
          (t.variables.itemCase as { caseId?: string } | undefined)?.caseId === match.caseId,
      );
    },
    { what: `user task ${elementId} ${JSON.stringify(match)}` },
  );
}
