/**
 * The item case (办件: one item at one department) from acceptance to delivery, as a fold over its
 * events. Rules on top of the transition table:
 * - ACCEPTED carries the case number (ZH + yyyymmdd + serial); NOT_ACCEPTED and REVOKED a reason;
 * - a 补件 request lists at least one material and follows the one-time rule (one-time-notice.ts);
 * - a special procedure names its type, limit and unit (办法 §12: the applicant is told both) and ends
 *   PASS (back to review) or FAIL (rectification); one runs at a time;
 * - an extension adds a positive number of working days with a reason (the actor is the approver);
 * - DECIDED names the decision; RESULT_ISSUED the document title; DELIVERED how (delivery.ts).
 */
import { DomainError } from '../errors.ts';
import { DECISIONS, type CaseEvent, type Decision, type DeliveryMethod } from './case-event.ts';
import { isCaseNumber } from './case-number.ts';
import { materialRefs, requireDays, requireOneOf, requireText } from './case-payload.ts';
import { transition, type ItemCaseState } from './case-transitions.ts';
import { checkDelivery } from './delivery.ts';
import { assertOneTimeNotice } from './one-time-notice.ts';

export type ItemCaseEventInput = Pick<CaseEvent, 'type' | 'payload'> & Partial<Pick<CaseEvent, 'businessTime'>>;

export interface OpenSpecialProcedure {
  type: string;
  limit: number;
  unit: 'WD' | 'ND';
  startedAt: Date | null;
}

export interface ItemCaseProjection {
  aggregate: 'CASE';
  state: ItemCaseState;
  seq: number;
  caseNumber: string | null;
  acceptedAt: Date | null;
  decision: Decision | null;
  decidedAt: Date | null;
  /** The special procedure running now. */
  specialProcedure: OpenSpecialProcedure | null;
  specialProcedureCount: number;
  /** Working days added by extensions. */
  extensionDays: number;
  /** Materials of each 补件 request, in order. */
  supplementRequests: string[][];
  supplemented: string[];
  delivery: DeliveryMethod | null;
}

export const EMPTY_ITEM_CASE: ItemCaseProjection = {
  aggregate: 'CASE',
  state: 'PENDING',
  seq: 0,
  caseNumber: null,
  acceptedAt: null,
  decision: null,
  decidedAt: null,
  specialProcedure: null,
  specialProcedureCount: 0,
  extensionDays: 0,
  supplementRequests: [],
  supplemented: [],
  delivery: null,
};

export function applyItemCaseEvent(p: ItemCaseProjection, event: ItemCaseEventInput): ItemCaseProjection {
  const state = transition('CASE', p.state, event) as ItemCaseState;
  const next: ItemCaseProjection = { ...p, state, seq: p.seq + 1 };
  const at = event.businessTime ?? null;
  switch (event.type) {
    case 'ACCEPTED': {
      const caseNumber = requireText(event, 'caseNumber');
      if (!isCaseNumber(caseNumber))
        throw new DomainError('CASE_PAYLOAD_INVALID', `ACCEPTED: 办件编号 ${caseNumber} 不符合 ZH+yyyymmdd+5位流水号`, {
          event: event.type,
          field: 'caseNumber',
        });
      return { ...next, caseNumber, acceptedAt: at };
    }
    case 'NOT_ACCEPTED':
    case 'REVOKED':
      requireText(event, 'reason');
      return next;
    case 'SUPPLEMENT_REQUESTED': {
      const listed = materialRefs(event, 'missing', { required: true, nonEmpty: true });
      assertOneTimeNotice({ notices: p.supplementRequests, supplemented: p.supplemented }, listed, '补件通知');
      return { ...next, supplementRequests: [...p.supplementRequests, listed] };
    }
    case 'SUPPLEMENT_RECEIVED': {
      const materials = materialRefs(event, 'materials', { required: false });
      return { ...next, supplemented: [...new Set([...p.supplemented, ...materials])] };
    }
    case 'SPECIAL_PROCEDURE_STARTED': {
      const procedure = {
        type: requireText(event, 'type'),
        limit: requireDays(event, 'limit', false),
        unit: requireOneOf(event, 'unit', ['WD', 'ND'] as const),
        startedAt: at,
      };
      return { ...next, specialProcedure: procedure, specialProcedureCount: p.specialProcedureCount + 1 };
    }
    case 'SPECIAL_PROCEDURE_FINISHED':
      requireOneOf(event, 'result', ['PASS', 'FAIL'] as const);
      return { ...next, specialProcedure: null };
    case 'EXTENDED': {
      const days = requireDays(event, 'days', true);
      requireText(event, 'reason');
      return { ...next, extensionDays: p.extensionDays + days };
    }
    case 'DECIDED':
      return { ...next, decision: requireOneOf(event, 'decision', DECISIONS), decidedAt: at };
    case 'RESULT_ISSUED':
      requireText(event, 'title');
      return next;
    case 'DELIVERED':
      return { ...next, delivery: checkDelivery(event) };
    default:
      return next;
  }
}

export function foldItemCase(events: readonly ItemCaseEventInput[]): ItemCaseProjection {
  return events.reduce(applyItemCaseEvent, EMPTY_ITEM_CASE);
}
