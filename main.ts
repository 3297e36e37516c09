/** `npm start`: the whole system on the configured (by default embedded) infrastructure. */
import { loadConfig } from './infra/config.ts';
import { createLogger } from './infra/logger.ts';
import { startSystem } from './system.ts';

const config = loadConfig();
const logger = createLogger(config.log.level);
const system = await startSystem(config, logger);
await system.app.listen({ port: config.http.port, host: config.http.host });
logger.info(
  {
    url: `http://${config.http.host}:${config.http.port}`,
    database: system.database.kind,
    engine: system.engine.engine.kind,
    dataDir: config.db.url ? undefined : config.db.dataDir,
    outside: system.urls,
  },
  'system listening',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void system.close().then(() => process.exit(0));
  });
}
