import { describe, expect, it } from 'vitest';
import { sh } from '../calendar/shanghai-day.fixture.ts';
import { A5, A6 } from './anomaly-rules-precheck.ts';
import { A7, A8, A9 } from './anomaly-rules-records.ts';
import { A3, A4 } from './anomaly-rules-results.ts';
import { A1, A10, A2, decisionBursts, secondsHandlingAt } from './anomaly-rules-timing.ts';
import { paramsFor, type AnomalyRule, type CaseFacts } from './anomaly-rule.ts';
import { events, facts, ITEM, type EventSpec } from './case-facts.fixture.ts';
import { evaluateCase } from './supervision-rules.ts';

const run = (rule: AnomalyRule, f: CaseFacts) => rule.evaluate(f, rule.defaults);
const accepted: EventSpec = { type: 'ACCEPTED', at: '2026-11-02 09:00', payload: { caseNumber: 'ZH2026110200001' } };
const decided = (at: string, decision = 'APPROVED', recorded?: string): EventSpec => ({
  type: 'DECIDED',
  at,
  payload: { decision },
  ...(recorded ? { recorded } : {}),
});
const result = (
  at: string,
  payload: Record<string, unknown> = { title: '施工许可证', docNumber: '珠建〔2026〕1号', certificateId: 'EC1' },
): EventSpec => ({ type: 'RESULT_ISSUED', at, payload });

describe('A1 秒办件', () => {
  it('flags a decision 5 minutes after acceptance, with both events as evidence', () => {
    // given a 10-WD item decided 5 minutes after acceptance
    const flags = run(A1, facts([accepted, decided('2026-11-02 09:05')], '2026-11-03 00:00'));
    // then one HIGH flag on the case
    expect(flags).toEqual([expect.objectContaining({ key: 'case', severity: 'HIGH', evidenceSeqs: [1, 2] })]);
  });

  it('does not flag a decision 10 minutes or more after acceptance', () => {
    expect(run(A1, facts([accepted, decided('2026-11-02 09:10')], '2026-11-03 00:00'))).toEqual([]);
  });

  it('uses 60 s for 即办 items: 2 minutes is fine, 30 s is not', () => {
    const immediate = { ...ITEM, promisedDays: 0, immediate: true };
    expect(run(A1, facts([accepted, decided('2026-11-02 09:02')], '2026-11-03', { item: immediate }))).toEqual([]);
    expect(run(A1, facts([accepted, decided('2026-11-02 09:00:30')], '2026-11-03', { item: immediate }))).toHaveLength(
      1,
    );
  });

  it('flags a 30-second review step with no attachment and a token opinion, not one with a real opinion or attachment', () => {
    const step = (opinion: string, attachments?: string[]): EventSpec[] => [
      accepted,
      { type: 'REVIEW_STARTED', at: '2026-11-03 10:00' },
      {
        type: 'OPINION_RECORDED',
        at: '2026-11-03 10:00:30',
        payload: { opinion, ...(attachments ? { attachments } : {}) },
      },
    ];
    expect(run(A1, facts(step('同意'), '2026-11-04'))).toEqual([
      expect.objectContaining({ key: 'step:3', evidenceSeqs: [2, 3] }),
    ]);
    expect(run(A1, facts(step('经审查,材料齐全,符合规划条件要求'), '2026-11-04'))).toEqual([]);
    expect(run(A1, facts(step('同意', ['report.pdf']), '2026-11-04'))).toEqual([]);
  });

  it('secondsHandlingAt answers for a decision not yet taken', () => {
    const f = facts([accepted], '2026-11-02 09:03');
    expect(secondsHandlingAt(f, sh('2026-11-02 09:03'), A1.defaults)?.message).toContain('180 秒');
    expect(secondsHandlingAt(f, sh('2026-11-02 09:30'), A1.defaults)).toBeNull();
  });

  it('finds a burst of 5 decisions by one user within 2 minutes, not 4, not another user', () => {
    const d = (userId: string, s: number, caseId = `C${s}`) => ({
      caseId,
      userId,
      seq: 9,
      at: new Date(sh('2026-11-02 10:00').getTime() + s * 1000),
    });
    expect(decisionBursts([d('u1', 0), d('u1', 20), d('u1', 40), d('u1', 60), d('u1', 119)])).toEqual([
      expect.objectContaining({ userId: 'u1' }),
    ]);
    expect(decisionBursts([d('u1', 0), d('u1', 20), d('u1', 40), d('u1', 60), d('u2', 70)])).toEqual([]);
    expect(decisionBursts([d('u1', 0), d('u1', 20), d('u1', 40), d('u1', 60), d('u1', 121)])).toEqual([]);
  });
});

describe('A2 超长期未办结', () => {
  it('flags an open case whose admin clock used more than 1.5 × its limit', () => {
    const f = facts([accepted], '2026-12-10', { admin: { limitDays: 10, extensionDays: 0, elapsedDays: 16 } });
    expect(run(A2, f).map((x) => x.key)).toEqual(['admin']);
    expect(run(A2, { ...f, admin: { limitDays: 10, extensionDays: 2, elapsedDays: 16 } })).toEqual([]);
  });

  it('flags a case open more than 90 natural days, and not a finished one', () => {
    expect(run(A2, facts([accepted], '2027-02-01')).map((x) => x.key)).toEqual(['open']);
    expect(run(A2, facts([accepted], '2027-01-31'))).toEqual([]);
    expect(run(A2, facts([accepted, decided('2026-11-20')], '2027-06-01'))).toEqual([]);
  });

  it('flags a 补正 pause open more than 60 days and a special procedure past twice its limit', () => {
    const supplement: EventSpec = {
      type: 'SUPPLEMENT_REQUESTED',
      at: '2026-11-03 10:00',
      payload: { missing: ['M1'] },
    };
    expect(run(A2, facts([accepted, supplement], '2027-01-03')).map((x) => x.key)).toEqual(['pause:2']);
    expect(
      run(A2, facts([accepted, supplement, { type: 'SUPPLEMENT_RECEIVED', at: '2026-11-10' }], '2027-01-03')),
    ).toEqual([]);
    const special: EventSpec = {
      type: 'SPECIAL_PROCEDURE_STARTED',
      at: '2026-11-03 10:00',
      payload: { type: 'EXPERT_REVIEW', limit: 5, unit: 'WD' },
    };
    // 10 WD after 11-03 is 11-17
    expect(run(A2, facts([accepted, special], '2026-11-17 12:00'))).toEqual([]);
    expect(run(A2, facts([accepted, special], '2026-11-18 12:00')).map((x) => x.key)).toEqual(['pause:2']);
  });
});

describe('A3 二次办结', () => {
  it('flags two finishes (a revoked decision decided again), not one', () => {
    const log = [
      accepted,
      decided('2026-11-10'),
      { type: 'REVOKED', at: '2026-11-11', payload: { reason: 'x' } } as EventSpec,
      decided('2026-11-12'),
    ];
    expect(run(A3, facts(log, '2026-11-20'))).toEqual([expect.objectContaining({ key: 'case', evidenceSeqs: [2, 4] })]);
    expect(run(A3, facts([accepted, decided('2026-11-10')], '2026-11-20'))).toEqual([]);
  });

  it('flags a sibling finished within 30 days with the same result number, not one 40 days apart or with another number', () => {
    const log = [accepted, decided('2026-11-10'), result('2026-11-10 12:00')];
    const sibling = (finishedAt: string, resultDocNumber: string) => ({
      caseId: 'C0',
      submittedAt: null,
      finishedAt: sh(finishedAt),
      resultDocNumber,
    });
    expect(
      run(A3, facts(log, '2026-11-20', { siblings: [sibling('2026-10-20', '珠建〔2026〕1号')] })).map((x) => x.key),
    ).toEqual(['dup:C0']);
    expect(run(A3, facts(log, '2026-11-20', { siblings: [sibling('2026-10-01', '珠建〔2026〕1号')] }))).toEqual([]);
    expect(run(A3, facts(log, '2026-11-20', { siblings: [sibling('2026-10-20', '珠建〔2026〕2号')] }))).toEqual([]);
  });
});

describe('A4 办结无结果材料', () => {
  it('flags no result one working day after the finish, but not within the grace day', () => {
    // decided Friday 11-06; grace ends Monday 11-09 23:59:59
    const log = [accepted, decided('2026-11-06 10:00')];
    expect(run(A4, facts(log, '2026-11-09 20:00'))).toEqual([]);
    expect(run(A4, facts(log, '2026-11-10 00:00'))).toEqual([
      expect.objectContaining({ key: 'missing', evidenceSeqs: [2] }),
    ]);
  });

  it('accepts a certificate or file for a pass; flags a pass with a number but no file; a refusal needs a number only', () => {
    expect(run(A4, facts([accepted, decided('2026-11-06 10:00'), result('2026-11-06 11:00')], '2026-11-20'))).toEqual(
      [],
    );
    expect(
      run(
        A4,
        facts(
          [
            accepted,
            decided('2026-11-06 10:00'),
            result('2026-11-06 11:00', { title: '批复', docNumber: '珠〔2026〕9号', certificateId: null }),
          ],
          '2026-11-20',
        ),
      ).map((x) => x.key),
    ).toEqual(['incomplete']);
    expect(
      run(
        A4,
        facts(
          [
            accepted,
            decided('2026-11-06 10:00', 'REJECTED'),
            result('2026-11-06 11:00', { title: '不予许可决定书', docNumber: '珠〔2026〕9号' }),
          ],
          '2026-11-20',
        ),
      ),
    ).toEqual([]);
  });

  it('does not ask a certificate of an approval whose item issues a numbered document — the payload the issue-result worker writes (v2)', () => {
    // given an item whose result is a 批复 (not an e-certificate), approved, and the worker's payload: certificateId null
    const plain = { ...ITEM, eCertResult: false };
    const issued = result('2026-11-06 11:00', {
      title: '建设项目用地预审与选址意见书',
      docNumber: '珠ZH_ZRZYJ〔2026〕00001号',
      certificateId: null,
    });
    // then nothing is missing
    expect(run(A4, facts([accepted, decided('2026-11-06 10:00'), issued], '2026-11-20', { item: plain }))).toEqual([]);
    // but the same result without a number is incomplete, and an e-certificate item with that payload still is
    const unnumbered = result('2026-11-06 11:00', { title: '批复', docNumber: '', certificateId: null });
    expect(
      run(A4, facts([accepted, decided('2026-11-06 10:00'), unnumbered], '2026-11-20', { item: plain })).map((x) => [
        x.key,
        x.message,
      ]),
    ).toEqual([['incomplete', '准予许可的结果文书缺少文号']]);
    expect(run(A4, facts([accepted, decided('2026-11-06 10:00'), issued], '2026-11-20')).map((x) => x.key)).toEqual([
      'incomplete',
    ]);
  });

  it('flags a result issued after the grace period as missing', () => {
    expect(
      run(A4, facts([accepted, decided('2026-11-06 10:00'), result('2026-11-12 11:00')], '2026-11-20')).map(
        (x) => x.key,
      ),
    ).toEqual(['missing']);
  });
});

describe('A5 初步核对后撤件', () => {
  const passed = events(
    [
      { type: 'SUBMITTED', at: '2026-11-01 09:00' },
      { type: 'PRECHECKED', at: '2026-11-01 10:00', payload: { results: [{ materialId: 'M1', status: 'OK' }] } },
    ],
    'A1',
  );
  const missing = events(
    [{ type: 'PRECHECKED', at: '2026-11-01 10:00', payload: { results: [{ materialId: 'M1', status: 'MISSING' }] } }],
    'A1',
  );
  const withdrawn: EventSpec = { type: 'WITHDRAWN', at: '2026-11-05 10:00' };

  it('flags a withdrawal after acceptance (MEDIUM), HIGH when the same project + item is resubmitted within 30 days', () => {
    expect(run(A5, facts([accepted, withdrawn], '2026-11-06'))).toEqual([
      expect.objectContaining({ severity: 'MEDIUM', evidenceSeqs: [1, 2] }),
    ]);
    const siblings = [{ caseId: 'C2', submittedAt: sh('2026-11-20'), finishedAt: null, resultDocNumber: null }];
    expect(run(A5, facts([accepted, withdrawn], '2026-11-21', { siblings }))[0]?.severity).toBe('HIGH');
    expect(
      run(
        A5,
        facts([accepted, withdrawn], '2027-01-21', { siblings: [{ ...siblings[0]!, submittedAt: sh('2027-01-20') }] }),
      )[0]?.severity,
    ).toBe('MEDIUM');
  });

  it('flags a withdrawal after a passed 初步核对 but not after one with missing materials', () => {
    expect(run(A5, facts([withdrawn], '2026-11-06', { applicationEvents: passed }))).toHaveLength(1);
    expect(run(A5, facts([withdrawn], '2026-11-06', { applicationEvents: missing }))).toEqual([]);
  });
});

describe('A6 初步核对通过不予受理', () => {
  const refused: EventSpec = { type: 'NOT_ACCEPTED', at: '2026-11-03', payload: { reason: '不符合' } };
  it('flags a refusal after a passed check; not after a check with missing materials', () => {
    const passed = events(
      [{ type: 'PRECHECKED', at: '2026-11-01 10:00', payload: { results: [{ materialId: 'M1', status: 'REUSED' }] } }],
      'A1',
    );
    const missing = events(
      [
        {
          type: 'PRECHECKED',
          at: '2026-11-01 10:00',
          payload: { results: [{ materialId: 'M1', status: 'DEFECTIVE' }] },
        },
      ],
      'A1',
    );
    expect(run(A6, facts([refused], '2026-11-04', { applicationEvents: passed }))).toHaveLength(1);
    expect(run(A6, facts([refused], '2026-11-04', { applicationEvents: missing }))).toEqual([]);
  });
});

describe('A7 办结后补齐补正', () => {
  it('flags a supplement with a business time after the finish, or recorded after it; not one before', () => {
    const late: EventSpec = { type: 'SUPPLEMENT_RECEIVED', at: '2026-11-09', recorded: '2026-11-09' };
    const backdated: EventSpec = {
      type: 'SUPPLEMENT_REQUESTED',
      at: '2026-11-04',
      recorded: '2026-11-09',
      payload: { missing: ['M1'] },
    };
    const before: EventSpec = { type: 'SUPPLEMENT_REQUESTED', at: '2026-11-04', payload: { missing: ['M1'] } };
    const dec = decided('2026-11-06 10:00');
    expect(run(A7, facts([accepted, dec, late], '2026-11-10')).map((x) => x.evidenceSeqs)).toEqual([[2, 3]]);
    expect(run(A7, facts([accepted, dec, backdated], '2026-11-10'))).toHaveLength(1);
    expect(run(A7, facts([accepted, before, dec], '2026-11-10'))).toEqual([]);
  });
});

describe('A8 线下审批线上补录', () => {
  it('flags a step recorded more than one working day after its business time; not one recorded the next working day', () => {
    expect(
      run(A8, facts([{ type: 'ACCEPTED', at: '2026-11-02 09:00', recorded: '2026-11-04 09:00' }], '2026-11-05')).map(
        (x) => x.key,
      ),
    ).toEqual(['event:1']);
    expect(
      run(A8, facts([{ type: 'ACCEPTED', at: '2026-11-06 09:00', recorded: '2026-11-09 09:00' }], '2026-11-10')),
    ).toEqual([]);
  });

  it('flags a case whose steps were all recorded within 15 minutes though their business times span days', () => {
    const burst: EventSpec[] = [
      { type: 'ACCEPTED', at: '2026-11-02 09:00', recorded: '2026-11-03 16:00' },
      { type: 'REVIEW_STARTED', at: '2026-11-03 09:00', recorded: '2026-11-03 16:05' },
      {
        type: 'OPINION_RECORDED',
        at: '2026-11-03 11:00',
        recorded: '2026-11-03 16:10',
        payload: { opinion: '同意,材料符合要求,准予许可' },
      },
    ];
    expect(run(A8, facts(burst, '2026-11-04')).map((x) => x.key)).toEqual(['burst']);
    const live = burst.map((e) => ({ ...e, recorded: e.at }));
    expect(run(A8, facts(live, '2026-11-04'))).toEqual([]);
  });
});

describe('A9 违规暂停', () => {
  it('flags a pause without its notice, type or reason; not a complete one', () => {
    const bad: EventSpec[] = [
      accepted,
      { type: 'SUPPLEMENT_REQUESTED', at: '2026-11-03', payload: { missing: [] } },
      { type: 'SPECIAL_PROCEDURE_STARTED', at: '2026-11-04', payload: { limit: 5 } },
      { type: 'EXTENDED', at: '2026-11-05', payload: { days: 3 } },
    ];
    expect(run(A9, facts(bad, '2026-11-06')).map((x) => x.key)).toEqual(['event:2', 'event:3', 'event:4']);
    const good: EventSpec[] = [
      accepted,
      { type: 'SUPPLEMENT_REQUESTED', at: '2026-11-03', payload: { missing: ['M1'] } },
      { type: 'SPECIAL_PROCEDURE_STARTED', at: '2026-11-04', payload: { type: 'EXPERT_REVIEW', limit: 5, unit: 'WD' } },
      { type: 'EXTENDED', at: '2026-11-05', payload: { days: 3, reason: '材料较多' } },
    ];
    expect(run(A9, facts(good, '2026-11-06'))).toEqual([]);
  });
});

describe('A10 省级推送超时', () => {
  it('flags a push 6 minutes late and one still pending after 5 minutes; not one in 4 minutes', () => {
    const syncs = [
      { seq: 1, recordedAt: sh('2026-11-02 09:00'), syncedAt: sh('2026-11-02 09:06') },
      { seq: 2, recordedAt: sh('2026-11-02 09:00'), syncedAt: sh('2026-11-02 09:04') },
      { seq: 3, recordedAt: sh('2026-11-02 09:00'), syncedAt: null },
    ];
    expect(run(A10, facts([accepted], '2026-11-02 09:10', { syncs })).map((x) => x.key)).toEqual(['sync:1', 'sync:3']);
    expect(run(A10, facts([accepted], '2026-11-02 09:04', { syncs: [syncs[2]!] }))).toEqual([]);
  });
});

describe('parameters and the flag record', () => {
  it('city overrides apply, the item override wins, and the flag keeps the snapshot and version', () => {
    const overrides = {
      city: { A1: { min_case_dwell_s: 300 } },
      items: { 'ZH-S3-03': { A1: { min_case_dwell_s: 120 } } },
    };
    expect(paramsFor(A1, 'OTHER', overrides).min_case_dwell_s).toBe(300);
    expect(paramsFor(A1, 'ZH-S3-03', overrides).min_case_dwell_s).toBe(120);
    // a 3-minute decision is not 秒办 under the item's 120 s
    const f = facts([accepted, decided('2026-11-02 09:03'), result('2026-11-02 09:04')], '2026-11-03');
    expect(evaluateCase(f, overrides).filter((x) => x.rule === 'A1')).toEqual([]);
    const [flag] = evaluateCase(f).filter((x) => x.rule === 'A1');
    expect(flag).toMatchObject({
      rule: 'A1',
      ruleVersion: 1,
      caseId: 'C1',
      params: { min_case_dwell_s: 600 },
      evidenceSeqs: [1, 2],
    });
  });

  it('a clean case raises no flag at all', () => {
    const clean: EventSpec[] = [
      accepted,
      { type: 'REVIEW_STARTED', at: '2026-11-02 10:00' },
      { type: 'OPINION_RECORDED', at: '2026-11-04 15:00', payload: { opinion: '经审查,材料齐全,符合法定条件' } },
      decided('2026-11-05 10:00'),
      result('2026-11-05 11:00'),
    ];
    expect(
      evaluateCase(facts(clean, '2026-11-20', { admin: { limitDays: 10, extensionDays: 0, elapsedDays: 3 } })),
    ).toEqual([]);
  });
});
