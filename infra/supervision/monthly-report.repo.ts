/**
 * Loads the rows of the monthly report (domain/supervision/monthly-report.ts) from the transactional
 * store, set-based so a month of 100,000 cases stays a handful of queries: every item case the month
 * concerns in the region (accepted before the month's end and not decided or closed before its
 * start), its administrative clock evaluated at the month's end (events after it are not applied),
 * its supplement rounds, special procedures and withdrawal, the month's anomaly flags and the
 * month's province-sync figures.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client.ts';
import { anomalyFlag, caseEvent, itemCase, legalClock, specialProcedure } from '../db/schema.ts';
import { toClockRow } from '../db/legal-clock.repo.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { monthRange, type MonthRange, type ReportCase, type ReportFlag, type ReportSync } from '../../domain/supervision/monthly-report.ts';

export interface MonthlyReportRows { cases: ReportCase[]; flags: ReportFlag[]; sync: ReportSync }

/** The cases a month's report is about, as a WHERE over item_case. */
function concerned(range: MonthRange, regionCode: string | null): SQL {
  return and(
    isNotNull(itemCase.acceptedAt), lt(itemCase.acceptedAt, range.to),
    or(isNull(itemCase.decidedAt), gte(itemCase.decidedAt, range.from)),
    ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : []),
  )!;
}

const SYNC_LIMIT_S = 300;

async function syncFigures(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportSync> {
  // A district sees its own cases' records; the city every record (project rows have no district).
  const scope = regionCode ? sql`and exists (select 1 from item_case c where c.case_number = o.case_id and c.region_code = ${regionCode})` : sql``;
  const [row] = await queryRows<Record<string, string | number | null>>(db, sql`
    select count(*)::int as records,
           count(*) filter (where o.acked_at is not null)::int as acknowledged,
           count(*) filter (where o.acked_at is not null and o.acked_at - o.recorded_at <= make_interval(secs => ${SYNC_LIMIT_S}))::int as within_limit,
           count(*) filter (where o.status = 'PARKED')::int as parked,
           count(*) filter (where o.status = 'PENDING')::int as pending,
           percentile_cont(0.95) within group (order by extract(epoch from o.acked_at - o.recorded_at)) filter (where o.acked_at is not null) as p95,
           max(extract(epoch from o.acked_at - o.recorded_at)) as max_lag
      from sync_outbox o
     where o.recorded_at >= ${range.from.toISOString()}::timestamptz and o.recorded_at < ${range.to.toISOString()}::timestamptz
       and o.status <> 'SUPERSEDED' ${scope}`);
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return {
    records: Number(row?.records ?? 0), acknowledged: Number(row?.acknowledged ?? 0), withinLimit: Number(row?.within_limit ?? 0),
    parked: Number(row?.parked ?? 0), pending: Number(row?.pending ?? 0), p95LagS: num(row?.p95), maxLagS: num(row?.max_lag),
  };
}

export async function loadMonthlyReportRows(db: DbOrTx, calendar: WorkingCalendar, month: string, regionCode: string | null): Promise<MonthlyReportRows> {
  const range = monthRange(month);
  const where = concerned(range, regionCode);
  const ids = db.select({ id: itemCase.id }).from(itemCase).where(where);
  const counted = (type: string) => db.select({ caseId: caseEvent.aggregateId, n: sql<number>`count(*)::int` }).from(caseEvent)
    .where(and(eq(caseEvent.type, type), inArray(caseEvent.aggregateId, ids))).groupBy(caseEvent.aggregateId);
  const [rows, clocks, supplements, specials, closed, flags, sync] = await Promise.all([
    db.select().from(itemCase).where(where),
    db.select().from(legalClock).where(and(eq(legalClock.kind, 'ADMIN'), inArray(legalClock.caseId, ids))),
    counted('SUPPLEMENT_REQUESTED'),
    db.select({ caseId: specialProcedure.caseId, n: sql<number>`count(*)::int` }).from(specialProcedure).where(inArray(specialProcedure.caseId, ids)).groupBy(specialProcedure.caseId),
    db.select({ caseId: caseEvent.aggregateId, at: sql<Date>`min(${caseEvent.businessTime})` }).from(caseEvent)
      .where(and(inArray(caseEvent.type, ['WITHDRAWN', 'REVOKED']), inArray(caseEvent.aggregateId, ids))).groupBy(caseEvent.aggregateId),
    db.select().from(anomalyFlag).where(and(gte(anomalyFlag.detectedAt, range.from), lt(anomalyFlag.detectedAt, range.to), ...(regionCode ? [eq(anomalyFlag.regionCode, regionCode)] : []))),
    syncFigures(db, range, regionCode),
  ]);
  const clockOf = new Map(clocks.map((c) => [c.caseId, toClockRow(c)]));
  const supplementsOf = new Map(supplements.map((s) => [s.caseId, Number(s.n)]));
  const specialsOf = new Map(specials.map((s) => [s.caseId, Number(s.n)]));
  const closedOf = new Map(closed.map((c) => [c.caseId, new Date(c.at)]));
  const cases = rows.map((c): ReportCase => {
    const clock = clockOf.get(c.id);
    const state = clock ? evaluateClock(calendar, clock.events, range.to) : null;
    const decidedAt = c.decidedAt && c.decidedAt.getTime() < range.to.getTime() ? c.decidedAt : null;
    const closedAt = closedOf.get(c.id) ?? null;
    return {
      caseId: c.id, caseNumber: c.caseNumber, itemCode: c.itemCode, department: c.department, regionCode: c.regionCode, stage: c.stageNo,
      acceptedAt: c.acceptedAt, decidedAt, decision: decidedAt ? c.decision : null, overdue: state?.overdue ?? false, elapsedDays: state?.elapsedDays ?? null,
      supplementRounds: supplementsOf.get(c.id) ?? 0, specialProcedures: specialsOf.get(c.id) ?? 0,
      closedAt: closedAt && closedAt.getTime() < range.to.getTime() ? closedAt : null,
    };
  });
  cases.sort((a, b) => a.caseId.localeCompare(b.caseId));
  return {
    cases,
    flags: flags.map((f) => ({ caseId: f.caseId, rule: f.rule, ruleVersion: f.ruleVersion, department: f.department, regionCode: f.regionCode, detectedAt: f.detectedAt }))
      .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime() || a.caseId.localeCompare(b.caseId) || a.rule.localeCompare(b.rule)),
    sync,
  };
}
