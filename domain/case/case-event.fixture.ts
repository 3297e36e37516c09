/** Events with valid payloads, for the lifecycle tests. */
import type { CaseEventType } from './case-event.ts';

export const ev = (type: CaseEventType, payload: Record<string, unknown> = {}) => ({ type, payload });

/** A payload each type accepts, so a refusal in a test is about the transition, not the payload. */
export const VALID_PAYLOAD: Record<CaseEventType, Record<string, unknown>> = {
  SUBMITTED: { channel: 'online', items: ['ZH-S3-03'] },
  PRECHECKED: { results: [] },
  SUPPLEMENT_NOTICE: { missing: ['M100'] },
  SUPPLEMENT_RECEIVED: { materials: ['M100'] },
  RECEIPT: {},
  ACCEPTED: { caseNumber: 'ZH2026112800123' },
  NOT_ACCEPTED: { reason: '不属于本部门职权范围' },
  REVIEW_STARTED: { department: 'ZH_ZJJ' },
  SUPPLEMENT_REQUESTED: { missing: ['M091'] },
  EXTENDED: { days: 3, reason: '补件内容较多' },
  SPECIAL_PROCEDURE_STARTED: { type: 'EXPERT_REVIEW', limit: 20, unit: 'WD' },
  SPECIAL_PROCEDURE_FINISHED: { result: 'PASS' },
  RECTIFIED: {},
  OPINION_RECORDED: { opinion: '符合要求' },
  JOINT_REVIEWED: { conclusion: '会审通过' },
  DECIDED: { decision: 'REJECTED' },
  RESULT_ISSUED: { title: '不予许可决定书', docNumber: '珠建〔2026〕1号' },
  DELIVERED: { method: 'pickup', recipient: '张三' },
  WITHDRAWN: {},
  REVOKED: { reason: '以欺骗手段取得许可' },
};

export const valid = (type: CaseEventType) => ev(type, VALID_PAYLOAD[type]);

const results = (status: string, ids: string[]) => ids.map((materialId) => ({ materialId, status }));
export const precheck = (missing: string[], reused: string[] = []) =>
  ev('PRECHECKED', { results: [...results('MISSING', missing), ...results('REUSED', reused)] });
export const notice = (...ids: string[]) =>
  ev('SUPPLEMENT_NOTICE', { missing: ids.map((materialId) => ({ materialId, nameZh: materialId })) });
export const supplemented = (...ids: string[]) => ev('SUPPLEMENT_RECEIVED', { materials: ids });

/** Event paths that reach each state. */
export const APPLICATION_PATHS = {
  NEW: [],
  SUBMITTED: [valid('SUBMITTED')],
  SUPPLEMENT_PENDING: [valid('SUBMITTED'), precheck(['M100']), notice('M100')],
  RECEIVED: [valid('SUBMITTED'), precheck([]), valid('RECEIPT')],
  DECIDED: [valid('SUBMITTED'), precheck([]), valid('RECEIPT'), ev('DECIDED', { decisions: [] })],
  WITHDRAWN: [valid('SUBMITTED'), valid('WITHDRAWN')],
};

const inReview = [valid('ACCEPTED'), valid('REVIEW_STARTED')];
const decided = [...inReview, valid('OPINION_RECORDED'), ev('DECIDED', { decision: 'APPROVED' })];
export const ITEM_CASE_PATHS = {
  PENDING: [],
  ACCEPTED: [valid('ACCEPTED')],
  NOT_ACCEPTED: [valid('NOT_ACCEPTED')],
  IN_REVIEW: inReview,
  SUPPLEMENT_PENDING: [...inReview, valid('SUPPLEMENT_REQUESTED')],
  SPECIAL_PROCEDURE: [...inReview, valid('SPECIAL_PROCEDURE_STARTED')],
  RECTIFICATION: [
    ...inReview,
    valid('SPECIAL_PROCEDURE_STARTED'),
    ev('SPECIAL_PROCEDURE_FINISHED', { result: 'FAIL' }),
  ],
  OPINION_GIVEN: [...inReview, valid('OPINION_RECORDED')],
  DECIDED: decided,
  RESULT_ISSUED: [...decided, ev('RESULT_ISSUED', { title: '建筑工程施工许可证' })],
  DELIVERED: [...decided, ev('RESULT_ISSUED', { title: '建筑工程施工许可证' }), valid('DELIVERED')],
  WITHDRAWN: [...inReview, valid('WITHDRAWN')],
  REVOKED: [...decided, valid('REVOKED')],
};
