/** Builds the configured engine: the embedded one (with its timer scheduler) or the Zeebe adapter. */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { EnginePort } from './port.ts';
import { TimerScheduler, type SchedulerState } from '../../engine/index.ts';
import { createEmbeddedEngine } from './embedded/embedded-adapter.ts';
import type { ClusterConnection } from './zeebe/cluster-connection.ts';

export interface EngineHandle {
  engine: EnginePort;
  /** The embedded engine's scheduler; null on Zeebe, whose broker schedules timers itself. */
  scheduler: { start(): void; stop(): Promise<void>; status(): SchedulerState; tick(): Promise<void> } | null;
  /** The cluster's reachability on Zeebe (what needs the cluster waits for it); null on the embedded engine, always there. */
  connection: ClusterConnection | null;
}

export async function createEngine(
  config: Config,
  deps: { database: Database | null; clock: Clock; logger: Logger },
): Promise<EngineHandle> {
  if (config.engine.kind === 'zeebe') {
    const { createZeebeEngine } = await import('./zeebe/zeebe-engine.ts');
    const outbox = deps.database ? { outbox: { database: deps.database, clock: deps.clock, logger: deps.logger } } : {};
    const { createClusterConnection } = await import('./zeebe/cluster-connection.ts');
    const engine = createZeebeEngine(config.engine.zeebe, outbox);
    const connection = createClusterConnection({
      probe: () => engine.probe(),
      logger: deps.logger.child({ component: 'engine' }),
    });
    return { engine, scheduler: null, connection };
  }
  if (!deps.database) throw new Error('the embedded engine needs a database');
  const engine = createEmbeddedEngine({
    database: deps.database,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'engine' }),
    defaultJobTimeoutMs: config.engine.jobLeaseMs,
    ownerHeartbeatMs: config.engine.owner.heartbeatMs,
    ownerTimeoutMs: config.engine.owner.timeoutMs,
    jobLogBindings: (job) => ({ caseId: job.variables.caseId }),
  });
  const scheduler = new TimerScheduler(
    engine.engine,
    deps.clock,
    deps.logger.child({ component: 'scheduler' }),
    config.engine.schedulerPollMs,
  );
  return { engine, scheduler, connection: null };
}
