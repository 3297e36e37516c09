/**
 * The provincial sync (issue #6), built: every case event and registered project goes to the outbox in
 * its own transaction (afterEvent); relay loops push it to the province. The relays are started with the
 * other background loops (background.ts).
 */
import type { Config } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db/client.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import { createProvinceClient } from '../infra/province/province.client.ts';
import { createCaseEventSync } from '../infra/sync/case-event-sync.ts';
import { createSyncRelay } from '../infra/sync/sync-relay.ts';
import { createSyncMetrics } from '../infra/sync/sync-metrics.ts';

export function createProvincialSync(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  catalog: CatalogIndex;
  provinceUrl: string;
}) {
  const { config, database, clock, logger } = deps;
  const afterEvent = createCaseEventSync({ catalog: deps.catalog });
  const syncMetrics = createSyncMetrics();
  const province = createProvinceClient({
    baseUrl: deps.provinceUrl,
    appId: config.province.appId,
    appSecret: config.province.appSecret,
    timeoutMs: config.province.timeoutMs,
    logger,
  });
  const syncLogger = logger.child({ component: 'sync' });
  const relays = Array.from({ length: config.sync.relays }, () =>
    createSyncRelay({
      database,
      province,
      clock,
      logger: syncLogger,
      metrics: syncMetrics,
      batchSize: config.sync.batchSize,
      pollMs: config.sync.pollMs,
      leaseMs: config.sync.leaseMs,
    }),
  );
  return { afterEvent, syncMetrics, syncLogger, relays };
}
