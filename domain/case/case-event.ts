/**
 * The case event log (全程留痕): every transition of a stage application or an item case (办件) is an
 * event with who did it, when it happened (business time) and when it was recorded. The current state
 * is a projection (a fold) of the events (case-lifecycle.ts); the provincial status code (BLZT, BRIEF
 * §5) is derived per event.
 *
 * Two aggregates: the stage application (一张表单、一套材料 — submission, 初步核对, 补齐补正, 正式收件回执)
 * and the item case (one item at one department — 受理 to 送达). `aggregateId` is the application id or
 * the case id.
 */

export type AggregateKind = 'APPLICATION' | 'CASE';

export const CASE_EVENT_TYPES = [
  'SUBMITTED', // 已接件 — online, or at a window on the applicant's behalf (代为填报)
  'PRECHECKED', // 初步核对 — material by material: OK / MISSING / DEFECTIVE / REUSED
  'SUPPLEMENT_NOTICE', // 补齐补正通知 — lists every missing material at once (一次性告知)
  'SUPPLEMENT_RECEIVED', // 补齐补正材料已收 (application), 补件已收 (case)
  'RECEIPT', // 正式收件回执 — the legal clock starts (办法 §11)
  'ACCEPTED', // 已受理 — the item case gets its case number
  'NOT_ACCEPTED', // 不受理 / 不予受理
  'REVIEW_STARTED', // 部门开始办理
  'SUPPLEMENT_REQUESTED', // 受理后补件 — clock paused
  'EXTENDED', // 延期 — decided by the lead department (办法 §15)
  'SPECIAL_PROCEDURE_STARTED', // 特别程序开始 — admin clock paused, type and limit told (办法 §12)
  'SPECIAL_PROCEDURE_FINISHED', // 特别程序结束 — PASS resumes, FAIL leads to rectification
  'RECTIFIED', // 整改完成
  'OPINION_RECORDED', // 审查意见
  'JOINT_REVIEWED', // 会审 (application)
  'DECIDED', // 办结: APPROVED / APPROVED_WITH_CONDITIONS / REJECTED
  'RESULT_ISSUED', // 结果文书 / 电子证照
  'DELIVERED', // 送达: pickup (window, signature) or mail
  'WITHDRAWN', // 撤件 (before acceptance) / 撤回 (after)
  'REVOKED', // 撤销 — a decision set aside
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export type Decision = 'APPROVED' | 'APPROVED_WITH_CONDITIONS' | 'REJECTED';
export const DECISIONS: readonly Decision[] = ['APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED'];

/** 申报渠道: 一网通办 online, or the 综合窗口 filling in on the applicant's behalf. */
export type Channel = 'online' | 'window';

/** 送达方式: collected at the window (with signature) or posted (with tracking number). */
export type DeliveryMethod = 'pickup' | 'mail';

export interface Actor {
  userId: string;
  /** A role of BRIEF §8 (APPLICANT, WINDOW, REVIEWER, DEPT_HEAD, LEAD, SUPERVISOR …) or SYSTEM. */
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
  /** When it happened (may be earlier than recordedAt for a window's paper step; never later). */
  businessTime: Date;
  payload: Record<string, unknown>;
  /** The client's address, when the event came through the API. */
  clientIp?: string | null;
}

export interface RecordedCaseEvent extends CaseEvent {
  seq: number;
  recordedAt: Date;
  hash: string;
}

/** The provincial 办理状态 codes (BRIEF §5). */
export const BLZT = {
  RECEIVED: 1, // 已接件
  WITHDRAWN_BEFORE_ACCEPTANCE: 2, // 已撤件
  ACCEPTED: 3, // 已受理
  NOT_RECEIVED: 4, // 不受理
  REFUSED: 5, // 不予受理
  SUPPLEMENT_STARTED: 6, // 补正(开始)
  SUPPLEMENT_ENDED: 7, // 补正(结束)
  REVIEW_STARTED: 8, // 部门开始办理
  SPECIAL_STARTED: 9, // 特别程序(开始)
  SPECIAL_ENDED: 10, // 特别程序(结束)
  APPROVED: 11, // 办结(通过)
  APPROVED_WITH_CONDITIONS: 12, // 办结(容缺通过)
  REJECTED: 13, // 办结(不通过)
  WITHDRAWN_AFTER_ACCEPTANCE: 14, // 撤回
  REVOKED: 15, // 撤销
} as const;

/**
 * 办理状态 (BLZT) of an event, or null for bookkeeping without a provincial status (PRECHECKED,
 * EXTENDED, RECTIFIED, OPINION_RECORDED, JOINT_REVIEWED, RESULT_ISSUED, DELIVERED).
 * - RECEIPT and ACCEPTED are both 3: in Zhuhai the 正式收件回执 is the acceptance (办法 §11).
 * - NOT_ACCEPTED is 4 不受理 with `payload.form = 'NOT_RECEIVED'` (not ours to receive), else 5 不予受理.
 * - WITHDRAWN is 2 已撤件 before acceptance and 14 撤回 after; `accepted` says which.
 */
export function blztOf(event: Pick<CaseEvent, 'type' | 'payload'> & { accepted?: boolean }): number | null {
  switch (event.type) {
    case 'SUBMITTED':
      return BLZT.RECEIVED;
    case 'RECEIPT':
    case 'ACCEPTED':
      return BLZT.ACCEPTED;
    case 'NOT_ACCEPTED':
      return event.payload.form === 'NOT_RECEIVED' ? BLZT.NOT_RECEIVED : BLZT.REFUSED;
    case 'SUPPLEMENT_NOTICE':
    case 'SUPPLEMENT_REQUESTED':
      return BLZT.SUPPLEMENT_STARTED;
    case 'SUPPLEMENT_RECEIVED':
      return BLZT.SUPPLEMENT_ENDED;
    case 'REVIEW_STARTED':
      return BLZT.REVIEW_STARTED;
    case 'SPECIAL_PROCEDURE_STARTED':
      return BLZT.SPECIAL_STARTED;
    case 'SPECIAL_PROCEDURE_FINISHED':
      return BLZT.SPECIAL_ENDED;
    case 'DECIDED': {
      const decision = event.payload.decision;
      return decision === 'APPROVED'
        ? BLZT.APPROVED
        : decision === 'APPROVED_WITH_CONDITIONS'
          ? BLZT.APPROVED_WITH_CONDITIONS
          : decision === 'REJECTED'
            ? BLZT.REJECTED
            : null;
    }
    case 'WITHDRAWN':
      return event.accepted ? BLZT.WITHDRAWN_AFTER_ACCEPTANCE : BLZT.WITHDRAWN_BEFORE_ACCEPTANCE;
    case 'REVOKED':
      return BLZT.REVOKED;
    default:
      return null;
  }
}
