import { describe, expect, it } from 'vitest';
import { indexCatalog } from '../catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../catalog/zhuhai-catalog.data.ts';
import { ev, notice, precheck, supplemented, valid } from './case-event.fixture.ts';
import { applyApplicationEvent, foldApplication } from './application-lifecycle.ts';
import { initialCheck } from './initial-check.ts';

const catalog = indexCatalog(ZHUHAI_CATALOG);
const submitted = ev('SUBMITTED', { channel: 'window', items: ['ZH-S3-03'] });

describe('stage application', () => {
  it('happy path: submitted at the window, checked complete, received', () => {
    // given a window submission whose check finds nothing missing and one material reused
    const at = new Date('2026-11-28T02:00:00Z');
    // when the receipt is issued
    const p = foldApplication([submitted, precheck([], ['M101']), { ...valid('RECEIPT'), businessTime: at }]);
    // then it is received under the window channel
    expect(p).toMatchObject({
      state: 'RECEIVED',
      channel: 'window',
      items: ['ZH-S3-03'],
      receivedAt: at,
      notices: [],
      seq: 3,
    });
  });

  it('refuses a submission without channel or items', () => {
    // given / when / then
    expect(() => foldApplication([ev('SUBMITTED', { items: ['ZH-S3-03'] })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'SUBMITTED', field: 'channel' } }),
    );
    expect(() => foldApplication([ev('SUBMITTED', { channel: 'online', items: [] })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID' }),
    );
  });

  it('supplement before receipt: the notice lists every missing material, never a reused one', () => {
    // given 施工许可 with M100 and M104 uploaded, M104 found defective, and the 规划许可 e-certificate held
    const check = initialCheck(
      [catalog.item('ZH-S3-03')],
      ['M100', 'M104'],
      [{ certificateOf: 'ZH-S2-01' }],
      [{ materialId: 'M104', ok: false, note: '承诺书未盖章' }],
    );
    const checked = [submitted, ev('PRECHECKED', { results: check.results })];
    // when the notice lists the check's missing list
    const p = foldApplication([...checked, ev('SUPPLEMENT_NOTICE', { missing: check.missing })]);
    // then it stands, and it lists M102, M103 and the defective M104 but not the reused M101
    expect(p.state).toBe('SUPPLEMENT_PENDING');
    expect(p.notices).toEqual([['M102', 'M103', 'M104']]);
    // and a notice leaving one out, or asking for the reused one, is refused
    expect(() => foldApplication([...checked, notice('M102', 'M104')])).toThrow(
      expect.objectContaining({ code: 'CASE_NOTICE_INCOMPLETE', details: { field: 'missing', materials: ['M103'] } }),
    );
    expect(() => foldApplication([...checked, notice('M101', 'M102', 'M103', 'M104')])).toThrow(
      expect.objectContaining({ code: 'CASE_NOTICE_LISTS_REUSED', details: { field: 'missing', materials: ['M101'] } }),
    );
  });

  it('a second notice may repeat the first or name supplemented materials found defective, nothing new', () => {
    // given a first notice for M102 and M103, and a supplement of M102, M103 and a re-upload of M100
    const first = [submitted, precheck(['M102', 'M103']), notice('M102', 'M103'), supplemented('M102', 'M103', 'M100')];
    // when the second check finds M103 still wrong and the re-uploaded M100 defective
    const p = foldApplication([...first, precheck(['M103', 'M100']), notice('M103', 'M100')]);
    // then the second notice stands
    expect(p.notices).toEqual([
      ['M102', 'M103'],
      ['M103', 'M100'],
    ]);
    // but a material neither noticed before nor supplemented should have been in the first notice
    expect(() => foldApplication([...first, precheck(['M104']), notice('M104')])).toThrow(
      expect.objectContaining({
        code: 'CASE_NOTICE_NOT_ONE_TIME',
        details: { field: 'missing', materials: ['M104'], round: 2 },
      }),
    );
  });

  it('the receipt needs a complete check since the last supplement', () => {
    // given a supplement handed in after a notice
    const pending = [submitted, precheck(['M102']), notice('M102'), supplemented('M102')];
    // when the receipt comes before a new check, or after a check still finding gaps
    // then both are refused; after a clean check it is issued
    expect(() => foldApplication([...pending, valid('RECEIPT')])).toThrow(
      expect.objectContaining({ code: 'CASE_PRECHECK_REQUIRED' }),
    );
    expect(() => foldApplication([submitted, precheck(['M102']), valid('RECEIPT')])).toThrow(
      expect.objectContaining({ code: 'CASE_RECEIPT_INCOMPLETE', details: { field: 'missing', materials: ['M102'] } }),
    );
    expect(foldApplication([...pending, precheck([]), valid('RECEIPT')]).state).toBe('RECEIVED');
  });

  it('a notice needs a check first', () => {
    // given / when / then
    expect(() => foldApplication([submitted, notice('M100')])).toThrow(
      expect.objectContaining({ code: 'CASE_PRECHECK_REQUIRED' }),
    );
  });

  it("reads the intake worker's check shape: window checks, missing and reused lists", () => {
    // given a check with the window's verdicts and lists of objects
    const checked = foldApplication([
      submitted,
      ev('PRECHECKED', {
        checks: [{ materialId: 'M104', ok: false, note: '未盖章' }],
        missing: [{ materialId: 'M102', nameZh: '中标通知书', itemCode: 'ZH-S3-03', reason: '未提交' }],
        reused: [{ materialId: 'M101', ref: 'E_CERT:ZH-S2-01' }],
      }),
    ]);
    // when / then the findings count both missing and defective
    expect(checked.precheck).toEqual({ missing: ['M102', 'M104'], reused: ['M101'] });
    expect(() =>
      applyApplicationEvent(checked, ev('PRECHECKED', { results: [{ materialId: 'M1', status: 'LOST' }] })),
    ).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'PRECHECKED', field: 'results[0]' } }),
    );
  });

  it('withdrawal before receipt, and delivery after the decision', () => {
    // given / when / then
    expect(foldApplication([submitted, precheck(['M102']), notice('M102'), valid('WITHDRAWN')]).state).toBe(
      'WITHDRAWN',
    );
    const decided = [
      submitted,
      precheck([]),
      valid('RECEIPT'),
      valid('JOINT_REVIEWED'),
      ev('DECIDED', { decisions: [] }),
    ];
    expect(
      foldApplication([...decided, ev('DELIVERED', { method: 'mail', trackingNumber: 'EMS1234567890' })]).delivery,
    ).toBe('mail');
    expect(() => foldApplication([...decided, ev('DELIVERED', { method: 'mail' })])).toThrow(
      expect.objectContaining({
        code: 'CASE_PAYLOAD_INVALID',
        details: { event: 'DELIVERED', field: 'trackingNumber' },
      }),
    );
  });
});
