/**
 * 时限监察 reads: every clock that has not stopped, with its item case, in a region (null: the city),
 * the application's channel and the window that issued the formal receipt (收件窗口: the account that
 * recorded the application's RECEIPT, by username).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { itemCase, legalClock, stageApplication } from '../db/schema.ts';
import { toClockRow, type ClockRow } from '../db/legal-clock.repo.ts';
import type { ItemCaseRow } from '../db/case-rows.repo.ts';

export interface OpenCaseClock {
  clock: ClockRow;
  itemCase: ItemCaseRow;
  channel: 'online' | 'window';
  receivedBy: string | null;
}

export async function openCaseClocks(db: DbOrTx, regionCode: string | null): Promise<OpenCaseClock[]> {
  const rows = await db
    .select({
      clock: legalClock,
      c: itemCase,
      channel: stageApplication.channel,
      receivedBy: sql<
        string | null
      >`(select coalesce(u.username, e.actor_user_id) from case_event e left join user_account u on u.id = e.actor_user_id
      where e.aggregate_id = ${itemCase.applicationId} and e.type = 'RECEIPT' order by e.seq limit 1)`,
    })
    .from(legalClock)
    .innerJoin(itemCase, eq(itemCase.id, legalClock.caseId))
    .innerJoin(stageApplication, eq(stageApplication.id, itemCase.applicationId))
    .where(and(ne(legalClock.status, 'STOPPED'), ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : [])));
  return rows.map((r) => ({ clock: toClockRow(r.clock), itemCase: r.c, channel: r.channel, receivedBy: r.receivedBy }));
}
