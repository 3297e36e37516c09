/**
 * Demo time across a restart of the whole system: a developer moves the clock forward over HTTP, the
 * server stops and starts again on the same database, and demo time goes on from where it was — on
 * the embedded default (PGlite in DATA_DIR), and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { demoClock } from './db/schema.ts';
import { createLogger } from './logger.ts';
import { startSystem, type System } from '../system.ts';
import { apiClient } from '../test/api-client.ts';
import { createScratchDatabase, TEST_DATABASE_URL } from '../test/db.ts';

const SECRETS = {
  AUTH_TOKEN_SECRET: 'test-token-secret-0123456789abcdef-xyz',
  PII_KEY: 'test-pii-key-0123456789abcdef-0123456',
};
const targets: { name: string; setup(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-clock-'));
      return { env: { DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
];
if (TEST_DATABASE_URL) {
  targets.push({
    name: 'postgres',
    async setup() {
      const scratch = await createScratchDatabase(TEST_DATABASE_URL!);
      return {
        env: { DATABASE_URL: scratch.url, DEMO_TIME: 'true', DEMO_DATA: 'true', ...SECRETS },
        cleanup: scratch.drop,
      };
    },
  });
}

for (const t of targets) {
  describe(`demo time across a restart [${t.name}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('goes on after a restart from where a developer moved it, never earlier', async () => {
      // given the system in demo time, moved forward 3 days by a developer over HTTP
      const setup = await t.setup();
      cleanups.push(setup.cleanup);
      const config = loadConfig({ ...setup.env, LOG_LEVEL: 'silent', DEPLOY_ON_START: 'false', SYNC_RELAYS: '0' });
      const logger = createLogger('silent', { pretty: false });
      let system: System | null = await startSystem(config, logger);
      cleanups.push(async () => {
        await system?.close();
      });
      expect(config.time.demo).toBe(true);
      const res = await apiClient(system.app).call('developer', 'POST', '/api/v1/dev/clock/advance', { hours: 72 });
      expect(res.statusCode, res.body).toBe(200);
      const answered = Date.parse((res.json() as { now: string }).now);
      expect(answered - Date.now()).toBeGreaterThan(71 * 3_600_000);
      // the advance was stored before it was answered
      expect((await system.database.db.select().from(demoClock))[0]?.advancedMs).toBe(72 * 3_600_000);
      // when the server stops and starts again on the same database
      await system.close();
      system = await startSystem(config, logger);
      // then demo time is not earlier than the time the advance answered
      expect(system.clock.now().getTime()).toBeGreaterThanOrEqual(answered);
      await system.close();
      system = null;
    });
  });
}
