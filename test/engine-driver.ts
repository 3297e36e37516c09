/**
 * Drives the embedded engine for tests, the crash child and benchmarks: builds one on a database with
 * a clock, deploys fixture files, runs in-process workers and completes user tasks.
 */
import fs from 'node:fs';
import type { Database } from '../infra/db/client.ts';
import { ManualClock, type Clock } from '../infra/clock.ts';
import { createLogger } from '../infra/logger.ts';
import { EmbeddedEngine } from '../infra/engine/embedded/embedded-engine.ts';
import { TimerScheduler } from '../infra/engine/embedded/scheduler.ts';

export function buildEngine(database: Database, clock: Clock = new ManualClock(), options: { pollMs?: number; ownerHeartbeatMs?: number; ownerTimeoutMs?: number } = {}) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { pretty: false });
  const engine = new EmbeddedEngine({
    database, clock, logger, defaultPollIntervalMs: options.pollMs ?? 50,
    ...(options.ownerHeartbeatMs ? { ownerHeartbeatMs: options.ownerHeartbeatMs } : {}), ...(options.ownerTimeoutMs ? { ownerTimeoutMs: options.ownerTimeoutMs } : {}),
  });
  const scheduler = new TimerScheduler(engine, clock, logger, options.pollMs ?? 50);
  return { engine, scheduler, clock, logger };
}

export function readFixture(url: URL): { name: string; xml: string } {
  return { name: url.pathname.split('/').pop()!, xml: fs.readFileSync(url, 'utf8') };
}

/** Polls `probe` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(probe: () => Promise<T>, { timeoutMs = 20_000, intervalMs = 25, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
