/**
 * Loads the inputs of the monthly report (domain/supervision/monthly-report.ts) from the transactional
 * store, set-based so a month of 100,000 cases stays a handful of queries: every item case the month
 * concerns in the region (accepted before the month's end and not decided before its start) with its
 * project's flow type and its application's channel, its administrative clock evaluated at the month's
 * end (events after it are not applied), its supplement rounds, special procedures, warnings fired,
 * e-certificate, province records and withdrawal; the month's anomaly flags; the intake counts and
 * the month's province-sync figures. Items are read from the catalogue version each case is pinned to.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client.ts';
import {
  anomalyFlag,
  caseEvent,
  itemCase,
  legalClock,
  project,
  resultDocument,
  specialProcedure,
  stageApplication,
} from '../db/schema.ts';
import { toClockRow } from '../db/legal-clock.repo.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type {
  ReportCase,
  ReportFollowUp,
  ReportIntake,
  ReportStageCompletion,
  ReportSync,
} from '../../domain/supervision/monthly-report-inputs.ts';
import { monthRange, previousMonth, type MonthRange } from '../../domain/supervision/monthly-report-month.ts';
import type { MonthlyReportRows } from '../../domain/supervision/report-snapshot.ts';
import { catalogsOf } from './case-facts.repo.ts';

export type { MonthlyReportRows };
export interface ReportSources {
  calendars: Calendars;
  catalog: CatalogIndex;
}

/** The cases a month's report is about, as a WHERE over item_case. */
function concerned(range: MonthRange, regionCode: string | null): SQL {
  return and(
    isNotNull(itemCase.acceptedAt),
    lt(itemCase.acceptedAt, range.to),
    or(isNull(itemCase.decidedAt), gte(itemCase.decidedAt, range.from)),
    ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : []),
  )!;
}

const SYNC_LIMIT_S = 300;
const APPROVALS = new Set(['APPROVED', 'APPROVED_WITH_CONDITIONS']);
const iso = (d: Date) => d.toISOString();

async function syncFigures(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportSync> {
  // A district sees its own cases' records; the city every record (project rows have no district).
  const scope = regionCode
    ? sql`and exists (select 1 from item_case c where c.case_number = o.case_id and c.region_code = ${regionCode})`
    : sql``;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`
    select count(*)::int as records,
           count(*) filter (where o.acked_at is not null)::int as acknowledged,
           count(*) filter (where o.acked_at is not null and o.acked_at - o.recorded_at <= make_interval(secs => ${SYNC_LIMIT_S}))::int as within_limit,
           count(*) filter (where o.status = 'PARKED')::int as parked,
           count(*) filter (where o.status = 'PENDING')::int as pending,
           percentile_cont(0.95) within group (order by extract(epoch from o.acked_at - o.recorded_at)) filter (where o.acked_at is not null) as p95,
           max(extract(epoch from o.acked_at - o.recorded_at)) as max_lag
      from sync_outbox o
     where o.recorded_at >= ${iso(range.from)}::timestamptz and o.recorded_at < ${iso(range.to)}::timestamptz
       and o.status <> 'SUPERSEDED' ${scope}`,
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return {
    records: Number(row?.records ?? 0),
    acknowledged: Number(row?.acknowledged ?? 0),
    withinLimit: Number(row?.within_limit ?? 0),
    parked: Number(row?.parked ?? 0),
    pending: Number(row?.pending ?? 0),
    p95LagS: num(row?.p95),
    maxLagS: num(row?.max_lag),
  };
}

async function intakeFigures(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportIntake> {
  const region = regionCode ? sql`and region_code = ${regionCode}` : sql``;
  const [received] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from stage_application
    where submitted_at >= ${iso(range.from)}::timestamptz and submitted_at < ${iso(range.to)}::timestamptz ${region}`,
  );
  const [refused] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from case_event e join item_case c on c.id = e.aggregate_id
    where e.type = 'NOT_ACCEPTED' and e.business_time >= ${iso(range.from)}::timestamptz and e.business_time < ${iso(range.to)}::timestamptz
    ${regionCode ? sql`and c.region_code = ${regionCode}` : sql``}`,
  );
  return { received: Number(received?.n ?? 0), notAccepted: Number(refused?.n ?? 0) };
}

/** What is counted in SQL rather than from the case rows — province sync and intake — for one region (null: the city). */
export async function loadMonthlyCounts(
  db: DbOrTx,
  month: string,
  regionCode: string | null,
): Promise<Pick<MonthlyReportRows, 'sync' | 'intake'>> {
  const range = monthRange(month);
  const [sync, intake] = await Promise.all([syncFigures(db, range, regionCode), intakeFigures(db, range, regionCode)]);
  return { sync, intake };
}

/** The previous month's flags with their status at this month's end (the last transition before it). */
async function followUps(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportFollowUp[]> {
  const before = monthRange(previousMonth(range.month));
  const rows = await queryRows<{
    id: number;
    case_id: string;
    rule: string;
    department: string;
    region_code: string;
    detected_at: string | Date;
    status: string | null;
  }>(
    db,
    sql`
    select f.id, f.case_id, f.rule, f.department, f.region_code, f.detected_at,
           (select t.to_status from flag_transition t where t.flag_id = f.id and t.at < ${iso(range.to)}::timestamptz order by t.at desc, t.id desc limit 1) as status
      from anomaly_flag f
     where f.detected_at >= ${iso(before.from)}::timestamptz and f.detected_at < ${iso(before.to)}::timestamptz ${regionCode ? sql`and f.region_code = ${regionCode}` : sql``}
     order by f.id`,
  );
  return rows.map((r) => ({
    flagId: Number(r.id),
    caseId: r.case_id,
    rule: r.rule,
    department: r.department,
    regionCode: r.region_code,
    detectedAt: new Date(r.detected_at),
    status: r.status ?? 'OPEN',
  }));
}

/** Working days between two instants, or null where the calendar does not reach. */
function workingDays(calendar: WorkingCalendar, from: Date | null, to: Date): number | null {
  if (!from) return null;
  try {
    return calendar.workingDaysBetween(from, to);
  } catch {
    return null;
  }
}

/** Stage applications completed in the month (every item case decided, the last decision in the month). */
async function stageCompletions(
  db: DbOrTx,
  sources: ReportSources,
  range: MonthRange,
  regionCode: string | null,
): Promise<ReportStageCompletion[]> {
  const rows = await queryRows<{
    id: string;
    project_code: string;
    stage_no: number;
    region_code: string;
    flow_type: string;
    completed_at: string | Date;
    received_at: string | Date | null;
    first_received: string | Date | null;
  }>(
    db,
    sql`
    select a.id, a.project_code, a.stage_no, a.region_code, p.flow_type, max(c.decided_at) as completed_at, a.received_at,
           (select min(a2.received_at) from stage_application a2 where a2.project_code = a.project_code) as first_received
      from stage_application a join item_case c on c.application_id = a.id join project p on p.code = a.project_code
     where a.id in (select application_id from item_case where decided_at >= ${iso(range.from)}::timestamptz and decided_at < ${iso(range.to)}::timestamptz)
       ${regionCode ? sql`and a.region_code = ${regionCode}` : sql``}
     group by a.id, p.flow_type
    having bool_and(c.decided_at is not null) and max(c.decided_at) >= ${iso(range.from)}::timestamptz and max(c.decided_at) < ${iso(range.to)}::timestamptz`,
  );
  const stages = sources.catalog.catalog.stages.filter((st) => st.no >= 1 && st.no <= 4);
  const target = (flowType: string) => {
    const limits = stages.map((st) => st.stageLimits[flowType as keyof typeof st.stageLimits]);
    return limits.every((l): l is number => typeof l === 'number') ? limits.reduce((a, b) => a + b, 0) : null;
  };
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return rows
    .map((r) => {
      const completedAt = new Date(r.completed_at);
      return {
        applicationId: r.id,
        projectCode: r.project_code,
        stage: Number(r.stage_no),
        flowType: r.flow_type,
        regionCode: r.region_code,
        completedAt,
        stageDays: workingDays(sources.calendars.forRegion(r.region_code), date(r.received_at), completedAt),
        fullProcessDays:
          Number(r.stage_no) === 4
            ? workingDays(sources.calendars.forRegion(r.region_code), date(r.first_received), completedAt)
            : null,
        targetDays: target(r.flow_type),
      };
    })
    .sort((a, b) => a.applicationId.localeCompare(b.applicationId));
}

export async function loadMonthlyReportRows(
  db: DbOrTx,
  sources: ReportSources,
  month: string,
  regionCode: string | null,
): Promise<MonthlyReportRows> {
  const range = monthRange(month);
  const where = concerned(range, regionCode);
  const ids = db.select({ id: itemCase.id }).from(itemCase).where(where);
  const perCase = <T>(statement: SQL) => queryRows<T>(db, statement);
  const [
    rows,
    clocks,
    supplements,
    specials,
    closed,
    warnings,
    certificates,
    pushes,
    flags,
    sync,
    intake,
    completions,
    followUpRows,
  ] = await Promise.all([
    db
      .select({ c: itemCase, channel: stageApplication.channel, flowType: project.flowType })
      .from(itemCase)
      .innerJoin(stageApplication, eq(stageApplication.id, itemCase.applicationId))
      .innerJoin(project, eq(project.code, itemCase.projectCode))
      .where(where),
    db
      .select()
      .from(legalClock)
      .where(and(eq(legalClock.kind, 'ADMIN'), inArray(legalClock.caseId, ids))),
    db
      .select({ caseId: caseEvent.aggregateId, n: sql<number>`count(*)::int` })
      .from(caseEvent)
      .where(
        and(
          eq(caseEvent.type, 'SUPPLEMENT_REQUESTED'),
          lt(caseEvent.businessTime, range.to),
          inArray(caseEvent.aggregateId, ids),
        ),
      )
      .groupBy(caseEvent.aggregateId),
    db
      .select({
        caseId: specialProcedure.caseId,
        n: sql<number>`count(*)::int`,
        overruns: sql<number>`count(*) filter (where coalesce(${specialProcedure.finishedAt}, ${iso(range.to)}::timestamptz) > ${specialProcedure.deadline})::int`,
      })
      .from(specialProcedure)
      .where(and(lt(specialProcedure.startedAt, range.to), inArray(specialProcedure.caseId, ids)))
      .groupBy(specialProcedure.caseId),
    db
      .select({ caseId: caseEvent.aggregateId, at: sql<Date>`min(${caseEvent.businessTime})` })
      .from(caseEvent)
      .where(and(inArray(caseEvent.type, ['WITHDRAWN', 'REVOKED']), inArray(caseEvent.aggregateId, ids)))
      .groupBy(caseEvent.aggregateId),
    perCase<{
      case_id: string;
      yellow: number;
      red: number;
    }>(sql`select k.case_id, count(*) filter (where l.rung_id = 'YELLOW')::int as yellow, count(*) filter (where l.rung_id = 'RED')::int as red
      from clock_ladder_ledger l join legal_clock k on k.id = l.clock_id
     where l.fired_at >= ${iso(range.from)}::timestamptz and l.fired_at < ${iso(range.to)}::timestamptz and k.case_id in (${ids}) group by k.case_id`),
    db
      .select({ caseId: resultDocument.caseId })
      .from(resultDocument)
      .where(
        and(
          isNotNull(resultDocument.certificateId),
          lt(resultDocument.issuedAt, range.to),
          inArray(resultDocument.caseId, ids),
        ),
      ),
    perCase<{
      case_number: string;
      records: number;
      on_time: number;
    }>(sql`select o.case_id as case_number, count(*)::int as records,
           count(*) filter (where o.acked_at is not null and o.acked_at - o.recorded_at <= make_interval(secs => ${SYNC_LIMIT_S}))::int as on_time
      from sync_outbox o join item_case c on c.case_number = o.case_id
     where o.recorded_at >= ${iso(range.from)}::timestamptz and o.recorded_at < ${iso(range.to)}::timestamptz and o.status <> 'SUPERSEDED' and c.id in (${ids})
     group by o.case_id`),
    db
      .select()
      .from(anomalyFlag)
      .where(
        and(
          gte(anomalyFlag.detectedAt, range.from),
          lt(anomalyFlag.detectedAt, range.to),
          ...(regionCode ? [eq(anomalyFlag.regionCode, regionCode)] : []),
        ),
      ),
    syncFigures(db, range, regionCode),
    intakeFigures(db, range, regionCode),
    stageCompletions(db, sources, range, regionCode),
    followUps(db, range, regionCode),
  ]);
  const clockOf = new Map(clocks.map((c) => [c.caseId, toClockRow(c)]));
  const supplementsOf = new Map(supplements.map((s) => [s.caseId, Number(s.n)]));
  const specialsOf = new Map(specials.map((s) => [s.caseId, { n: Number(s.n), overruns: Number(s.overruns) }]));
  const closedOf = new Map(closed.map((c) => [c.caseId, new Date(c.at)]));
  const warningsOf = new Map(warnings.map((w) => [w.case_id, w]));
  const certified = new Set(certificates.map((c) => c.caseId));
  const pushesOf = new Map(pushes.map((p) => [p.case_number, p]));
  const catalogs = await catalogsOf(
    db,
    sources.catalog,
    rows.map((r) => r.c.catalogVersion),
  );
  const cases = rows.map(({ c, channel, flowType }): ReportCase => {
    const clock = clockOf.get(c.id);
    const state = clock ? evaluateClock(sources.calendars.forRegion(c.regionCode), clock.events, range.to) : null;
    const decidedAt = c.decidedAt && c.decidedAt.getTime() < range.to.getTime() ? c.decidedAt : null;
    const decision = decidedAt ? c.decision : null;
    const closedAt = closedOf.get(c.id) ?? null;
    const catalog = (c.catalogVersion && catalogs.get(c.catalogVersion)) || sources.catalog;
    const push = c.caseNumber ? pushesOf.get(c.caseNumber) : undefined;
    return {
      caseId: c.id,
      caseNumber: c.caseNumber,
      itemCode: c.itemCode,
      department: c.department,
      regionCode: c.regionCode,
      stage: c.stageNo,
      flowType,
      channel,
      acceptedAt: c.acceptedAt,
      decidedAt,
      decision,
      overdue: state?.overdue ?? false,
      elapsedDays: state?.elapsedDays ?? null,
      limitDays: state ? state.limitDays + state.extensionDays : null,
      supplementRounds: supplementsOf.get(c.id) ?? 0,
      specialProcedures: specialsOf.get(c.id)?.n ?? 0,
      specialOverruns: specialsOf.get(c.id)?.overruns ?? 0,
      yellowWarnings: Number(warningsOf.get(c.id)?.yellow ?? 0),
      redWarnings: Number(warningsOf.get(c.id)?.red ?? 0),
      eCertExpected:
        !!decision && APPROVALS.has(decision) && catalog.hasItem(c.itemCode) && catalog.item(c.itemCode).result.eCert,
      eCertIssued: certified.has(c.id),
      syncRecords: Number(push?.records ?? 0),
      syncOnTime: Number(push?.on_time ?? 0),
      closedAt: closedAt && closedAt.getTime() < range.to.getTime() ? closedAt : null,
    };
  });
  cases.sort((a, b) => a.caseId.localeCompare(b.caseId));
  return {
    cases,
    flags: flags
      .map((f) => ({
        caseId: f.caseId,
        rule: f.rule,
        ruleVersion: f.ruleVersion,
        status: f.status,
        department: f.department,
        regionCode: f.regionCode,
        detectedAt: f.detectedAt,
      }))
      .sort(
        (a, b) =>
          a.detectedAt.getTime() - b.detectedAt.getTime() ||
          a.caseId.localeCompare(b.caseId) ||
          a.rule.localeCompare(b.rule),
      ),
    sync,
    intake,
    completions,
    followUps: followUpRows,
  };
}
