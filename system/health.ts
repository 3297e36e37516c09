/**
 * The system's health report (GET /health): the database answering, the calendar covering the clocks,
 * free disk, the engine and its cluster connection, the scheduler. Anything short of ok is `degraded`.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../infra/config.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db/client.ts';
import type { DiskSpace } from '../infra/db/disk-space.ts';
import type { EngineHandle } from '../infra/engine/create-engine.ts';
import { listProcessVersions } from '../infra/engine/process-versions.ts';
import type { CoverageMonitor } from '../infra/calendar/coverage-monitor.ts';
import type { HealthReport } from '../api/routes/health.routes.ts';

export function createHealthCheck(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  engine: EngineHandle;
  coverage: CoverageMonitor;
  disk: DiskSpace | null;
}): () => Promise<HealthReport> {
  const { config, database, clock, engine, coverage, disk } = deps;
  return async () => {
    const started = Date.now();
    let ok = true;
    try {
      await database.db.execute(sql`select 1`);
    } catch {
      ok = false;
    }
    const s = engine.scheduler?.status() ?? null;
    const deployed = ok ? [...new Set((await listProcessVersions(database.db)).map((p) => p.bpmnProcessId))] : [];
    const calendar = coverage.coverage();
    const storage = disk?.status();
    const cluster = engine.connection?.status() ?? null;
    return {
      status:
        ok && calendar.status === 'ok' && storage?.ok !== false && cluster?.reachable !== false ? 'ok' : 'degraded',
      ...(storage
        ? {
            storage: {
              ok: storage.ok,
              freeMb: Math.floor(storage.freeBytes / 1_048_576),
              minFreeMb: config.db.minFreeDiskMb,
            },
          }
        : {}),
      database: { ok, kind: database.kind, latencyMs: Date.now() - started },
      calendar,
      engine: {
        kind: engine.engine.kind,
        deployedProcesses: deployed,
        ...(cluster
          ? { reachable: cluster.reachable, since: cluster.since.toISOString(), lastError: cluster.lastError }
          : {}),
      },
      scheduler: s
        ? {
            running: s.running,
            lastTickAt: s.lastTickAt?.toISOString() ?? null,
            nextDueAt: s.nextDueAt?.toISOString() ?? null,
            fired: s.fired,
          }
        : null,
      time: clock.now().toISOString(),
    };
  };
}
