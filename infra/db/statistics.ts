/**
 * Planner statistics for the embedded database. PostgreSQL's autovacuum keeps them current; PGlite runs
 * no background workers, so without this its planner sees every table as nearly empty and picks
 * nested loops that are quadratic at a city's volume (measured: a district's monthly report over
 * 100,000 cases took 122 s without statistics and under a second with them). ANALYZE at start and
 * then every interval (default one hour) keeps them honest. Nothing to do on PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import type { Logger } from '../logger.ts';

export async function analyze(database: Database): Promise<number> {
  const started = performance.now();
  await database.db.execute(sql`analyze`);
  return performance.now() - started;
}

export function startStatisticsMaintenance(
  database: Database,
  logger: Logger,
  intervalMs = 3_600_000,
): { stop(): void } {
  if (database.kind !== 'pglite') return { stop() {} };
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    analyze(database)
      .then((ms) => logger.debug({ ms: Math.round(ms) }, 'planner statistics refreshed'))
      .catch((err: unknown) => logger.warn({ err }, 'analyze failed'))
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
