/**
 * 异常处置 — what may happen to a flag: the department answers an OPEN flag with an explanation
 * (EXPLAINED); a supervisor confirms or dismisses an OPEN or EXPLAINED one. CONFIRMED and DISMISSED
 * are final. A note is always required. Nothing is ever deleted.
 */
import { DomainError } from '../errors.ts';

export type FlagStatus = 'OPEN' | 'EXPLAINED' | 'CONFIRMED' | 'DISMISSED';
export const FLAG_STATUSES: readonly FlagStatus[] = ['OPEN', 'EXPLAINED', 'CONFIRMED', 'DISMISSED'];

export type FlagActor = 'DEPARTMENT' | 'SUPERVISOR';

const ALLOWED: Record<FlagActor, Partial<Record<FlagStatus, FlagStatus[]>>> = {
  DEPARTMENT: { OPEN: ['EXPLAINED'] },
  SUPERVISOR: { OPEN: ['CONFIRMED', 'DISMISSED'], EXPLAINED: ['CONFIRMED', 'DISMISSED'] },
};

export function assertFlagTransition(from: FlagStatus, to: FlagStatus, by: FlagActor, note: string): void {
  if (note.trim().length < 2) throw new DomainError('FLAG_NOTE_REQUIRED', '处置异常须填写说明', { field: 'body.note' });
  if (!(ALLOWED[by][from] ?? []).includes(to)) {
    throw new DomainError(
      'FLAG_ILLEGAL_TRANSITION',
      `${by === 'SUPERVISOR' ? '监察人员' : '办理部门'}不能将 ${from} 的异常改为 ${to}`,
      { field: 'body.to', from, to },
    );
  }
}
