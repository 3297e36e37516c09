import { describe, expect, it } from 'vitest';
import { P1, P2, P3, P4 } from './procedure-rules.ts';
import { events, facts, REVIEWER, type EventSpec } from './case-facts.fixture.ts';

const accepted: EventSpec = { type: 'ACCEPTED', at: '2026-11-02 09:00' };

describe('P1 非事项实施部门办理', () => {
  it('flags a review step by another department; not the item department, not the window', () => {
    const other = { userId: 'x', role: 'REVIEWER', departmentCode: 'ZH_ZRZYJ' };
    const window = { userId: 'w', role: 'WINDOW', departmentCode: 'ZH_ZWFW' };
    const log: EventSpec[] = [
      { ...accepted, actor: window },
      { type: 'REVIEW_STARTED', at: '2026-11-02 10:00', actor: other },
      { type: 'OPINION_RECORDED', at: '2026-11-03', actor: REVIEWER, payload: { opinion: '同意' } },
    ];
    expect(P1.evaluate(facts(log, '2026-11-04'), {}).map((f) => f.key)).toEqual(['event:2']);
  });
});

describe('P2 事项不允许的特别程序', () => {
  it('flags a hearing the item does not allow; not its expert review', () => {
    const log = (type: string): EventSpec[] => [
      accepted,
      { type: 'SPECIAL_PROCEDURE_STARTED', at: '2026-11-03', payload: { type, limit: 10, unit: 'WD' } },
    ];
    expect(P2.evaluate(facts(log('HEARING'), '2026-11-04'), {})).toHaveLength(1);
    expect(P2.evaluate(facts(log('EXPERT_REVIEW'), '2026-11-04'), {})).toEqual([]);
  });
});

describe('P3 时限超出目录', () => {
  it('flags a special limit above the catalogue cap or in another unit, and an admin limit above the promise', () => {
    const log = (limit: number, unit = 'WD'): EventSpec[] => [
      accepted,
      { type: 'SPECIAL_PROCEDURE_STARTED', at: '2026-11-03', payload: { type: 'EXPERT_REVIEW', limit, unit } },
    ];
    expect(P3.evaluate(facts(log(25), '2026-11-04'), {}).map((f) => f.key)).toEqual(['event:2']);
    expect(P3.evaluate(facts(log(20, 'ND'), '2026-11-04'), {})).toHaveLength(1);
    expect(P3.evaluate(facts(log(20), '2026-11-04'), {})).toEqual([]);
    expect(
      P3.evaluate(
        facts([accepted], '2026-11-04', { admin: { limitDays: 15, extensionDays: 0, elapsedDays: 1 } }),
        {},
      ).map((f) => f.key),
    ).toEqual(['admin']);
    expect(
      P3.evaluate(facts([accepted], '2026-11-04', { admin: { limitDays: 10, extensionDays: 5, elapsedDays: 1 } }), {}),
    ).toEqual([]);
  });
});

describe('P4 受理时缺少必要材料', () => {
  const check = (at: string, missing: { materialId: string; itemCode: string; nameZh: string }[]): EventSpec => ({
    type: 'PRECHECKED',
    at,
    payload: { missing },
  });
  const m102 = { materialId: 'M102', itemCode: 'ZH-S3-03', nameZh: '施工图设计文件审查合格书' };
  const app = (...specs: EventSpec[]) => events([{ type: 'SUBMITTED', at: '2026-11-02 08:00' }, ...specs], 'A1');

  it('flags a receipt issued while the last check still listed a material of this item as missing', () => {
    const applicationEvents = app(check('2026-11-02 08:30', [m102]), { type: 'RECEIPT', at: '2026-11-02 09:00' });
    const flags = P4.evaluate(facts([accepted], '2026-11-03', { applicationEvents }), {});
    expect(flags.map((f) => [f.key, f.severity, f.evidenceSeqs])).toEqual([['intake', 'HIGH', [1]]]);
    expect(flags[0]!.message).toContain('施工图设计文件审查合格书');
  });

  it("does not flag when a later check found everything (the supplement came in), nor another item's missing material", () => {
    const supplemented = app(
      check('2026-11-02 08:30', [m102]),
      { type: 'SUPPLEMENT_NOTICE', at: '2026-11-02 08:31' },
      check('2026-11-03 09:00', []),
      { type: 'RECEIPT', at: '2026-11-03 09:05' },
    );
    expect(P4.evaluate(facts([accepted], '2026-11-04', { applicationEvents: supplemented }), {})).toEqual([]);
    const otherItem = app(check('2026-11-02 08:30', [{ ...m102, itemCode: 'ZH-S3-01' }]), {
      type: 'RECEIPT',
      at: '2026-11-02 09:00',
    });
    expect(P4.evaluate(facts([accepted], '2026-11-03', { applicationEvents: otherItem }), {})).toEqual([]);
    expect(
      P4.evaluate(facts([accepted], '2026-11-03', { applicationEvents: app(check('2026-11-02 08:30', [m102])) }), {}),
    ).toEqual([]);
  });
});
