/**
 * 月通报 rankings — one row of figures per department, district, stage, flow type or channel, over
 * the cases accepted or decided in the month.
 *
 * Composite score per department and district (0–100), with BRIEF §9's proposed weights: 40 % on-time
 * rate of the cases decided in the month, 20 % (1 − flagged-case rate), 15 % (1 − supplement rate),
 * 15 % province sync within 5 minutes, 10 % e-certificate rate of the approvals whose item issues
 * one; a component without data is left out and the others re-weighted. [Proposed — the weights are
 * the city's to set; they are archived with the report as its version.]
 */
import { eCertExpected, groupBy, onTime, ratio, sum } from './monthly-report-figures.ts';
import type { ReportCase } from './monthly-report-inputs.ts';

export const SCORE_WEIGHTS = { onTime: 40, anomalies: 20, supplements: 15, sync: 15, eCert: 10 } as const;

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

/** The month's cases the rankings are taken over: accepted, decided, either (touched), and those flagged. */
export interface RankingCases {
  accepted: readonly ReportCase[];
  decided: readonly ReportCase[];
  touched: readonly ReportCase[];
  flaggedCases: ReadonlySet<string>;
}

/** One row of figures per key, over the cases accepted or decided in the month. */
export function rankingsBy(
  { accepted, decided, touched, flaggedCases }: RankingCases,
  keyOf: (c: ReportCase) => string,
): Ranking[] {
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
}

/** Sorts the rows by score (best first, then by key) and numbers their rank. */
export function ranked(rows: Ranking[]): Ranking[] {
  rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || x.key.localeCompare(y.key));
  rows.forEach((r, i) => {
    r.rank = i + 1;
  });
  return rows;
}
