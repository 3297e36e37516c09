/**
 * The stage application (一张表单、一套材料 per stage, 办法 §13) from submission to 正式收件回执 and on to
 * the stage's end, as a fold over its events. Rules on top of the transition table:
 * - SUBMITTED names the channel (online / window) and at least one item;
 * - a 补齐补正通知 needs a 初步核对 since the last submission or supplement; it lists every material that
 *   check found missing or defective, never a material reused by reference (办法 §14), and follows the
 *   one-time rule (one-time-notice.ts);
 * - the 正式收件回执 needs a 初步核对 since the last submission or supplement that found nothing missing.
 */
import { DomainError } from '../errors.ts';
import { type CaseEvent, type Channel, type DeliveryMethod } from './case-event.ts';
import { materialRefs, optionalText, payloadInvalid, requireOneOf } from './case-payload.ts';
import { transition, type ApplicationState } from './case-transitions.ts';
import { assertOneTimeNotice } from './one-time-notice.ts';
import { checkDelivery } from './delivery.ts';
import { precheckFindings, type PrecheckFindings } from './initial-check.ts';

export type ApplicationEventInput = Pick<CaseEvent, 'type' | 'payload'> & Partial<Pick<CaseEvent, 'businessTime'>>;

export interface ApplicationProjection {
  aggregate: 'APPLICATION';
  state: ApplicationState;
  /** Events folded so far (the next event's seq is `seq + 1`). */
  seq: number;
  channel: Channel | null;
  items: string[];
  /** The latest 初步核对 since the last submission or supplement; null when none yet. */
  precheck: PrecheckFindings | null;
  /** Materials of each 补齐补正通知, in order. */
  notices: string[][];
  /** Materials handed in with supplements. */
  supplemented: string[];
  receivedAt: Date | null;
  delivery: DeliveryMethod | null;
}

export const EMPTY_APPLICATION: ApplicationProjection = {
  aggregate: 'APPLICATION',
  state: 'NEW',
  seq: 0,
  channel: null,
  items: [],
  precheck: null,
  notices: [],
  supplemented: [],
  receivedAt: null,
  delivery: null,
};

export function applyApplicationEvent(p: ApplicationProjection, event: ApplicationEventInput): ApplicationProjection {
  const state = transition('APPLICATION', p.state, event) as ApplicationState;
  const next: ApplicationProjection = { ...p, state, seq: p.seq + 1 };
  switch (event.type) {
    case 'SUBMITTED': {
      const items = materialRefs(event, 'items', { required: true, nonEmpty: true });
      return { ...next, channel: requireOneOf(event, 'channel', ['online', 'window'] as const), items };
    }
    case 'PRECHECKED':
      return { ...next, precheck: precheckFindings(event) };
    case 'SUPPLEMENT_NOTICE': {
      if (!p.precheck)
        throw new DomainError('CASE_PRECHECK_REQUIRED', '补齐补正通知须在初步核对之后发出', {
          field: 'type',
          event: event.type,
        });
      const listed = materialRefs(event, 'missing', { required: true, nonEmpty: true });
      const left = p.precheck.missing.filter((m) => !listed.includes(m));
      if (left.length) {
        throw new DomainError(
          'CASE_NOTICE_INCOMPLETE',
          `补齐补正通知未列出初步核对发现的全部缺失材料: ${left.join('、')}`,
          { field: 'missing', materials: left },
        );
      }
      const reused = listed.filter((m) => p.precheck!.reused.includes(m));
      if (reused.length) {
        throw new DomainError(
          'CASE_NOTICE_LISTS_REUSED',
          `可共享复用的材料不得要求重复提交(办法第十四条): ${reused.join('、')}`,
          { field: 'missing', materials: reused },
        );
      }
      assertOneTimeNotice({ notices: p.notices, supplemented: p.supplemented }, listed, '补齐补正通知');
      return { ...next, notices: [...p.notices, listed] };
    }
    case 'SUPPLEMENT_RECEIVED': {
      const materials = materialRefs(event, 'materials', { required: true });
      return { ...next, precheck: null, supplemented: [...new Set([...p.supplemented, ...materials])] };
    }
    case 'RECEIPT': {
      if (!p.precheck)
        throw new DomainError('CASE_PRECHECK_REQUIRED', '正式收件回执须在初步核对之后出具', {
          field: 'type',
          event: event.type,
        });
      if (p.precheck.missing.length) {
        throw new DomainError(
          'CASE_RECEIPT_INCOMPLETE',
          `材料不齐,不能出具正式收件回执: ${p.precheck.missing.join('、')}`,
          { field: 'missing', materials: p.precheck.missing },
        );
      }
      const number = optionalText(event, 'receiptNumber');
      if (number !== null && number.trim() === '')
        throw payloadInvalid(event, 'receiptNumber', 'receiptNumber 不能为空');
      return { ...next, receivedAt: event.businessTime ?? null };
    }
    case 'DELIVERED':
      return { ...next, delivery: checkDelivery(event) };
    default:
      return next;
  }
}

export function foldApplication(events: readonly ApplicationEventInput[]): ApplicationProjection {
  return events.reduce(applyApplicationEvent, EMPTY_APPLICATION);
}
