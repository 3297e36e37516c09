/**
 * 演示时钟 — the demo clock (DEMO_TIME): real time plus how far developers have moved it forward. The
 * advance is kept in the database (`demo_clock`) and restored on start, so demo time never moves back
 * across a restart — clocks, lights and timers computed under it stay in the past. Restored, the
 * clock is never before the last advanced instant either, even if the host clock went back meanwhile.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './db/client.ts';
import { demoClock } from './db/schema.ts';
import { ManualClock } from './clock.ts';
import type { Logger } from './logger.ts';

const ROW = 'demo';

export interface DemoClock {
  clock: ManualClock;
  /** Resolves once every advance made so far is stored (answer an advance only after it). */
  flush(): Promise<void>;
  /** Stops storing advances; waits for those under way. */
  close(): Promise<void>;
}

export async function openDemoClock(deps: { database: Database; logger: Logger }): Promise<DemoClock> {
  const { db } = deps.database;
  const row = (
    await db
      .select()
      .from(demoClock)
      .where(sql`${demoClock.id} = ${ROW}`)
  )[0];
  const advancedMs = row ? Math.max(row.advancedMs, row.advancedTo.getTime() - Date.now(), 0) : 0;
  const clock = new ManualClock(null, advancedMs);
  if (row) deps.logger.info({ advancedMs, now: clock.now().toISOString() }, 'demo time restored');

  const pending = new Set<Promise<void>>();
  let stopped = false;
  const store = async (advanced: number, to: Date): Promise<void> => {
    // concurrent writes may land in any order: the row keeps the furthest advance
    await db
      .insert(demoClock)
      .values({ id: ROW, advancedMs: advanced, advancedTo: to, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: demoClock.id,
        set: {
          advancedMs: sql`greatest(${demoClock.advancedMs}, excluded.advanced_ms)`,
          advancedTo: sql`greatest(${demoClock.advancedTo}, excluded.advanced_to)`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  };
  // subscribed first, so the write is queued before anything computed under the new time
  const unsubscribe = clock.onAdvance(() => {
    if (stopped) return;
    const write = store(clock.advanced(), clock.now())
      .catch((err: unknown) => deps.logger.error({ err }, 'demo time could not be stored'))
      .finally(() => pending.delete(write));
    pending.add(write);
  });
  const flush = async () => {
    await Promise.all([...pending]);
  };
  return {
    clock,
    flush,
    async close() {
      stopped = true;
      unsubscribe();
      await flush();
    },
  };
}
