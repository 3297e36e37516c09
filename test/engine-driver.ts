/**
 * Drives the embedded engine for tests, the crash child and benchmarks: builds one on a database with
 * a clock (`engine`, and `port`: the same engine behind the engine port), deploys fixture files, runs
 * in-process workers and completes user tasks.
 */
import fs from 'node:fs';
import type { Database } from '../infra/db/client.ts';
import { ManualClock } from '../infra/clock.ts';
import { createLogger } from '../infra/logger.ts';
import { EmbeddedEngineAdapter } from '../infra/engine/embedded/embedded-adapter.ts';
import { EmbeddedEngine, TimerScheduler, type EngineClock } from '../engine/index.ts';

/** The manual clock, for engine tests that move time (engine/ tests import no infra/ themselves). */
export { ManualClock };

export function buildEngine(
  database: Database,
  clock: EngineClock = new ManualClock(),
  options: { pollMs?: number; ownerHeartbeatMs?: number; ownerTimeoutMs?: number } = {},
) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { pretty: false });
  const engine = new EmbeddedEngine({
    database,
    clock,
    logger,
    defaultPollIntervalMs: options.pollMs ?? 50,
    ...(options.ownerHeartbeatMs ? { ownerHeartbeatMs: options.ownerHeartbeatMs } : {}),
    ...(options.ownerTimeoutMs ? { ownerTimeoutMs: options.ownerTimeoutMs } : {}),
  });
  const scheduler = new TimerScheduler(engine, clock, logger, options.pollMs ?? 50);
  return { engine, port: new EmbeddedEngineAdapter(engine), scheduler, clock, logger };
}

export function readFixture(url: URL): { name: string; xml: string } {
  return { name: url.pathname.split('/').pop()!, xml: fs.readFileSync(url, 'utf8') };
}

/** Polls `probe` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  { timeoutMs = 20_000, intervalMs = 25, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
