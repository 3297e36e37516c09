/**
 * Loads the inputs of the monthly report (domain/supervision/monthly-report.ts) from the transactional
 * store, set-based so a month of 100,000 cases stays a handful of queries: every item case the month
 * concerns in the region (accepted before the month's end and not decided before its start) with its
 * project's flow type and its application's channel, its administrative clock evaluated at the month's
 * end (events after it are not applied), its supplement rounds, special procedures, warnings fired,
 * e-certificate, province records and withdrawal; the month's anomaly flags; the intake counts and
 * the month's province-sync figures (monthly-report-figures.repo.ts). Items are read from the catalogue
 * version each case is pinned to.
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
import type { ReportCase } from '../../domain/supervision/monthly-report-inputs.ts';
import { monthRange, type MonthRange } from '../../domain/supervision/monthly-report-month.ts';
import type { MonthlyReportRows } from '../../domain/supervision/report-snapshot.ts';
import { catalogsOf } from './case-facts.repo.ts';
import {
  followUps,
  intakeFigures,
  iso,
  stageCompletions,
  syncFigures,
  SYNC_LIMIT_S,
  type ReportSources,
} from './monthly-report-figures.repo.ts';

export type { MonthlyReportRows };

/** The cases a month's report is about, as a WHERE over item_case. */
function concerned(range: MonthRange, regionCode: string | null): SQL {
  return and(
    isNotNull(itemCase.acceptedAt),
    lt(itemCase.acceptedAt, range.to),
    or(isNull(itemCase.decidedAt), gte(itemCase.decidedAt, range.from)),
    ...(regionCode ? [eq(itemCase.regionCode, regionCode)] : []),
  )!;
}

const APPROVALS = new Set(['APPROVED', 'APPROVED_WITH_CONDITIONS']);

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
