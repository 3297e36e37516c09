/**
 * The figures of the monthly report (domain/supervision/monthly-report.ts) counted in SQL for a region
 * rather than from its case rows: the month's province-sync and intake counts, the follow-up of the
 * previous month's flags, and the stage applications completed in the month.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type {
  ReportFollowUp,
  ReportIntake,
  ReportStageCompletion,
  ReportSync,
} from '../../domain/supervision/monthly-report-inputs.ts';
import { monthRange, previousMonth, type MonthRange } from '../../domain/supervision/monthly-report-month.ts';
import type { MonthlyReportRows } from '../../domain/supervision/report-snapshot.ts';

export interface ReportSources {
  calendars: Calendars;
  catalog: CatalogIndex;
}

/** The province's limit on a record's sync lag, in seconds. */
export const SYNC_LIMIT_S = 300;
export const iso = (d: Date) => d.toISOString();

export async function syncFigures(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportSync> {
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

export async function intakeFigures(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportIntake> {
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
export async function followUps(db: DbOrTx, range: MonthRange, regionCode: string | null): Promise<ReportFollowUp[]> {
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
export async function stageCompletions(
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
