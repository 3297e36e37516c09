import { describe, expect, it } from 'vitest';
import type { ReportCase, ReportFlag } from './monthly-report-inputs.ts';
import { monthRange, previousMonth, sameMonthLastYear } from './monthly-report-month.ts';
import { monthlyReport } from './monthly-report.ts';

const at = (iso: string) => new Date(iso);
const base = {
  caseNumber: null,
  itemCode: 'ZH-S3-03',
  stage: 3,
  flowType: 'SOCIAL_INVEST',
  channel: 'online',
  elapsedDays: 3,
  limitDays: 5,
  supplementRounds: 0,
  specialProcedures: 0,
  specialOverruns: 0,
  yellowWarnings: 0,
  redWarnings: 0,
  eCertExpected: false,
  eCertIssued: false,
  syncRecords: 0,
  syncOnTime: 0,
  overdue: false,
  decision: null,
  decidedAt: null,
  closedAt: null,
} as const;
const CASES: ReportCase[] = [
  // decided early (3 of 5 days), one supplement round, e-certificate issued, both province records on time, at a window
  {
    ...base,
    caseId: 'c1',
    department: 'ZH_ZJJ',
    regionCode: '440402',
    channel: 'window',
    acceptedAt: at('2026-10-05T02:00:00Z'),
    decidedAt: at('2026-10-10T02:00:00Z'),
    decision: 'APPROVED',
    supplementRounds: 1,
    eCertExpected: true,
    eCertIssued: true,
    syncRecords: 2,
    syncOnTime: 2,
  },
  // rejected late (9 days), a special procedure that overran, a yellow and a red warning, its one record late
  {
    ...base,
    caseId: 'c2',
    department: 'ZH_ZJJ',
    regionCode: '440402',
    acceptedAt: at('2026-10-06T02:00:00Z'),
    decidedAt: at('2026-10-20T02:00:00Z'),
    decision: 'REJECTED',
    overdue: true,
    elapsedDays: 9,
    specialProcedures: 1,
    specialOverruns: 1,
    yellowWarnings: 1,
    redWarnings: 1,
    syncRecords: 1,
  },
  // open and overdue at month end after 70 days, two supplement rounds (一次性告知 not kept)
  {
    ...base,
    caseId: 'c3',
    department: 'ZH_ZRZYJ',
    regionCode: '440403',
    acceptedAt: at('2026-10-07T02:00:00Z'),
    overdue: true,
    elapsedDays: 70,
    supplementRounds: 2,
    yellowWarnings: 1,
    redWarnings: 1,
    syncRecords: 1,
    syncOnTime: 1,
  },
  // accepted in September, approved on 2 October on its last day, e-certificate not issued; a 政府投资 stage-2 case
  {
    ...base,
    caseId: 'c4',
    department: 'ZH_ZRZYJ',
    regionCode: '440403',
    stage: 2,
    flowType: 'GOV_HOUSING',
    acceptedAt: at('2026-09-20T02:00:00Z'),
    decidedAt: at('2026-10-02T02:00:00Z'),
    decision: 'APPROVED',
    elapsedDays: 5,
    eCertExpected: true,
  },
  // 2026-11-01 01:00 in Shanghai: next month
  { ...base, caseId: 'c5', department: 'ZH_ZJJ', regionCode: '440402', acceptedAt: at('2026-10-31T17:00:00Z') },
  // withdrawn (撤回) in September, never decided: not outstanding in October
  {
    ...base,
    caseId: 'c6',
    department: 'ZH_ZJJ',
    regionCode: '440402',
    acceptedAt: at('2026-09-10T02:00:00Z'),
    closedAt: at('2026-09-25T02:00:00Z'),
    overdue: true,
    elapsedDays: 80,
  },
];
const FLAGS: ReportFlag[] = [
  {
    caseId: 'c2',
    rule: 'A2',
    status: 'CONFIRMED',
    department: 'ZH_ZJJ',
    regionCode: '440402',
    detectedAt: at('2026-10-15T02:00:00Z'),
  },
  {
    caseId: 'c3',
    rule: 'A9',
    status: 'OPEN',
    department: 'ZH_ZRZYJ',
    regionCode: '440403',
    detectedAt: at('2026-10-09T02:00:00Z'),
  },
  {
    caseId: 'c3',
    rule: 'A2',
    status: 'EXPLAINED',
    department: 'ZH_ZRZYJ',
    regionCode: '440403',
    detectedAt: at('2026-10-30T02:00:00Z'),
  },
  {
    caseId: 'c1',
    rule: 'A8',
    status: 'OPEN',
    department: 'ZH_ZJJ',
    regionCode: '440402',
    detectedAt: at('2026-11-02T02:00:00Z'),
  },
];

describe('monthly report (月通报)', () => {
  it('takes Asia/Shanghai months, the month before and the same month a year before', () => {
    expect(monthRange('2026-10')).toMatchObject({ from: at('2026-09-30T16:00:00Z'), to: at('2026-10-31T16:00:00Z') });
    expect(() => monthRange('2026-13')).toThrow(/yyyy-mm/);
    expect([previousMonth('2026-10'), previousMonth('2026-01'), sameMonthLastYear('2026-10')]).toEqual([
      '2026-09',
      '2025-12',
      '2025-10',
    ]);
  });

  it('matches a small month computed by hand', () => {
    const r = monthlyReport('2026-10', {
      cases: CASES,
      flags: FLAGS,
      sync: { records: 10, acknowledged: 9, withinLimit: 8, parked: 1, pending: 0, p95LagS: 290, maxLagS: 400 },
      intake: { received: 5, notAccepted: 1 },
      previous: { month: '2026-09', accepted: 2, decided: 1, onTimeRate: 1, flags: 0, supplementRate: 0 },
      followUps: [
        // September's flags as they stand at October's end: one confirmed, one still unanswered; an October flag is not last month's
        {
          flagId: 7,
          caseId: 'c4',
          rule: 'A2',
          department: 'ZH_ZRZYJ',
          regionCode: '440403',
          detectedAt: at('2026-09-25T02:00:00Z'),
          status: 'CONFIRMED',
        },
        {
          flagId: 8,
          caseId: 'c6',
          rule: 'A9',
          department: 'ZH_ZJJ',
          regionCode: '440402',
          detectedAt: at('2026-09-12T02:00:00Z'),
          status: 'OPEN',
        },
        {
          flagId: 9,
          caseId: 'c2',
          rule: 'A2',
          department: 'ZH_ZJJ',
          regionCode: '440402',
          detectedAt: at('2026-10-15T02:00:00Z'),
          status: 'OPEN',
        },
      ],
      completions: [
        // two projects finished 竣工验收 in October: one in 60 of its 70 target days, one in 80; a stage 3 completion; one from September
        {
          applicationId: 'a1',
          projectCode: 'p1',
          stage: 4,
          flowType: 'SOCIAL_INVEST',
          regionCode: '440402',
          completedAt: at('2026-10-12T02:00:00Z'),
          stageDays: 8,
          fullProcessDays: 60,
          targetDays: 70,
        },
        {
          applicationId: 'a2',
          projectCode: 'p2',
          stage: 4,
          flowType: 'SOCIAL_INVEST',
          regionCode: '440403',
          completedAt: at('2026-10-20T02:00:00Z'),
          stageDays: 12,
          fullProcessDays: 80,
          targetDays: 70,
        },
        {
          applicationId: 'a3',
          projectCode: 'p3',
          stage: 3,
          flowType: 'GOV_HOUSING',
          regionCode: '440402',
          completedAt: at('2026-10-21T02:00:00Z'),
          stageDays: 15,
          fullProcessDays: null,
          targetDays: 85,
        },
        {
          applicationId: 'a4',
          projectCode: 'p4',
          stage: 4,
          flowType: 'GOV_HOUSING',
          regionCode: '440402',
          completedAt: at('2026-09-21T02:00:00Z'),
          stageDays: 5,
          fullProcessDays: 50,
          targetDays: 85,
        },
      ],
    });
    // accepted c1 c2 c3; decided c1 c2 c4; open at month end c3 only (c5 is November's, c6 was withdrawn)
    expect(r.volumes).toEqual({
      received: 5,
      accepted: 3,
      notAccepted: 1,
      notAcceptedRate: 0.25,
      decided: 3,
      completionRate: 1,
      openAtMonthEnd: 1,
      byDecision: { APPROVED: 2, REJECTED: 1 },
      byChannel: { online: 2, window: 1 },
      onlineShare: 0.6667,
    });
    // on time c1 c4; early c1 only (c4 used all 5 days); days 3, 9, 5; warnings of c2 and c3
    expect(r.timeliness).toEqual({
      decidedOnTime: 2,
      decidedOverdue: 1,
      onTimeRate: 0.6667,
      decidedEarly: 1,
      earlyRate: 0.3333,
      avgDays: 5.7,
      medianDays: 5,
      yellowWarnings: 2,
      redWarnings: 2,
      overdueOpen: 1,
    });
    expect(r.supplements).toEqual({ casesWithSupplement: 2, rate: 0.6667, avgRounds: 1.5, multiRound: 1 });
    expect(r.specialProcedures).toEqual({ cases: 1, procedures: 1, overruns: 1 });
    expect(r.eCertificates).toEqual({ expected: 2, issued: 1, rate: 0.5 });
    expect(r.projects).toEqual({
      stagesCompleted: { 3: 1, 4: 2 },
      avgStageDays: { 3: 15, 4: 10 },
      completedProjects: 2,
      avgFullProcessDays: 70,
      withinTarget: 1,
      withinTargetRate: 0.5,
      byFlowType: [{ flowType: 'SOCIAL_INVEST', projects: 2, avgDays: 70, targetDays: 70, withinTarget: 1 }],
    });
    expect(r.anomalies).toEqual({
      flags: 3,
      cases: 2,
      byRule: { A2: 2, A9: 1 },
      byStatus: { CONFIRMED: 1, OPEN: 1, EXPLAINED: 1 },
      byDepartment: { ZH_ZJJ: 1, ZH_ZRZYJ: 2 },
    });
    expect(r.followUp).toEqual({
      month: '2026-09',
      flags: 2,
      byStatus: { CONFIRMED: 1, OPEN: 1 },
      unanswered: [
        {
          flagId: 8,
          caseId: 'c6',
          rule: 'A9',
          department: 'ZH_ZJJ',
          regionCode: '440402',
          detectedAt: '2026-09-12T02:00:00.000Z',
        },
      ],
    });
    expect(r.sync).toEqual({
      records: 10,
      acknowledged: 9,
      withinLimit: 8,
      parked: 1,
      pending: 0,
      p95LagS: 290,
      maxLagS: 400,
      onTimeRate: 0.8,
    });
    // ZH_ZRZYJ (c3, c4): on time 1/1, flagged 1/2, supplements 1/2, sync 1/1, e-cert 0/1 → 40 + 10 + 7.5 + 15 + 0 = 72.5
    // ZH_ZJJ (c1, c2): on time 1/2, flagged 1/2, supplements 1/2, sync 2/3, e-cert 1/1 → 20 + 10 + 7.5 + 10 + 10 = 57.5
    expect(r.departments.map((d) => [d.key, d.score, d.rank])).toEqual([
      ['ZH_ZRZYJ', 72.5, 1],
      ['ZH_ZJJ', 57.5, 2],
    ]);
    expect(r.departments[1]).toMatchObject({
      accepted: 2,
      decided: 2,
      onTimeRate: 0.5,
      flaggedRate: 0.5,
      supplementRate: 0.5,
      syncRate: 0.6667,
      eCertRate: 1,
    });
    expect(r.districts.map((d) => [d.key, d.score])).toEqual([
      ['440403', 72.5],
      ['440402', 57.5],
    ]);
    expect(r.stages.map((s) => [s.key, s.accepted, s.decided])).toEqual([
      ['2', 0, 1],
      ['3', 3, 2],
    ]);
    expect(r.flowTypes.map((s) => s.key)).toEqual(['GOV_HOUSING', 'SOCIAL_INVEST']);
    expect(r.channels.map((s) => [s.key, s.accepted])).toEqual([
      ['online', 2],
      ['window', 1],
    ]);
    expect(r.byStageDays).toEqual([
      { stage: 2, decided: 1, avgDays: 5, medianDays: 5 },
      { stage: 3, decided: 2, avgDays: 6, medianDays: 6 },
    ]);
    expect(r.comparison).toEqual({
      previous: {
        month: '2026-09',
        accepted: 2,
        decided: 1,
        onTimeRate: 1,
        flags: 0,
        supplementRate: 0,
        acceptedChange: 0.5,
        decidedChange: 2,
      },
      lastYear: null,
    });
    expect(r.overdue.map((c) => c.caseId)).toEqual(['c3']);
    expect(r.longOutstanding.map((c) => c.caseId)).toEqual(['c3']);
  });
});
