import { describe, expect, it } from 'vitest';
import { blztOf } from './case-event.ts';
import { ITEM_CASE_PATHS, ev, valid } from './case-event.fixture.ts';
import { foldItemCase } from './item-case-lifecycle.ts';

const t = (day: number) => new Date(Date.UTC(2026, 10, day, 2));
const accepted = { ...ev('ACCEPTED', { caseNumber: 'ZH2026112800123' }), businessTime: t(2) };
const inReview = [accepted, valid('REVIEW_STARTED')];
const blzt = (events: ReturnType<typeof ev>[]) => events.map((e) => blztOf({ ...e, accepted: true }));

describe('item case', () => {
  it('happy path: accepted, reviewed, approved, result issued, collected at the window', () => {
    // given the whole path
    const events = [
      ...inReview,
      valid('OPINION_RECORDED'),
      { ...ev('DECIDED', { decision: 'APPROVED' }), businessTime: t(5) },
      ev('RESULT_ISSUED', { title: '建筑工程施工许可证', certificateId: '1.2.156.3005.2.X' }),
      ev('DELIVERED', { method: 'pickup', recipient: '李四' }),
    ];
    // when folded
    const p = foldItemCase(events);
    // then delivered, with the projection's facts and the BLZT trail
    expect(p).toMatchObject({
      state: 'DELIVERED',
      caseNumber: 'ZH2026112800123',
      acceptedAt: t(2),
      decision: 'APPROVED',
      decidedAt: t(5),
      delivery: 'pickup',
      seq: 6,
    });
    expect(blzt(events)).toEqual([3, 8, null, 11, null, null]);
  });

  it('acceptance needs a well-formed case number; refusal and revocation a reason', () => {
    // given / when / then
    expect(() => foldItemCase([ev('ACCEPTED', { caseNumber: 'ZH-1' })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'ACCEPTED', field: 'caseNumber' } }),
    );
    expect(() => foldItemCase([ev('NOT_ACCEPTED')])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'NOT_ACCEPTED', field: 'reason' } }),
    );
    expect(foldItemCase([valid('NOT_ACCEPTED')]).state).toBe('NOT_ACCEPTED');
  });

  it('supplement after acceptance: requested, received, back in review; a later request adds nothing new', () => {
    // given a request for M091 and the supplement
    const round = [
      ...inReview,
      ev('SUPPLEMENT_REQUESTED', { missing: ['M091'] }),
      ev('SUPPLEMENT_RECEIVED', { materials: ['M091'] }),
    ];
    // when folded
    const p = foldItemCase(round);
    // then back in review with one request on record
    expect(p).toMatchObject({ state: 'IN_REVIEW', supplementRequests: [['M091']], supplemented: ['M091'] });
    // and a second request may ask again for M091, but not for M090 which the first left out
    expect(foldItemCase([...round, ev('SUPPLEMENT_REQUESTED', { missing: ['M091'] })]).state).toBe(
      'SUPPLEMENT_PENDING',
    );
    expect(() => foldItemCase([...round, ev('SUPPLEMENT_REQUESTED', { missing: ['M090'] })])).toThrow(
      expect.objectContaining({ code: 'CASE_NOTICE_NOT_ONE_TIME' }),
    );
    expect(() => foldItemCase([...inReview, ev('SUPPLEMENT_REQUESTED', { missing: [] })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID' }),
    );
  });

  it('special procedure: type, limit and unit told; PASS back to review, FAIL to rectification', () => {
    // given a started expert review
    const started = [...inReview, { ...valid('SPECIAL_PROCEDURE_STARTED'), businessTime: t(3) }];
    // when it passes, or fails and is rectified
    const passed = foldItemCase([...started, ev('SPECIAL_PROCEDURE_FINISHED', { result: 'PASS' })]);
    const failed = foldItemCase([...started, ev('SPECIAL_PROCEDURE_FINISHED', { result: 'FAIL' })]);
    const rectified = foldItemCase([
      ...started,
      ev('SPECIAL_PROCEDURE_FINISHED', { result: 'FAIL' }),
      valid('RECTIFIED'),
    ]);
    // then
    expect(foldItemCase(started).specialProcedure).toEqual({
      type: 'EXPERT_REVIEW',
      limit: 20,
      unit: 'WD',
      startedAt: t(3),
    });
    expect(passed).toMatchObject({ state: 'IN_REVIEW', specialProcedure: null, specialProcedureCount: 1 });
    expect(failed.state).toBe('RECTIFICATION');
    expect(rectified.state).toBe('IN_REVIEW');
    expect(blzt([valid('SPECIAL_PROCEDURE_STARTED'), valid('SPECIAL_PROCEDURE_FINISHED')])).toEqual([9, 10]);
  });

  it('a special procedure without its unit, or finished without a result, is refused', () => {
    // given / when / then
    expect(() => foldItemCase([...inReview, ev('SPECIAL_PROCEDURE_STARTED', { type: 'HEARING', limit: 20 })])).toThrow(
      expect.objectContaining({
        code: 'CASE_PAYLOAD_INVALID',
        details: { event: 'SPECIAL_PROCEDURE_STARTED', field: 'unit' },
      }),
    );
    expect(() =>
      foldItemCase([...inReview, valid('SPECIAL_PROCEDURE_STARTED'), ev('SPECIAL_PROCEDURE_FINISHED')]),
    ).toThrow(
      expect.objectContaining({
        code: 'CASE_PAYLOAD_INVALID',
        details: { event: 'SPECIAL_PROCEDURE_FINISHED', field: 'result' },
      }),
    );
  });

  it('after a failed special procedure the case may only be rejected', () => {
    // given a case in rectification
    const rectification = ITEM_CASE_PATHS.RECTIFICATION;
    // when / then
    expect(foldItemCase([...rectification, ev('DECIDED', { decision: 'REJECTED' })]).decision).toBe('REJECTED');
    expect(() => foldItemCase([...rectification, ev('DECIDED', { decision: 'APPROVED' })])).toThrow(
      expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }),
    );
  });

  it('extensions add working days with a reason, in review or while waiting for a supplement', () => {
    // given / when
    const p = foldItemCase([
      ...inReview,
      valid('EXTENDED'),
      valid('SUPPLEMENT_REQUESTED'),
      ev('EXTENDED', { days: 2, reason: '牵头部门协调' }),
    ]);
    // then
    expect(p).toMatchObject({ state: 'SUPPLEMENT_PENDING', extensionDays: 5 });
    expect(() => foldItemCase([...inReview, ev('EXTENDED', { days: 0, reason: 'x' })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'EXTENDED', field: 'days' } }),
    );
    expect(() => foldItemCase([...inReview, ev('EXTENDED', { days: 2 })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'EXTENDED', field: 'reason' } }),
    );
  });

  it('rejection: decided REJECTED (13), the refusal document issued, posted', () => {
    // given / when
    const events = [
      ...inReview,
      valid('OPINION_RECORDED'),
      ev('DECIDED', { decision: 'REJECTED' }),
      valid('RESULT_ISSUED'),
      ev('DELIVERED', { method: 'mail', trackingNumber: 'EMS9' }),
    ];
    const p = foldItemCase(events);
    // then
    expect(p).toMatchObject({ state: 'DELIVERED', decision: 'REJECTED', delivery: 'mail' });
    expect(blzt(events)[3]).toBe(13);
    expect(() => foldItemCase([...inReview, ev('DECIDED', { decision: 'MAYBE' })])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'DECIDED', field: 'decision' } }),
    );
  });

  it('withdrawal while open; not after the decision', () => {
    // given / when / then
    for (const state of [
      'PENDING',
      'ACCEPTED',
      'IN_REVIEW',
      'SUPPLEMENT_PENDING',
      'SPECIAL_PROCEDURE',
      'RECTIFICATION',
      'OPINION_GIVEN',
    ] as const) {
      expect(foldItemCase([...ITEM_CASE_PATHS[state], valid('WITHDRAWN')]).state, state).toBe('WITHDRAWN');
    }
    expect(() => foldItemCase([...ITEM_CASE_PATHS.DECIDED, valid('WITHDRAWN')])).toThrow(
      expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }),
    );
  });

  it('revocation after the decision, with a reason (15)', () => {
    // given / when / then
    expect(foldItemCase([...ITEM_CASE_PATHS.DELIVERED, valid('REVOKED')]).state).toBe('REVOKED');
    expect(() => foldItemCase([...ITEM_CASE_PATHS.DELIVERED, ev('REVOKED')])).toThrow(
      expect.objectContaining({ code: 'CASE_PAYLOAD_INVALID', details: { event: 'REVOKED', field: 'reason' } }),
    );
    expect(() => foldItemCase([...ITEM_CASE_PATHS.IN_REVIEW, valid('REVOKED')])).toThrow(
      expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }),
    );
    expect(blzt([valid('REVOKED')])).toEqual([15]);
  });
});
