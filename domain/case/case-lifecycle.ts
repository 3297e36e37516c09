/**
 * The state machines of a stage application and of an item case (办件). A transition not in the
 * table is a DomainError('CASE_ILLEGAL_TRANSITION'); the state is a fold over the event log.
 */
import { DomainError } from '../errors.ts';
import type { CaseEvent, CaseEventType, AggregateKind } from './case-event.ts';

export type ApplicationState = 'SUBMITTED' | 'SUPPLEMENT_PENDING' | 'RECEIVED' | 'DECIDED' | 'WITHDRAWN';
export type ItemCaseState =
  | 'PENDING' | 'ACCEPTED' | 'NOT_ACCEPTED' | 'IN_REVIEW' | 'SUPPLEMENT_PENDING' | 'SPECIAL_PROCEDURE' | 'RECTIFICATION'
  | 'OPINION_GIVEN' | 'DECIDED' | 'RESULT_ISSUED' | 'DELIVERED' | 'WITHDRAWN' | 'REVOKED';

type Table<S extends string> = Partial<Record<S, Partial<Record<CaseEventType, S>>>>;

/** `*` entries: events that keep the state (bookkeeping allowed in that state). */
export const APPLICATION_TRANSITIONS: Table<ApplicationState> = {
  SUBMITTED: { PRECHECKED: 'SUBMITTED', SUPPLEMENT_NOTICE: 'SUPPLEMENT_PENDING', RECEIPT: 'RECEIVED', WITHDRAWN: 'WITHDRAWN' },
  SUPPLEMENT_PENDING: { SUPPLEMENT_RECEIVED: 'SUBMITTED', WITHDRAWN: 'WITHDRAWN' },
  RECEIVED: { JOINT_REVIEWED: 'RECEIVED', DECIDED: 'DECIDED', WITHDRAWN: 'WITHDRAWN' },
  DECIDED: { DELIVERED: 'DECIDED' },
};

export const ITEM_CASE_TRANSITIONS: Table<ItemCaseState> = {
  PENDING: { ACCEPTED: 'ACCEPTED', NOT_ACCEPTED: 'NOT_ACCEPTED', WITHDRAWN: 'WITHDRAWN' },
  ACCEPTED: { REVIEW_STARTED: 'IN_REVIEW', WITHDRAWN: 'WITHDRAWN', NOT_ACCEPTED: 'NOT_ACCEPTED' },
  IN_REVIEW: {
    SUPPLEMENT_REQUESTED: 'SUPPLEMENT_PENDING', SPECIAL_PROCEDURE_STARTED: 'SPECIAL_PROCEDURE', OPINION_RECORDED: 'OPINION_GIVEN',
    WITHDRAWN: 'WITHDRAWN', EXTENDED: 'IN_REVIEW',
  },
  SUPPLEMENT_PENDING: { SUPPLEMENT_RECEIVED: 'IN_REVIEW', WITHDRAWN: 'WITHDRAWN', EXTENDED: 'SUPPLEMENT_PENDING' },
  SPECIAL_PROCEDURE: { SPECIAL_PROCEDURE_FINISHED: 'IN_REVIEW', WITHDRAWN: 'WITHDRAWN' },
  RECTIFICATION: { RECTIFIED: 'IN_REVIEW', WITHDRAWN: 'WITHDRAWN' },
  OPINION_GIVEN: { OPINION_RECORDED: 'OPINION_GIVEN', DECIDED: 'DECIDED', WITHDRAWN: 'WITHDRAWN', SUPPLEMENT_REQUESTED: 'SUPPLEMENT_PENDING', SPECIAL_PROCEDURE_STARTED: 'SPECIAL_PROCEDURE' },
  DECIDED: { RESULT_ISSUED: 'RESULT_ISSUED', REVOKED: 'REVOKED' },
  RESULT_ISSUED: { DELIVERED: 'DELIVERED', REVOKED: 'REVOKED' },
  DELIVERED: { REVOKED: 'REVOKED' },
};

export function initialState(kind: AggregateKind): ApplicationState | ItemCaseState {
  return kind === 'APPLICATION' ? 'SUBMITTED' : 'PENDING';
}

/** The next state, or a DomainError naming the state and the event. */
export function transition(kind: AggregateKind, state: string, event: Pick<CaseEvent, 'type' | 'payload'>): string {
  if (kind === 'APPLICATION' && event.type === 'SUBMITTED' && state === 'SUBMITTED') return state;
  const table = (kind === 'APPLICATION' ? APPLICATION_TRANSITIONS : ITEM_CASE_TRANSITIONS) as Table<string>;
  let next = table[state]?.[event.type];
  // a failed special procedure leaves the case waiting for rectification, clock still paused (BRIEF §2.2)
  if (kind === 'CASE' && event.type === 'SPECIAL_PROCEDURE_FINISHED' && event.payload.result === 'FAIL') next = 'RECTIFICATION';
  if (!next) {
    throw new DomainError('CASE_ILLEGAL_TRANSITION', `${event.type} is not allowed when the ${kind === 'APPLICATION' ? 'application' : 'case'} is ${state}`, { state, event: event.type });
  }
  return next;
}

/** Folds events into the current state (events must be in sequence order). */
export function project(kind: AggregateKind, events: Pick<CaseEvent, 'type' | 'payload'>[]): string {
  let state: string = initialState(kind);
  for (const e of events) state = transition(kind, state, e);
  return state;
}
