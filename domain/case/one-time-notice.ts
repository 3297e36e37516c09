/**
 * 一次性告知 (办法 §10) — the applicant is told every missing material at once. Our rule for a later
 * notice (a second 补齐补正通知 before receipt, or a second 补件 request after acceptance): it may list
 * only materials that an earlier notice already listed (still missing, or supplemented and still not
 * right) or materials handed in with a supplement since (new defects found in what was supplemented).
 * Anything else should have been in the first notice: DomainError('CASE_NOTICE_NOT_ONE_TIME').
 */
import { DomainError } from '../errors.ts';

export interface NoticeHistory {
  /** The materials of each earlier notice, in order. */
  notices: readonly (readonly string[])[];
  /** Materials handed in with supplements since the first notice. */
  supplemented: readonly string[];
}

/** The materials of `next` the rule does not allow (empty when the notice is allowed). */
export function materialsNotAllowedInNotice(history: NoticeHistory, next: readonly string[]): string[] {
  if (history.notices.length === 0) return [];
  const allowed = new Set([...history.notices.flat(), ...history.supplemented]);
  return next.filter((m) => !allowed.has(m));
}

export function assertOneTimeNotice(history: NoticeHistory, next: readonly string[], what: string): void {
  const extra = materialsNotAllowedInNotice(history, next);
  if (extra.length === 0) return;
  throw new DomainError(
    'CASE_NOTICE_NOT_ONE_TIME',
    `${what}列出了首次告知未列出、也未在补正中提交的材料: ${extra.join('、')}(应一次性告知)`,
    {
      field: 'missing',
      materials: extra,
      round: history.notices.length + 1,
    },
  );
}
