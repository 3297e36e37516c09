import { describe, expect, it } from 'vitest';
import { monthlyReport, monthRange, type ReportCase } from './monthly-report.ts';

const at = (iso: string) => new Date(iso);
const base = { caseNumber: null, itemCode: 'ZH-S3-03', stage: 3, elapsedDays: 3, supplementRounds: 0, specialProcedures: 0, overdue: false, decision: null, decidedAt: null, closedAt: null } as const;
const CASES: ReportCase[] = [
  { ...base, caseId: 'c1', department: 'ZH_ZJJ', regionCode: '440402', acceptedAt: at('2026-10-05T02:00:00Z'), decidedAt: at('2026-10-10T02:00:00Z'), decision: 'APPROVED', supplementRounds: 1 },
  { ...base, caseId: 'c2', department: 'ZH_ZJJ', regionCode: '440402', acceptedAt: at('2026-10-06T02:00:00Z'), decidedAt: at('2026-10-20T02:00:00Z'), decision: 'REJECTED', overdue: true, specialProcedures: 1 },
  { ...base, caseId: 'c3', department: 'ZH_ZRZYJ', regionCode: '440403', acceptedAt: at('2026-10-07T02:00:00Z'), overdue: true, elapsedDays: 70 },
  { ...base, caseId: 'c4', department: 'ZH_ZRZYJ', regionCode: '440403', acceptedAt: at('2026-09-20T02:00:00Z'), decidedAt: at('2026-10-02T02:00:00Z'), decision: 'APPROVED' },
  // 2026-11-01 01:00 in Shanghai: next month
  { ...base, caseId: 'c5', department: 'ZH_ZJJ', regionCode: '440402', acceptedAt: at('2026-10-31T17:00:00Z') },
  // withdrawn (撤回) in September, never decided: not outstanding in October
  { ...base, caseId: 'c6', department: 'ZH_ZJJ', regionCode: '440402', acceptedAt: at('2026-09-10T02:00:00Z'), closedAt: at('2026-09-25T02:00:00Z'), overdue: true, elapsedDays: 80 },
];
const FLAGS = [
  { caseId: 'c2', rule: 'A2', department: 'ZH_ZJJ', regionCode: '440402', detectedAt: at('2026-10-15T02:00:00Z') },
  { caseId: 'c3', rule: 'A9', department: 'ZH_ZRZYJ', regionCode: '440403', detectedAt: at('2026-10-09T02:00:00Z') },
  { caseId: 'c3', rule: 'A2', department: 'ZH_ZRZYJ', regionCode: '440403', detectedAt: at('2026-10-30T02:00:00Z') },
  { caseId: 'c1', rule: 'A8', department: 'ZH_ZJJ', regionCode: '440402', detectedAt: at('2026-11-02T02:00:00Z') },
];

describe('monthly report (月通报)', () => {
  it('takes Asia/Shanghai months', () => {
    expect(monthRange('2026-10')).toMatchObject({ from: at('2026-09-30T16:00:00Z'), to: at('2026-10-31T16:00:00Z') });
    expect(() => monthRange('2026-13')).toThrow(/yyyy-mm/);
  });

  it('matches a small month computed by hand', () => {
    const r = monthlyReport('2026-10', CASES, FLAGS, { sync: { records: 10, acknowledged: 9, withinLimit: 8, parked: 1, pending: 0, p95LagS: 290, maxLagS: 400 } });
    expect(r.volumes).toEqual({ accepted: 3, decided: 3, openAtMonthEnd: 1, byDecision: { APPROVED: 2, REJECTED: 1 } });
    expect(r.timeliness).toEqual({ decidedOnTime: 2, decidedOverdue: 1, onTimeRate: 0.6667 });
    expect(r.supplements).toEqual({ casesWithSupplement: 1, rate: 0.3333 });
    expect(r.specialProcedures).toEqual({ cases: 1 });
    expect(r.anomalies).toEqual({ flags: 3, cases: 2, byRule: { A2: 2, A9: 1 } });
    // ZH_ZRZYJ: on time 1/1, flagged 1/2, supplements 0/2 → (50 + 15 + 20) = 85.0; ZH_ZJJ: 1/2, 1/2, 1/2 → 50.0
    expect(r.departments.map((d) => [d.key, d.score, d.rank])).toEqual([['ZH_ZRZYJ', 85, 1], ['ZH_ZJJ', 50, 2]]);
    expect(r.districts.map((d) => [d.key, d.score])).toEqual([['440403', 85], ['440402', 50]]);
    expect(r.sync).toEqual({ records: 10, acknowledged: 9, withinLimit: 8, parked: 1, pending: 0, p95LagS: 290, maxLagS: 400, onTimeRate: 0.8 });
    expect(r.overdue.map((c) => c.caseId)).toEqual(['c3']);
    expect(r.longOutstanding.map((c) => c.caseId)).toEqual(['c3']);
  });
});
