/**
 * Loads the rows of the monthly report (domain/supervision/monthly-report.ts) from the transactional
 * store: every item case accepted before the month's end in the region, its administrative clock
 * evaluated at the month's end (events after it are not applied), its supplement rounds and special
 * procedures, and the month's anomaly flags.
 */
import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { anomalyFlag, caseEvent, itemCase, specialProcedure } from '../db/schema.ts';
import { clocksOfCases } from '../db/legal-clock.repo.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { monthRange, type ReportCase, type ReportFlag } from '../../domain/supervision/monthly-report.ts';

export async function loadMonthlyReportRows(db: DbOrTx, calendar: WorkingCalendar, month: string, regionCode: string | null): Promise<{ cases: ReportCase[]; flags: ReportFlag[] }> {
  const range = monthRange(month);
  const rows = await db.select().from(itemCase).where(and(isNotNull(itemCase.acceptedAt), lt(itemCase.acceptedAt, range.to), ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : [])));
  const ids = rows.map((r) => r.id);
  const [clocks, supplements, specials, flags] = await Promise.all([
    clocksOfCases(db, ids, ['ADMIN']),
    ids.length ? db.select({ caseId: caseEvent.aggregateId, n: sql<number>`count(*)::int` }).from(caseEvent).where(and(inArray(caseEvent.aggregateId, ids), eq(caseEvent.type, 'SUPPLEMENT_REQUESTED'))).groupBy(caseEvent.aggregateId) : [],
    ids.length ? db.select({ caseId: specialProcedure.caseId, n: sql<number>`count(*)::int` }).from(specialProcedure).where(inArray(specialProcedure.caseId, ids)).groupBy(specialProcedure.caseId) : [],
    db.select().from(anomalyFlag).where(and(gte(anomalyFlag.detectedAt, range.from), lt(anomalyFlag.detectedAt, range.to), ...(regionCode ? [eq(anomalyFlag.regionCode, regionCode)] : []))),
  ]);
  const count = (list: { caseId: string; n: number }[], id: string) => Number(list.find((x) => x.caseId === id)?.n ?? 0);
  const cases = rows.map((c): ReportCase => {
    const clock = clocks.find((k) => k.caseId === c.id);
    const state = clock ? evaluateClock(calendar, clock.events, range.to) : null;
    const decidedAt = c.decidedAt && c.decidedAt.getTime() < range.to.getTime() ? c.decidedAt : null;
    return {
      caseId: c.id, caseNumber: c.caseNumber, itemCode: c.itemCode, department: c.department, regionCode: c.regionCode, stage: c.stageNo,
      acceptedAt: c.acceptedAt, decidedAt, decision: decidedAt ? c.decision : null, overdue: state?.overdue ?? false, elapsedDays: state?.elapsedDays ?? null,
      supplementRounds: count(supplements, c.id), specialProcedures: count(specials, c.id),
    };
  });
  return { cases, flags: flags.map((f) => ({ caseId: f.caseId, rule: f.rule, department: f.department, regionCode: f.regionCode, detectedAt: f.detectedAt })) };
}
