/**
 * The lifecycle of either aggregate behind one API: the current state is a pure fold of the event list
 * (`foldCase`), and `applyCaseEvent` is the only way forward — it throws DomainError for an illegal
 * transition (CASE_ILLEGAL_TRANSITION), a payload that lacks what its type needs (CASE_PAYLOAD_INVALID)
 * or a broken rule (CASE_NOTICE_*, CASE_PRECHECK_REQUIRED, CASE_RECEIPT_INCOMPLETE, CASE_BUSINESS_TIME).
 */
import { DomainError } from '../errors.ts';
import { blztOf, type AggregateKind, type CaseEvent } from './case-event.ts';
import { applyApplicationEvent, EMPTY_APPLICATION, type ApplicationProjection } from './application-lifecycle.ts';
import { applyItemCaseEvent, EMPTY_ITEM_CASE, type ItemCaseProjection } from './item-case-lifecycle.ts';

export {
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  ITEM_CASE_STATES,
  ITEM_CASE_TRANSITIONS,
  initialState,
  transition,
  type ApplicationState,
  type ItemCaseState,
} from './case-transitions.ts';

export type CaseProjection = ApplicationProjection | ItemCaseProjection;
export type CaseEventInput = Pick<CaseEvent, 'type' | 'payload'> & Partial<Pick<CaseEvent, 'businessTime'>>;

export function emptyProjection(kind: AggregateKind): CaseProjection {
  return kind === 'APPLICATION' ? EMPTY_APPLICATION : EMPTY_ITEM_CASE;
}

export function applyCaseEvent(p: CaseProjection, event: CaseEventInput): CaseProjection {
  return p.aggregate === 'APPLICATION' ? applyApplicationEvent(p, event) : applyItemCaseEvent(p, event);
}

export function foldCase(kind: AggregateKind, events: readonly CaseEventInput[]): CaseProjection {
  return events.reduce(applyCaseEvent, emptyProjection(kind));
}

/** The current state name of a fold (events in sequence order). */
export function project(kind: AggregateKind, events: readonly CaseEventInput[]): string {
  return foldCase(kind, events).state;
}

/** Whether the aggregate was accepted (received) before this event: WITHDRAWN is 撤回 (14), not 撤件 (2). */
export function acceptedBefore(p: CaseProjection): boolean {
  return p.aggregate === 'APPLICATION'
    ? !['NEW', 'SUBMITTED', 'SUPPLEMENT_PENDING'].includes(p.state)
    : p.state !== 'PENDING';
}

/** The BLZT of `event` appended to `before`. */
export function blztAfter(before: CaseProjection, event: Pick<CaseEvent, 'type' | 'payload'>): number | null {
  return blztOf({ ...event, accepted: acceptedBefore(before) });
}

/** Clock skew tolerated between the caller's business time and the server's record time. */
export const BUSINESS_TIME_SKEW_MS = 5 * 60_000;

/**
 * A business time may lie before the record time (a window's paper step recorded later, flagged by
 * supervision as A8 when late) but never after it, and not before the aggregate's previous event.
 */
export function assertBusinessTime(businessTime: Date, recordedAt: Date, previous: Date | null): void {
  if (businessTime.getTime() > recordedAt.getTime() + BUSINESS_TIME_SKEW_MS) {
    throw new DomainError(
      'CASE_BUSINESS_TIME',
      `业务时间 ${businessTime.toISOString()} 晚于记录时间 ${recordedAt.toISOString()}`,
      { field: 'businessTime' },
    );
  }
  if (previous && businessTime.getTime() < previous.getTime()) {
    throw new DomainError(
      'CASE_BUSINESS_TIME',
      `业务时间 ${businessTime.toISOString()} 早于上一事件的业务时间 ${previous.toISOString()}`,
      { field: 'businessTime' },
    );
  }
}
