import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { CASE_EVENT_TYPES, blztOf, type CaseEventType } from './case-event.ts';
import { ITEM_CASE_TRANSITIONS, project, transition } from './case-lifecycle.ts';

const ev = (type: CaseEventType, payload: Record<string, unknown> = {}) => ({ type, payload });

describe('item case lifecycle', () => {
  it('runs the whole path from acceptance to delivery', () => {
    // given the events of a case with a supplement, a special procedure and an extension
    const events = [ev('ACCEPTED'), ev('REVIEW_STARTED'), ev('SUPPLEMENT_REQUESTED'), ev('EXTENDED'), ev('SUPPLEMENT_RECEIVED'),
      ev('SPECIAL_PROCEDURE_STARTED'), ev('SPECIAL_PROCEDURE_FINISHED', { result: 'PASS' }), ev('OPINION_RECORDED'),
      ev('DECIDED', { decision: 'APPROVED' }), ev('RESULT_ISSUED'), ev('DELIVERED')];
    // then the projection ends delivered
    expect(project('CASE', events)).toBe('DELIVERED');
  });

  it('a failed special procedure waits for rectification', () => {
    expect(project('CASE', [ev('ACCEPTED'), ev('REVIEW_STARTED'), ev('SPECIAL_PROCEDURE_STARTED'), ev('SPECIAL_PROCEDURE_FINISHED', { result: 'FAIL' })])).toBe('RECTIFICATION');
    expect(project('CASE', [ev('ACCEPTED'), ev('REVIEW_STARTED'), ev('SPECIAL_PROCEDURE_STARTED'), ev('SPECIAL_PROCEDURE_FINISHED', { result: 'FAIL' }), ev('RECTIFIED')])).toBe('IN_REVIEW');
  });

  it('refuses every transition the table does not name, with a code', () => {
    // a table test over every state × event
    for (const [state, allowed] of Object.entries(ITEM_CASE_TRANSITIONS)) {
      for (const type of CASE_EVENT_TYPES) {
        if (allowed && type in allowed) continue;
        if (state === 'SPECIAL_PROCEDURE' && type === 'SPECIAL_PROCEDURE_FINISHED') continue;
        const attempt = () => transition('CASE', state, ev(type));
        expect(attempt, `${state} × ${type}`).toThrow(DomainError);
        try { attempt(); } catch (err) { expect((err as DomainError).code).toBe('CASE_ILLEGAL_TRANSITION'); }
      }
    }
  });

  it('an application is received only once its supplement came back', () => {
    expect(project('APPLICATION', [ev('SUBMITTED'), ev('PRECHECKED'), ev('SUPPLEMENT_NOTICE'), ev('SUPPLEMENT_RECEIVED'), ev('PRECHECKED'), ev('RECEIPT')])).toBe('RECEIVED');
    expect(() => project('APPLICATION', [ev('SUPPLEMENT_NOTICE'), ev('RECEIPT')])).toThrow(/RECEIPT is not allowed/);
  });

  it('maps events to the provincial BLZT codes', () => {
    expect(blztOf(ev('SUBMITTED'))).toBe(1);
    expect(blztOf(ev('ACCEPTED'))).toBe(3);
    expect(blztOf(ev('SUPPLEMENT_REQUESTED'))).toBe(6);
    expect(blztOf(ev('SPECIAL_PROCEDURE_STARTED'))).toBe(9);
    expect(blztOf(ev('DECIDED', { decision: 'APPROVED' }))).toBe(11);
    expect(blztOf(ev('DECIDED', { decision: 'APPROVED_WITH_CONDITIONS' }))).toBe(12);
    expect(blztOf(ev('DECIDED', { decision: 'REJECTED' }))).toBe(13);
    expect(blztOf({ ...ev('WITHDRAWN'), accepted: false })).toBe(2);
    expect(blztOf({ ...ev('WITHDRAWN'), accepted: true })).toBe(14);
    expect(blztOf(ev('REVOKED'))).toBe(15);
    expect(blztOf(ev('OPINION_RECORDED'))).toBeNull();
  });
});
