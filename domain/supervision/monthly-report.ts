/**
 * 月通报 (办法 §22, BRIEF §9) — the month's figures from one row per item case (facts as of the end of
 * the month), the month's anomaly flags, the intake counts and the province-sync figures. Pure: the
 * same inputs always give the same report, so an archived snapshot reproduces it. Months are
 * Asia/Shanghai calendar months (monthly-report-month.ts); the inputs are in monthly-report-inputs.ts,
 * the composite score and rankings in monthly-report-rankings.ts.
 */
import { count, days, eCertExpected, groupBy, mean, median, onTime, ratio, sum } from './monthly-report-figures.ts';
import { followUpOf } from './monthly-report-follow-up.ts';
import type { Headline, ReportCase, ReportInputs, ReportSync } from './monthly-report-inputs.ts';
import { monthRange, within } from './monthly-report-month.ts';
import { projectsOf } from './monthly-report-projects.ts';
import { ranked, rankingsBy } from './monthly-report-rankings.ts';

/** The computation's own version: bumped when a figure's definition or a weight changes (archived with the report). */
export const MONTHLY_REPORT_VERSION = 5;

const longestFirst = (a: ReportCase, b: ReportCase) =>
  (b.elapsedDays ?? 0) - (a.elapsedDays ?? 0) || a.caseId.localeCompare(b.caseId);
const EMPTY_SYNC: ReportSync = {
  records: 0,
  acknowledged: 0,
  withinLimit: 0,
  parked: 0,
  pending: 0,
  p95LagS: null,
  maxLagS: null,
};
const before = (d: Date | null, t: Date) => !!d && d.getTime() < t.getTime();

export function monthlyReport(month: string, inputs: ReportInputs, options: { longOutstandingDays?: number } = {}) {
  const range = monthRange(month);
  const { cases, flags } = inputs;
  const accepted = cases.filter((c) => within(c.acceptedAt, range));
  const decided = cases.filter((c) => within(c.decidedAt, range));
  const open = cases.filter(
    (c) => before(c.acceptedAt, range.to) && !before(c.decidedAt, range.to) && !before(c.closedAt, range.to),
  );
  const touched = [...new Map([...accepted, ...decided].map((c) => [c.caseId, c])).values()];
  const monthFlags = flags.filter((f) => within(f.detectedAt, range));
  const flaggedCases = new Set(monthFlags.map((f) => f.caseId));
  const byDecision: Record<string, number> = {};
  for (const c of decided) count(byDecision, c.decision ?? 'UNKNOWN');
  const byRule: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const flagsByDepartment: Record<string, number> = {};
  for (const f of monthFlags) {
    count(byRule, f.rule);
    count(byStatus, f.status ?? 'OPEN');
    count(flagsByDepartment, f.department);
  }
  const rankingCases = { accepted, decided, touched, flaggedCases };
  const figures = (keyOf: (c: ReportCase) => string) => rankingsBy(rankingCases, keyOf);
  const longDays = options.longOutstandingDays ?? 60;
  const sync = inputs.sync ?? EMPTY_SYNC;
  const intake = inputs.intake ?? { received: 0, notAccepted: 0 };
  const list = (c: ReportCase) => ({
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    itemCode: c.itemCode,
    department: c.department,
    regionCode: c.regionCode,
    elapsedDays: c.elapsedDays,
  });
  const supplemented = accepted.filter((c) => c.supplementRounds > 0);
  const headline: Headline = {
    month,
    accepted: accepted.length,
    decided: decided.length,
    onTimeRate: ratio(onTime(decided).length, decided.length),
    flags: monthFlags.length,
    supplementRate: ratio(supplemented.length, accepted.length),
  };
  const change = (other: Headline | null | undefined) =>
    other
      ? {
          month: other.month,
          accepted: other.accepted,
          decided: other.decided,
          onTimeRate: other.onTimeRate,
          flags: other.flags,
          supplementRate: other.supplementRate,
          acceptedChange: other.accepted === 0 ? null : ratio(headline.accepted - other.accepted, other.accepted),
          decidedChange: other.decided === 0 ? null : ratio(headline.decided - other.decided, other.decided),
        }
      : null;
  const withSP = touched.filter((c) => c.specialProcedures > 0);
  const followUp = followUpOf(month, inputs.followUps ?? []);
  const projects = projectsOf(inputs.completions ?? [], range);
  return {
    month,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    headline,
    comparison: { previous: change(inputs.previous), lastYear: change(inputs.lastYear) },
    volumes: {
      received: intake.received,
      accepted: accepted.length,
      notAccepted: intake.notAccepted,
      notAcceptedRate: ratio(intake.notAccepted, intake.notAccepted + accepted.length),
      decided: decided.length,
      completionRate: ratio(decided.length, accepted.length),
      openAtMonthEnd: open.length,
      byDecision,
      byChannel: {
        online: accepted.filter((c) => c.channel === 'online').length,
        window: accepted.filter((c) => c.channel === 'window').length,
      },
      onlineShare: ratio(accepted.filter((c) => c.channel === 'online').length, accepted.length),
    },
    timeliness: {
      decidedOnTime: onTime(decided).length,
      decidedOverdue: decided.length - onTime(decided).length,
      onTimeRate: headline.onTimeRate,
      decidedEarly: decided.filter((c) => c.limitDays !== null && c.elapsedDays !== null && c.elapsedDays < c.limitDays)
        .length,
      earlyRate: ratio(
        decided.filter((c) => c.limitDays !== null && c.elapsedDays !== null && c.elapsedDays < c.limitDays).length,
        decided.length,
      ),
      avgDays: mean(days(decided)),
      medianDays: median(days(decided)),
      yellowWarnings: sum(cases, (c) => c.yellowWarnings),
      redWarnings: sum(cases, (c) => c.redWarnings),
      overdueOpen: open.filter((c) => c.overdue).length,
    },
    supplements: {
      casesWithSupplement: supplemented.length,
      rate: headline.supplementRate,
      avgRounds: mean(supplemented.map((c) => c.supplementRounds)),
      /** 一次性告知 not kept: more than one round of 补正 on one case. */
      multiRound: accepted.filter((c) => c.supplementRounds > 1).length,
    },
    specialProcedures: {
      cases: withSP.length,
      procedures: sum(withSP, (c) => c.specialProcedures),
      overruns: sum(withSP, (c) => c.specialOverruns),
    },
    projects,
    eCertificates: {
      expected: eCertExpected(decided).length,
      issued: eCertExpected(decided).filter((c) => c.eCertIssued).length,
      rate: ratio(eCertExpected(decided).filter((c) => c.eCertIssued).length, eCertExpected(decided).length),
    },
    anomalies: {
      flags: monthFlags.length,
      cases: flaggedCases.size,
      byRule,
      byStatus,
      byDepartment: flagsByDepartment,
    },
    followUp,
    sync: { ...sync, onTimeRate: ratio(sync.withinLimit, sync.records) },
    departments: ranked(figures((c) => c.department)),
    districts: ranked(figures((c) => c.regionCode)),
    stages: figures((c) => String(c.stage)),
    flowTypes: figures((c) => c.flowType),
    channels: figures((c) => c.channel),
    byStageDays: [...groupBy(decided, (c) => String(c.stage))]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([stage, list]) => ({
        stage: Number(stage),
        decided: list.length,
        avgDays: mean(days(list)),
        medianDays: median(days(list)),
      })),
    // the longest-running first (then by case id, so the order is stable)
    overdue: open
      .filter((c) => c.overdue)
      .sort(longestFirst)
      .map(list),
    longOutstanding: open
      .filter((c) => (c.elapsedDays ?? 0) >= longDays)
      .sort(longestFirst)
      .map(list),
  };
}

export type MonthlyReport = ReturnType<typeof monthlyReport>;
