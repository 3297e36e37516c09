/**
 * 月通报 (办法 §22, BRIEF §9) — the month's figures from one row per item case (facts as of the end of
 * the month) and the month's anomaly flags. Pure: the same rows always give the same report, so an
 * archived snapshot reproduces it. Months are Asia/Shanghai calendar months.
 *
 * Composite score per department and district (0–100): 50 % on-time rate of the cases decided in the
 * month, 30 % (1 − flagged-case rate), 20 % (1 − supplement rate); a component without data is left
 * out and the others re-weighted. [Proposed — BRIEF §9 leaves the weights open.]
 */
import { DomainError } from '../errors.ts';

export interface ReportCase {
  caseId: string;
  caseNumber: string | null;
  itemCode: string;
  department: string;
  regionCode: string;
  stage: number;
  acceptedAt: Date | null;
  decidedAt: Date | null;
  decision: string | null;
  /** Whether the administrative clock was past its deadline at the decision (or at month end while open). */
  overdue: boolean;
  /** Working days used so far (at decision or month end). */
  elapsedDays: number | null;
  supplementRounds: number;
  specialProcedures: number;
  /** Withdrawn (撤回) or revoked after acceptance: no longer outstanding from then on. */
  closedAt: Date | null;
}
export interface ReportFlag { caseId: string; rule: string; ruleVersion?: number; department: string; regionCode: string; detectedAt: Date }

/**
 * Province sync in the month (办法 §5, A10): records recorded in the month, how many the province has
 * acknowledged, how many within the 5-minute limit, refused (parked) and still pending; lag in seconds.
 */
export interface ReportSync { records: number; acknowledged: number; withinLimit: number; parked: number; pending: number; p95LagS: number | null; maxLagS: number | null }

/** The computation's own version: bumped when a figure's definition changes (archived with the report). */
export const MONTHLY_REPORT_VERSION = 2;

export interface MonthRange { month: string; from: Date; to: Date }

export function monthRange(month: string): MonthRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new DomainError('REPORT_MONTH_INVALID', `月份格式应为 yyyy-mm: ${month}`, { field: 'params.month' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { month, from: new Date(Date.UTC(y, mo - 1, 1) - 8 * 3_600_000), to: new Date(Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1) - 8 * 3_600_000) };
}

const within = (d: Date | null, r: MonthRange) => !!d && d.getTime() >= r.from.getTime() && d.getTime() < r.to.getTime();
const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export interface Ranking { key: string; accepted: number; decided: number; onTimeRate: number | null; flaggedRate: number | null; supplementRate: number | null; score: number | null; rank: number }

function score(parts: [number | null, number][]): number | null {
  const present = parts.filter(([v]) => v !== null) as [number, number][];
  const weight = present.reduce((s, [, w]) => s + w, 0);
  return weight === 0 ? null : Math.round((present.reduce((s, [v, w]) => s + v * w, 0) / weight) * 1000) / 10;
}

const longestFirst = (a: ReportCase, b: ReportCase) => (b.elapsedDays ?? 0) - (a.elapsedDays ?? 0) || a.caseId.localeCompare(b.caseId);
const EMPTY_SYNC: ReportSync = { records: 0, acknowledged: 0, withinLimit: 0, parked: 0, pending: 0, p95LagS: null, maxLagS: null };
const before = (d: Date | null, t: Date) => !!d && d.getTime() < t.getTime();

export function monthlyReport(month: string, cases: readonly ReportCase[], flags: readonly ReportFlag[], options: { longOutstandingDays?: number; sync?: ReportSync } = {}) {
  const range = monthRange(month);
  const accepted = cases.filter((c) => within(c.acceptedAt, range));
  const decided = cases.filter((c) => within(c.decidedAt, range));
  const open = cases.filter((c) => before(c.acceptedAt, range.to) && !before(c.decidedAt, range.to) && !before(c.closedAt, range.to));
  const monthFlags = flags.filter((f) => within(f.detectedAt, range));
  const flaggedCases = new Set(monthFlags.map((f) => f.caseId));
  const byDecision: Record<string, number> = {};
  for (const c of decided) byDecision[c.decision ?? 'UNKNOWN'] = (byDecision[c.decision ?? 'UNKNOWN'] ?? 0) + 1;
  const byRule: Record<string, number> = {};
  for (const f of monthFlags) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;

  const groupBy = (list: readonly ReportCase[], keyOf: (c: ReportCase) => string) => {
    const groups = new Map<string, ReportCase[]>();
    for (const c of list) {
      const key = keyOf(c);
      const g = groups.get(key);
      if (g) g.push(c);
      else groups.set(key, [c]);
    }
    return groups;
  };
  const rank = (keyOf: (c: ReportCase) => string): Ranking[] => {
    const byKeyAccepted = groupBy(accepted, keyOf);
    const byKeyDecided = groupBy(decided, keyOf);
    const keys = [...new Set([...byKeyAccepted.keys(), ...byKeyDecided.keys()])].sort();
    const rows = keys.map((key) => {
      const a = byKeyAccepted.get(key) ?? [];
      const d = byKeyDecided.get(key) ?? [];
      const base = [...new Map([...a, ...d].map((c) => [c.caseId, c])).values()];
      const onTimeRate = ratio(d.filter((c) => !c.overdue).length, d.length);
      const flaggedRate = ratio(base.filter((c) => flaggedCases.has(c.caseId)).length, base.length);
      const supplementRate = ratio(base.filter((c) => c.supplementRounds > 0).length, base.length);
      return { key, accepted: a.length, decided: d.length, onTimeRate, flaggedRate, supplementRate, score: score([[onTimeRate, 50], [flaggedRate === null ? null : 1 - flaggedRate, 30], [supplementRate === null ? null : 1 - supplementRate, 20]]), rank: 0 };
    });
    rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || x.key.localeCompare(y.key));
    rows.forEach((r, i) => { r.rank = i + 1; });
    return rows;
  };
  const longDays = options.longOutstandingDays ?? 60;
  const sync = options.sync ?? EMPTY_SYNC;
  const list = (c: ReportCase) => ({ caseId: c.caseId, caseNumber: c.caseNumber, itemCode: c.itemCode, department: c.department, regionCode: c.regionCode, elapsedDays: c.elapsedDays });
  return {
    month, from: range.from.toISOString(), to: range.to.toISOString(),
    volumes: { accepted: accepted.length, decided: decided.length, openAtMonthEnd: open.length, byDecision },
    timeliness: { decidedOnTime: decided.filter((c) => !c.overdue).length, decidedOverdue: decided.filter((c) => c.overdue).length, onTimeRate: ratio(decided.filter((c) => !c.overdue).length, decided.length) },
    supplements: { casesWithSupplement: accepted.filter((c) => c.supplementRounds > 0).length, rate: ratio(accepted.filter((c) => c.supplementRounds > 0).length, accepted.length) },
    specialProcedures: { cases: new Set([...accepted, ...decided].filter((c) => c.specialProcedures > 0).map((c) => c.caseId)).size },
    anomalies: { flags: monthFlags.length, cases: flaggedCases.size, byRule },
    sync: { ...sync, onTimeRate: ratio(sync.withinLimit, sync.records) },
    departments: rank((c) => c.department),
    districts: rank((c) => c.regionCode),
    // the longest-running first (then by case id, so the order is stable)
    overdue: open.filter((c) => c.overdue).sort(longestFirst).map(list),
    longOutstanding: open.filter((c) => (c.elapsedDays ?? 0) >= longDays).sort(longestFirst).map(list),
  };
}

export type MonthlyReport = ReturnType<typeof monthlyReport>;
