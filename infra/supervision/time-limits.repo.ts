/** 时限监察 reads: every clock that has not stopped, with its item case, in a region (null: the city). */
import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { itemCase, legalClock } from '../db/schema.ts';
import { toClockRow, type ClockRow } from '../db/legal-clock.repo.ts';
import type { ItemCaseRow } from '../db/case.repo.ts';

export async function openCaseClocks(db: DbOrTx, regionCode: string | null): Promise<{ clock: ClockRow; itemCase: ItemCaseRow }[]> {
  const rows = await db.select({ clock: legalClock, c: itemCase }).from(legalClock).innerJoin(itemCase, eq(itemCase.id, legalClock.caseId))
    .where(and(ne(legalClock.status, 'STOPPED'), ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : [])));
  return rows.map((r) => ({ clock: toClockRow(r.clock), itemCase: r.c }));
}
