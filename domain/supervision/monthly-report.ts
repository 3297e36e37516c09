/**
 * 月通报 (办法 §22, BRIEF §9) — the month's figures from one row per item case (facts as of the end of
 * the month), the month's anomaly flags, the intake counts and the province-sync figures. Pure: the
 * same inputs always give the same report, so an archived snapshot reproduces it. Months are
 * Asia/Shanghai calendar months.
 *
 * Composite score per department and district (0–100), with BRIEF §9's proposed weights: 40 % on-time
 * rate of the cases decided in the month, 20 % (1 − flagged-case rate), 15 % (1 − supplement rate),
 * 15 % province sync within 5 minutes, 10 % e-certificate rate of the approvals whose item issues
 * one; a component without data is left out and the others re-weighted. [Proposed — the weights are
 * the city's to set; they are archived with the report as its version.]
 */
import { DomainError } from '../errors.ts';
import { monthOf, monthStartMs } from '../calendar/shanghai-day.ts';

export interface ReportCase {
  caseId: string;
  caseNumber: string | null;
  itemCode: string;
  department: string;
  regionCode: string;
  stage: number;
  /** 审批流程类型 of the project. */
  flowType: string;
  /** 申报来源: online (网上申报) or window (窗口). */
  channel: 'online' | 'window';
  acceptedAt: Date | null;
  decidedAt: Date | null;
  decision: string | null;
  /** Whether the administrative clock was past its deadline at the decision (or at month end while open). */
  overdue: boolean;
  /** Working days used so far (at decision or month end). */
  elapsedDays: number | null;
  /** The limit in working days, extensions included (null without an administrative clock). */
  limitDays: number | null;
  supplementRounds: number;
  specialProcedures: number;
  /** Special procedures past their own limit (finished late, or still running past it at month end). */
  specialOverruns: number;
  /** Yellow and red warnings fired in the month. */
  yellowWarnings: number;
  redWarnings: number;
  /** The item issues an e-certificate and the decision approved it; whether one was issued by month end. */
  eCertExpected: boolean;
  eCertIssued: boolean;
  /** The case's province records recorded in the month, and how many were acknowledged within 5 minutes. */
  syncRecords: number;
  syncOnTime: number;
  /** Withdrawn (撤回) or revoked after acceptance: no longer outstanding from then on. */
  closedAt: Date | null;
}
export interface ReportFlag {
  caseId: string;
  rule: string;
  ruleVersion?: number;
  status?: string;
  department: string;
  regionCode: string;
  detectedAt: Date;
}

/**
 * Province sync in the month (办法 §5, A10): records recorded in the month, how many the province has
 * acknowledged, how many within the 5-minute limit, refused (parked) and still pending; lag in seconds.
 */
export interface ReportSync {
  records: number;
  acknowledged: number;
  withinLimit: number;
  parked: number;
  pending: number;
  p95LagS: number | null;
  maxLagS: number | null;
}

/** 接件 (applications submitted in the month) and 不予受理 (item cases refused at acceptance in the month). */
export interface ReportIntake {
  received: number;
  notAccepted: number;
}

/**
 * A stage application all of whose item cases were decided: the stage completed (阶段办结) at the last
 * decision. `stageDays`: working days from its receipt; for 竣工验收 (stage 4) `fullProcessDays` from
 * the project's first receipt, against `targetDays` (the catalogue's stage limits of its flow type).
 */
export interface ReportStageCompletion {
  applicationId: string;
  projectCode: string;
  stage: number;
  flowType: string;
  regionCode: string;
  completedAt: Date;
  stageDays: number | null;
  fullProcessDays: number | null;
  targetDays: number | null;
}

/** A flag raised in the month before, with its status at this month's end (整改跟踪). */
export interface ReportFollowUp {
  flagId: number;
  caseId: string;
  rule: string;
  department: string;
  regionCode: string;
  detectedAt: Date;
  status: string;
}

/** The figures compared month on month (环比) and year on year (同比). */
export interface Headline {
  month: string;
  accepted: number;
  decided: number;
  onTimeRate: number | null;
  flags: number;
  supplementRate: number | null;
}

export interface ReportInputs {
  cases: readonly ReportCase[];
  flags: readonly ReportFlag[];
  sync?: ReportSync;
  intake?: ReportIntake;
  completions?: readonly ReportStageCompletion[];
  followUps?: readonly ReportFollowUp[];
  /** The previous month's and the same month last year's headline figures. */
  previous?: Headline | null;
  lastYear?: Headline | null;
}

/** The computation's own version: bumped when a figure's definition or a weight changes (archived with the report). */
export const MONTHLY_REPORT_VERSION = 5;
export const SCORE_WEIGHTS = { onTime: 40, anomalies: 20, supplements: 15, sync: 15, eCert: 10 } as const;

export interface MonthRange {
  month: string;
  from: Date;
  to: Date;
}

export function monthRange(month: string): MonthRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new DomainError('REPORT_MONTH_INVALID', `月份格式应为 yyyy-mm: ${month}`, { field: 'params.month' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { month, from: new Date(monthStartMs(y, mo)), to: new Date(monthStartMs(y, mo + 1)) };
}

/** The month before, and the same month a year before. */
export function previousMonth(month: string): string {
  return monthOf(monthRange(month).from.getTime() - 1);
}
export function sameMonthLastYear(month: string): string {
  monthRange(month);
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
}

const within = (d: Date | null, r: MonthRange) =>
  !!d && d.getTime() >= r.from.getTime() && d.getTime() < r.to.getTime();
const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const round1 = (v: number) => Math.round(v * 10) / 10;
const mean = (values: number[]): number | null =>
  values.length ? round1(values.reduce((s, v) => s + v, 0) / values.length) : null;
function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round1(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}
const sum = (list: readonly ReportCase[], f: (c: ReportCase) => number) => list.reduce((s, c) => s + f(c), 0);

export interface Ranking {
  key: string;
  accepted: number;
  decided: number;
  onTimeRate: number | null;
  flaggedRate: number | null;
  supplementRate: number | null;
  syncRate: number | null;
  eCertRate: number | null;
  score: number | null;
  rank: number;
}

function score(parts: [number | null, number][]): number | null {
  const present = parts.filter(([v]) => v !== null) as [number, number][];
  const weight = present.reduce((s, [, w]) => s + w, 0);
  return weight === 0 ? null : Math.round((present.reduce((s, [v, w]) => s + v * w, 0) / weight) * 1000) / 10;
}

function groupBy<T>(list: readonly T[], keyOf: (c: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const c of list) {
    const key = keyOf(c);
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

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
const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

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
  const onTime = (list: readonly ReportCase[]) => list.filter((c) => !c.overdue);
  const days = (list: readonly ReportCase[]) => list.map((c) => c.elapsedDays).filter((d): d is number => d !== null);
  const eCertExpected = (list: readonly ReportCase[]) => list.filter((c) => c.eCertExpected);

  /** One row of figures per key, over the cases accepted or decided in the month. */
  const figures = (keyOf: (c: ReportCase) => string): Ranking[] => {
    const byKeyAccepted = groupBy(accepted, keyOf);
    const byKeyDecided = groupBy(decided, keyOf);
    const byKeyTouched = groupBy(touched, keyOf);
    const keys = [...new Set([...byKeyAccepted.keys(), ...byKeyDecided.keys()])].sort();
    return keys.map((key) => {
      const a = byKeyAccepted.get(key) ?? [];
      const d = byKeyDecided.get(key) ?? [];
      const base = byKeyTouched.get(key) ?? [];
      const onTimeRate = ratio(onTime(d).length, d.length);
      const flaggedRate = ratio(base.filter((c) => flaggedCases.has(c.caseId)).length, base.length);
      const supplementRate = ratio(base.filter((c) => c.supplementRounds > 0).length, base.length);
      const syncRate = ratio(
        sum(base, (c) => c.syncOnTime),
        sum(base, (c) => c.syncRecords),
      );
      const eCertRate = ratio(eCertExpected(d).filter((c) => c.eCertIssued).length, eCertExpected(d).length);
      const w = SCORE_WEIGHTS;
      return {
        key,
        accepted: a.length,
        decided: d.length,
        onTimeRate,
        flaggedRate,
        supplementRate,
        syncRate,
        eCertRate,
        score: score([
          [onTimeRate, w.onTime],
          [flaggedRate === null ? null : 1 - flaggedRate, w.anomalies],
          [supplementRate === null ? null : 1 - supplementRate, w.supplements],
          [syncRate, w.sync],
          [eCertRate, w.eCert],
        ]),
        rank: 0,
      };
    });
  };
  const ranked = (rows: Ranking[]): Ranking[] => {
    rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || x.key.localeCompare(y.key));
    rows.forEach((r, i) => {
      r.rank = i + 1;
    });
    return rows;
  };
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
  const before1 = monthRange(previousMonth(month));
  const followUps = (inputs.followUps ?? []).filter((f) => within(f.detectedAt, before1));
  const followUpByStatus: Record<string, number> = {};
  for (const f of followUps) count(followUpByStatus, f.status);
  /** Last month's flags and where they stand now: still OPEN means the department has not answered. */
  const followUp = {
    month: before1.month,
    flags: followUps.length,
    byStatus: followUpByStatus,
    unanswered: followUps
      .filter((f) => f.status === 'OPEN')
      .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime() || a.flagId - b.flagId)
      .map((f) => ({
        flagId: f.flagId,
        caseId: f.caseId,
        rule: f.rule,
        department: f.department,
        regionCode: f.regionCode,
        detectedAt: f.detectedAt.toISOString(),
      })),
  };
  const completions = (inputs.completions ?? []).filter((p) => within(p.completedAt, range));
  const finished = completions.filter((p) => p.stage === 4);
  const onTarget = (p: ReportStageCompletion) =>
    p.fullProcessDays !== null && p.targetDays !== null && p.fullProcessDays <= p.targetDays;
  const byStage = groupBy(completions, (p) => String(p.stage));
  const projects = {
    stagesCompleted: Object.fromEntries(
      [...byStage].sort(([a], [b]) => Number(a) - Number(b)).map(([stage, list]) => [stage, list.length]),
    ),
    avgStageDays: Object.fromEntries(
      [...byStage]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([stage, list]) => [stage, mean(list.map((p) => p.stageDays).filter((d): d is number => d !== null))]),
    ),
    /** Projects that finished 竣工验收 in the month, and their whole process in working days. */
    completedProjects: finished.length,
    avgFullProcessDays: mean(finished.map((p) => p.fullProcessDays).filter((d): d is number => d !== null)),
    withinTarget: finished.filter(onTarget).length,
    withinTargetRate: ratio(finished.filter(onTarget).length, finished.length),
    byFlowType: [...groupBy(finished, (p) => p.flowType)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([flowType, list]) => ({
        flowType,
        projects: list.length,
        avgDays: mean(list.map((p) => p.fullProcessDays).filter((d): d is number => d !== null)),
        targetDays: list[0]!.targetDays,
        withinTarget: list.filter(onTarget).length,
      })),
  };
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
