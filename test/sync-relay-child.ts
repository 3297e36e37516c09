/**
 * The sync crash test's child process: runs a sync relay against a database until it is killed.
 * Arguments: a PostgreSQL URL or a PGlite directory, and the (fake) province's base URL.
 */
import { pino } from 'pino';
import { openDatabase } from '../infra/db/client.ts';
import { systemClock } from '../infra/clock.ts';
import { createProvinceClient } from '../infra/province/province.client.ts';
import { createSyncRelay } from '../infra/sync/sync-relay.ts';

const [target, provinceUrl] = process.argv.slice(2);
const database = await openDatabase(target!.startsWith('postgres') ? { url: target } : { dataDir: target });
const relay = createSyncRelay({
  database,
  clock: systemClock,
  logger: pino({ level: 'silent' }),
  batchSize: 20,
  pollMs: 10,
  leaseMs: 2_000,
  province: createProvinceClient({
    baseUrl: provinceUrl!,
    appId: 'ZH-GGXT',
    appSecret: 'dev-province-secret',
    timeoutMs: 1_000,
  }),
});
relay.start();
process.stdout.write('READY\n');
