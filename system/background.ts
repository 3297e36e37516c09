/**
 * What runs in the background once the system is built: the diagrams deployed and the job workers
 * polling (when the engine answers), the scheduler, the provincial sync relays and their lag monitor,
 * the audit-chain verification, the calendar coverage check and the reconciliation. Each loop's stop
 * joins `closers`, in the order started.
 */
import type { Config } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db/client.ts';
import type { EngineHandle } from '../infra/engine/create-engine.ts';
import { readBpmnFiles } from '../infra/engine/bpmn-resources.ts';
import type { SmsGateway } from '../infra/sms/sms.port.ts';
import type { CoverageMonitor } from '../infra/calendar/coverage-monitor.ts';
import { createReconciler } from '../infra/cases/case-engine-reconciler.ts';
import type { SyncRelay } from '../infra/sync/sync-relay.ts';
import { createSyncLagMonitor } from '../infra/sync/sync-lag-monitor.ts';
import { createAuditChainMonitor } from '../infra/audit/audit-chain-monitor.ts';
import type { ProcessSteps } from '../app/process-steps.ts';
import { createWorkers } from '../workers/index.ts';

export async function startBackground(
  deps: {
    config: Config;
    logger: Logger;
    database: Database;
    clock: Clock;
    engine: EngineHandle;
    steps: ProcessSteps;
    sms: SmsGateway;
    coverage: CoverageMonitor;
    relays: SyncRelay[];
    syncLogger: Logger;
  },
  closers: (() => Promise<void>)[],
) {
  const { config, logger, database, clock, engine, sms, coverage } = deps;
  const lagMonitor = createSyncLagMonitor({
    database,
    clock,
    logger: deps.syncLogger,
    sms,
    phones: config.sync.alertPhones,
    intervalMs: config.sync.lagCheckMs,
  });
  // what needs the engine: the diagrams deployed, the job workers polling. On a cluster this waits until
  // the cluster answers (the API serves meanwhile and /health says degraded); embedded, it runs now.
  const startOnEngine = async () => {
    if (config.engine.deployOnStart) {
      const deployed = await engine.engine.deploy(readBpmnFiles());
      for (const p of deployed)
        logger.info({ bpmnProcessId: p.bpmnProcessId, version: p.version, isNew: p.isNew }, 'process deployed');
    }
    for (const worker of createWorkers(deps.steps))
      engine.engine.createWorker({ taskType: worker.type, handler: worker.handler, retryBackOffMs: 2000 });
  };
  if (engine.connection) {
    engine.connection.whenUp(startOnEngine);
    engine.connection.start();
    closers.push(() => engine.connection!.stop());
  } else {
    await startOnEngine();
  }
  if (engine.scheduler) {
    engine.scheduler.start();
    closers.push(() => engine.scheduler!.stop());
  }
  for (const relay of deps.relays) {
    relay.start();
    closers.push(() => relay.stop());
  }
  lagMonitor.start();
  closers.push(async () => lagMonitor.stop());
  // the audit log's hash chain, verified nightly: metrics, an error log and a text to the security admins on a break
  const auditChain = createAuditChainMonitor({
    database,
    clock,
    logger,
    intervalMs: config.audit.verifyIntervalMs,
    sms,
    phones: config.audit.alertPhones,
  });
  auditChain.start();
  closers.push(() => auditChain.stop());

  coverage.start(config.time.calendarCheckMs);
  closers.push(async () => coverage.stop());
  // 对账: every open application against its process instance, in the background (reported, not changed)
  const reconciler = createReconciler({ database, engine: engine.engine, logger });
  const reconciling = reconciler.run();
  closers.push(async () => {
    await reconciling;
  });
  return { lagMonitor, auditChain, reconciler };
}
