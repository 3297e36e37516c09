import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { CASE_EVENT_TYPES, blztOf, type AggregateKind, type CaseEventType } from './case-event.ts';
import { APPLICATION_PATHS, ITEM_CASE_PATHS, valid, type ev } from './case-event.fixture.ts';
import {
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  ITEM_CASE_STATES,
  ITEM_CASE_TRANSITIONS,
  applyCaseEvent,
  assertBusinessTime,
  blztAfter,
  foldCase,
  project,
} from './case-lifecycle.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return undefined;
};

describe.each<
  [
    AggregateKind,
    readonly string[],
    Record<string, Partial<Record<CaseEventType, string>>>,
    Record<string, ReturnType<typeof ev>[]>,
  ]
>([
  ['APPLICATION', APPLICATION_STATES, APPLICATION_TRANSITIONS, APPLICATION_PATHS],
  ['CASE', ITEM_CASE_STATES, ITEM_CASE_TRANSITIONS, ITEM_CASE_PATHS],
])('%s: every state × every event', (kind, states, table, paths) => {
  it.each(states.map((s) => [s]))('from %s, exactly the events of the table pass the transition check', (state) => {
    // given the aggregate folded into the state
    const p = foldCase(kind, paths[state]!);
    expect(p.state).toBe(state);
    for (const type of CASE_EVENT_TYPES) {
      // when each event type is applied with a payload its type accepts
      const code = codeOf(() => applyCaseEvent(p, valid(type)));
      // then the table decides: a missing pair is CASE_ILLEGAL_TRANSITION, a listed one never is
      if (type in table[state]!) expect(code, `${state} × ${type}`).not.toBe('CASE_ILLEGAL_TRANSITION');
      else expect(code, `${state} × ${type}`).toBe('CASE_ILLEGAL_TRANSITION');
    }
  });
});

describe('terminal states', () => {
  it.each([
    ['APPLICATION', 'WITHDRAWN'],
    ['CASE', 'NOT_ACCEPTED'],
    ['CASE', 'WITHDRAWN'],
    ['CASE', 'REVOKED'],
  ] as const)('%s %s accepts nothing', (kind, state) => {
    // given / when / then
    const table = (kind === 'APPLICATION' ? APPLICATION_TRANSITIONS : ITEM_CASE_TRANSITIONS) as Record<string, object>;
    expect(Object.keys(table[state]!)).toEqual([]);
  });

  it('the illegal-transition error names the state and the event', () => {
    // given a decided case
    const p = foldCase('CASE', ITEM_CASE_PATHS.DECIDED);
    // when a supplement is requested
    // then
    expect(() => applyCaseEvent(p, valid('SUPPLEMENT_REQUESTED'))).toThrow(
      expect.objectContaining({
        code: 'CASE_ILLEGAL_TRANSITION',
        message: 'SUPPLEMENT_REQUESTED is not allowed when the case is DECIDED',
        details: { state: 'DECIDED', event: 'SUPPLEMENT_REQUESTED', aggregate: 'CASE' },
      }),
    );
  });
});

describe('BLZT', () => {
  it.each<[CaseEventType, Record<string, unknown>, boolean, number | null]>([
    ['SUBMITTED', {}, false, 1],
    ['WITHDRAWN', {}, false, 2],
    ['RECEIPT', {}, false, 3],
    ['ACCEPTED', {}, false, 3],
    ['NOT_ACCEPTED', { form: 'NOT_RECEIVED' }, false, 4],
    ['NOT_ACCEPTED', {}, false, 5],
    ['SUPPLEMENT_NOTICE', {}, false, 6],
    ['SUPPLEMENT_REQUESTED', {}, true, 6],
    ['SUPPLEMENT_RECEIVED', {}, true, 7],
    ['REVIEW_STARTED', {}, true, 8],
    ['SPECIAL_PROCEDURE_STARTED', {}, true, 9],
    ['SPECIAL_PROCEDURE_FINISHED', {}, true, 10],
    ['DECIDED', { decision: 'APPROVED' }, true, 11],
    ['DECIDED', { decision: 'APPROVED_WITH_CONDITIONS' }, true, 12],
    ['DECIDED', { decision: 'REJECTED' }, true, 13],
    ['WITHDRAWN', {}, true, 14],
    ['REVOKED', {}, true, 15],
    ['PRECHECKED', {}, false, null],
    ['EXTENDED', {}, true, null],
    ['RECTIFIED', {}, true, null],
    ['OPINION_RECORDED', {}, true, null],
    ['JOINT_REVIEWED', {}, true, null],
    ['DECIDED', { decisions: [] }, true, null],
    ['RESULT_ISSUED', {}, true, null],
    ['DELIVERED', {}, true, null],
  ])('%s %j (accepted before: %s) is %s', (type, payload, accepted, code) => {
    // given / when / then
    expect(blztOf({ type, payload, accepted })).toBe(code);
  });

  it('withdrawal is 撤件 (2) before acceptance and 撤回 (14) after, from the projection', () => {
    // given a submitted application, a pending case and a case under review
    // when each is withdrawn
    // then
    expect(blztAfter(foldCase('APPLICATION', APPLICATION_PATHS.SUPPLEMENT_PENDING), valid('WITHDRAWN'))).toBe(2);
    expect(blztAfter(foldCase('APPLICATION', APPLICATION_PATHS.RECEIVED), valid('WITHDRAWN'))).toBe(14);
    expect(blztAfter(foldCase('CASE', []), valid('WITHDRAWN'))).toBe(2);
    expect(blztAfter(foldCase('CASE', ITEM_CASE_PATHS.IN_REVIEW), valid('WITHDRAWN'))).toBe(14);
  });
});

describe('project', () => {
  it('is the state name of the fold', () => {
    // given / when / then
    expect(project('CASE', ITEM_CASE_PATHS.DELIVERED)).toBe('DELIVERED');
    expect(project('APPLICATION', [])).toBe('NEW');
  });
});

describe('assertBusinessTime', () => {
  const recordedAt = new Date('2026-11-28T02:00:00Z');
  it('allows a business time before the record time', () => {
    // given / when / then
    expect(() => assertBusinessTime(new Date('2026-11-27T08:00:00Z'), recordedAt, null)).not.toThrow();
    expect(() => assertBusinessTime(new Date('2026-11-28T02:04:00Z'), recordedAt, null)).not.toThrow();
  });

  it('refuses a business time in the future or before the previous event', () => {
    // given / when / then
    expect(codeOf(() => assertBusinessTime(new Date('2026-11-28T03:00:00Z'), recordedAt, null))).toBe(
      'CASE_BUSINESS_TIME',
    );
    expect(
      codeOf(() => assertBusinessTime(new Date('2026-11-27T00:00:00Z'), recordedAt, new Date('2026-11-27T08:00:00Z'))),
    ).toBe('CASE_BUSINESS_TIME');
  });
});
