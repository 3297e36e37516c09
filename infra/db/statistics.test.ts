import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describeEachDatabase } from '../../test/db.ts';
import { queryRows } from './client.ts';
import { startStatisticsMaintenance } from './statistics.ts';

describeEachDatabase('planner statistics', (get, target) => {
  const estimate = async () =>
    Number(
      (
        await queryRows<{ n: number }>(
          get().db,
          sql`select reltuples::int as n from pg_class where relname = 'supervision_watermark'`,
        )
      )[0]!.n,
    );

  // PostgreSQL's autovacuum does this by itself (and may do it at any moment, so there is nothing to assert there)
  it.skipIf(target !== 'pglite')('are refreshed on the embedded database, which has no autovacuum', async () => {
    // given 5,000 rows the planner has not yet counted
    await get().db.execute(
      sql`insert into supervision_watermark (name, last_event_id, updated_at) select 'w' || i, i, now() from generate_series(1, 5000) as i`,
    );
    const before = await estimate();
    // when the maintenance starts (it analyses at once on PGlite)
    const maintenance = startStatisticsMaintenance(get(), pino({ level: 'silent' }), 60_000);
    try {
      await expect.poll(estimate, { timeout: 10_000 }).toBe(5000);
      expect(before).not.toBe(5000);
    } finally {
      maintenance.stop();
      await get().db.execute(sql`delete from supervision_watermark where name like 'w%'`);
    }
  });
});
