/**
 * How the monthly report states a figure: a rate to four decimals (null without a denominator), day
 * counts averaged to one decimal, counts by key — and which cases count as decided on time, with
 * their working days, and as expecting an e-certificate.
 */
import type { ReportCase } from './monthly-report-inputs.ts';

export const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const round1 = (v: number) => Math.round(v * 10) / 10;
export const mean = (values: number[]): number | null =>
  values.length ? round1(values.reduce((s, v) => s + v, 0) / values.length) : null;
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round1(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}
export const sum = (list: readonly ReportCase[], f: (c: ReportCase) => number) => list.reduce((s, c) => s + f(c), 0);

export function groupBy<T>(list: readonly T[], keyOf: (c: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const c of list) {
    const key = keyOf(c);
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return groups;
}

export const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

export const onTime = (list: readonly ReportCase[]) => list.filter((c) => !c.overdue);
export const days = (list: readonly ReportCase[]) =>
  list.map((c) => c.elapsedDays).filter((d): d is number => d !== null);
export const eCertExpected = (list: readonly ReportCase[]) => list.filter((c) => c.eCertExpected);
