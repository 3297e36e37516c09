/**
 * The case event log (全程留痕): every transition of a stage application or an item case (办件) is an
 * event with who, when it happened (business time) and when it was recorded. Current state is a
 * projection of the events; the provincial status code (BLZT, BRIEF §5) is derived per event.
 */

export type AggregateKind = 'APPLICATION' | 'CASE';

export const CASE_EVENT_TYPES = [
  'SUBMITTED', // 已接件 — online, or at a window on the applicant's behalf
  'PRECHECKED', // 初步核对 — item by item
  'SUPPLEMENT_NOTICE', // 补齐补正通知 — lists every missing material at once
  'SUPPLEMENT_RECEIVED', // 补齐补正材料已收
  'RECEIPT', // 正式收件回执 — the clock starts
  'ACCEPTED', // 已受理 (item case)
  'NOT_ACCEPTED', // 不予受理
  'REVIEW_STARTED', // 部门开始办理
  'SUPPLEMENT_REQUESTED', // 受理后补件 — clock paused
  'EXTENDED', // 牵头单位确定的时限延长
  'SPECIAL_PROCEDURE_STARTED', // 特别程序开始 — admin clock paused
  'SPECIAL_PROCEDURE_FINISHED', // 特别程序结束
  'RECTIFIED', // 整改完成
  'OPINION_RECORDED', // 初审意见
  'JOINT_REVIEWED', // 会审
  'DECIDED', // 办结: APPROVED / APPROVED_WITH_CONDITIONS / REJECTED
  'RESULT_ISSUED', // 结果文书 / 电子证照
  'DELIVERED', // 送达: pickup or mail
  'WITHDRAWN', // 撤件 / 撤回
  'REVOKED', // 撤销
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export type Decision = 'APPROVED' | 'APPROVED_WITH_CONDITIONS' | 'REJECTED';

export interface Actor {
  userId: string;
  role: string;
  departmentCode: string | null;
}

/** The system itself (a job worker acting on the diagram's behalf). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'SYSTEM', departmentCode: null };

export interface CaseEvent {
  aggregateId: string;
  aggregate: AggregateKind;
  type: CaseEventType;
  actor: Actor;
  businessTime: Date;
  payload: Record<string, unknown>;
}

export interface RecordedCaseEvent extends CaseEvent {
  seq: number;
  recordedAt: Date;
  hash: string;
}

/**
 * 办理状态 (BLZT) per event: 1 已接件 · 2 已撤件 · 3 已受理 · 4 不受理 · 5 不予受理 · 6 补正(开始) · 7 补正(结束) ·
 * 8 部门开始办理 · 9 特别程序(开始) · 10 特别程序(结束) · 11 办结(通过) · 12 办结(容缺通过) · 13 办结(不通过) · 14 撤回 · 15 撤销.
 */
export function blztOf(event: Pick<CaseEvent, 'type' | 'payload'> & { accepted?: boolean }): number | null {
  switch (event.type) {
    case 'SUBMITTED': return 1;
    case 'RECEIPT':
    case 'ACCEPTED': return 3;
    case 'NOT_ACCEPTED': return 5;
    case 'SUPPLEMENT_NOTICE':
    case 'SUPPLEMENT_REQUESTED': return 6;
    case 'SUPPLEMENT_RECEIVED': return 7;
    case 'REVIEW_STARTED': return 8;
    case 'SPECIAL_PROCEDURE_STARTED': return 9;
    case 'SPECIAL_PROCEDURE_FINISHED': return 10;
    case 'DECIDED': {
      const decision = event.payload.decision as Decision | undefined;
      return decision === 'APPROVED' ? 11 : decision === 'APPROVED_WITH_CONDITIONS' ? 12 : decision === 'REJECTED' ? 13 : null;
    }
    case 'WITHDRAWN': return event.accepted ? 14 : 2;
    case 'REVOKED': return 15;
    default: return null;
  }
}
