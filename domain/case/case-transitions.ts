/**
 * The transition tables of a stage application and of an item case (办件): which event type may follow
 * which state, and the state it leads to. A pair not in the table is
 * DomainError('CASE_ILLEGAL_TRANSITION'). Payload rules and the one-time-notice rule sit on top of this
 * (application-lifecycle.ts, item-case-lifecycle.ts).
 */
import { DomainError } from '../errors.ts';
import type { AggregateKind, CaseEvent, CaseEventType } from './case-event.ts';

/**
 * NEW — nothing recorded yet · SUBMITTED — 已接件, waiting for (or after) 初步核对 · SUPPLEMENT_PENDING —
 * 补齐补正通知 issued · RECEIVED — 正式收件回执 issued, item cases under review · DECIDED — every item case
 * decided · WITHDRAWN — 撤件.
 */
export type ApplicationState = 'NEW' | 'SUBMITTED' | 'SUPPLEMENT_PENDING' | 'RECEIVED' | 'DECIDED' | 'WITHDRAWN';
export const APPLICATION_STATES: readonly ApplicationState[] = [
  'NEW',
  'SUBMITTED',
  'SUPPLEMENT_PENDING',
  'RECEIVED',
  'DECIDED',
  'WITHDRAWN',
];

/**
 * PENDING — created with the application, not yet accepted · ACCEPTED · NOT_ACCEPTED · IN_REVIEW ·
 * SUPPLEMENT_PENDING (受理后补件) · SPECIAL_PROCEDURE · RECTIFICATION (特别程序未通过, 整改) · OPINION_GIVEN ·
 * DECIDED · RESULT_ISSUED · DELIVERED · WITHDRAWN · REVOKED.
 */
export type ItemCaseState =
  | 'PENDING'
  | 'ACCEPTED'
  | 'NOT_ACCEPTED'
  | 'IN_REVIEW'
  | 'SUPPLEMENT_PENDING'
  | 'SPECIAL_PROCEDURE'
  | 'RECTIFICATION'
  | 'OPINION_GIVEN'
  | 'DECIDED'
  | 'RESULT_ISSUED'
  | 'DELIVERED'
  | 'WITHDRAWN'
  | 'REVOKED';
export const ITEM_CASE_STATES: readonly ItemCaseState[] = [
  'PENDING',
  'ACCEPTED',
  'NOT_ACCEPTED',
  'IN_REVIEW',
  'SUPPLEMENT_PENDING',
  'SPECIAL_PROCEDURE',
  'RECTIFICATION',
  'OPINION_GIVEN',
  'DECIDED',
  'RESULT_ISSUED',
  'DELIVERED',
  'WITHDRAWN',
  'REVOKED',
];

type Table<S extends string> = Record<S, Partial<Record<CaseEventType, S>>>;

/** An entry leading back to its own state is bookkeeping allowed in that state. */
export const APPLICATION_TRANSITIONS: Table<ApplicationState> = {
  NEW: { SUBMITTED: 'SUBMITTED' },
  SUBMITTED: {
    PRECHECKED: 'SUBMITTED',
    SUPPLEMENT_NOTICE: 'SUPPLEMENT_PENDING',
    RECEIPT: 'RECEIVED',
    WITHDRAWN: 'WITHDRAWN',
  },
  SUPPLEMENT_PENDING: { SUPPLEMENT_RECEIVED: 'SUBMITTED', WITHDRAWN: 'WITHDRAWN' },
  RECEIVED: { JOINT_REVIEWED: 'RECEIVED', DECIDED: 'DECIDED', WITHDRAWN: 'WITHDRAWN' },
  DECIDED: { DELIVERED: 'DECIDED' },
  WITHDRAWN: {},
};

/**
 * SPECIAL_PROCEDURE_FINISHED leads to IN_REVIEW on PASS and to RECTIFICATION on FAIL; DECIDED from
 * RECTIFICATION is only a rejection (不予许可 after a failed special procedure).
 */
export const ITEM_CASE_TRANSITIONS: Table<ItemCaseState> = {
  PENDING: { ACCEPTED: 'ACCEPTED', NOT_ACCEPTED: 'NOT_ACCEPTED', WITHDRAWN: 'WITHDRAWN' },
  ACCEPTED: { REVIEW_STARTED: 'IN_REVIEW', NOT_ACCEPTED: 'NOT_ACCEPTED', WITHDRAWN: 'WITHDRAWN' },
  IN_REVIEW: {
    SUPPLEMENT_REQUESTED: 'SUPPLEMENT_PENDING',
    SPECIAL_PROCEDURE_STARTED: 'SPECIAL_PROCEDURE',
    OPINION_RECORDED: 'OPINION_GIVEN',
    EXTENDED: 'IN_REVIEW',
    DECIDED: 'DECIDED',
    WITHDRAWN: 'WITHDRAWN',
  },
  SUPPLEMENT_PENDING: { SUPPLEMENT_RECEIVED: 'IN_REVIEW', EXTENDED: 'SUPPLEMENT_PENDING', WITHDRAWN: 'WITHDRAWN' },
  SPECIAL_PROCEDURE: { SPECIAL_PROCEDURE_FINISHED: 'IN_REVIEW', WITHDRAWN: 'WITHDRAWN' },
  RECTIFICATION: { RECTIFIED: 'IN_REVIEW', EXTENDED: 'RECTIFICATION', DECIDED: 'DECIDED', WITHDRAWN: 'WITHDRAWN' },
  OPINION_GIVEN: {
    OPINION_RECORDED: 'OPINION_GIVEN',
    SUPPLEMENT_REQUESTED: 'SUPPLEMENT_PENDING',
    SPECIAL_PROCEDURE_STARTED: 'SPECIAL_PROCEDURE',
    EXTENDED: 'OPINION_GIVEN',
    DECIDED: 'DECIDED',
    WITHDRAWN: 'WITHDRAWN',
  },
  DECIDED: { RESULT_ISSUED: 'RESULT_ISSUED', REVOKED: 'REVOKED' },
  RESULT_ISSUED: { DELIVERED: 'DELIVERED', REVOKED: 'REVOKED' },
  DELIVERED: { REVOKED: 'REVOKED' },
  NOT_ACCEPTED: {},
  WITHDRAWN: {},
  REVOKED: {},
};

export function initialState(kind: AggregateKind): ApplicationState | ItemCaseState {
  return kind === 'APPLICATION' ? 'NEW' : 'PENDING';
}

/** The next state by the table alone (no payload rules), or CASE_ILLEGAL_TRANSITION naming state and event. */
export function transition(kind: AggregateKind, state: string, event: Pick<CaseEvent, 'type' | 'payload'>): string {
  const table = (kind === 'APPLICATION' ? APPLICATION_TRANSITIONS : ITEM_CASE_TRANSITIONS) as Record<
    string,
    Partial<Record<CaseEventType, string>>
  >;
  let next = table[state]?.[event.type];
  if (next && kind === 'CASE' && event.type === 'SPECIAL_PROCEDURE_FINISHED' && event.payload.result === 'FAIL')
    next = 'RECTIFICATION';
  if (
    next &&
    kind === 'CASE' &&
    event.type === 'DECIDED' &&
    state === 'RECTIFICATION' &&
    event.payload.decision !== 'REJECTED'
  )
    next = undefined;
  if (!next) {
    const what = kind === 'APPLICATION' ? 'application' : 'case';
    throw new DomainError('CASE_ILLEGAL_TRANSITION', `${event.type} is not allowed when the ${what} is ${state}`, {
      state,
      event: event.type,
      aggregate: kind,
    });
  }
  return next;
}
