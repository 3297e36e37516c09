/**
 * Which event lists a clock accepts: START first and once, with a limit that fits its kind; PAUSE and
 * RESUME alternating, a pause with a known reason; EXTEND with days ≥ 1, by and why; nothing after
 * STOP; every event with a valid instant. Illegal sequences throw the CLOCK_* DomainErrors.
 */
import { instantMs } from '../calendar/shanghai-day.ts';
import { DomainError } from '../errors.ts';
import { PAUSE_REASONS, type ClockEvent } from './clock-event.ts';

/** Where a clock's events have put it (the run's status). */
export type ClockStatus = 'RUNNING' | 'PAUSED' | 'STOPPED';

/** The phase a legal `event` leads to from `phase`; throws when the event is illegal there. */
export function nextPhase(phase: 'NEW' | ClockStatus, event: ClockEvent, index: number): ClockStatus {
  const where = { index, type: event.type };
  if (phase === 'STOPPED')
    throw clockError('CLOCK_STOPPED', '计时已结束，不接受后续事件 — the clock has stopped', where);
  if (phase === 'NEW' && event.type !== 'START')
    throw clockError('CLOCK_NOT_STARTED', '计时尚未开始 — the first event must be START', where);
  switch (event.type) {
    case 'START':
      if (phase !== 'NEW')
        throw clockError('CLOCK_ALREADY_STARTED', '计时已开始 — the clock has already started', where);
      checkStart(event, index);
      return 'RUNNING';
    case 'PAUSE':
      if (phase === 'PAUSED')
        throw clockError('CLOCK_ALREADY_PAUSED', '计时已暂停 — the clock is already paused', where);
      if (!(PAUSE_REASONS as readonly string[]).includes(event.reason)) {
        throw clockError('CLOCK_INVALID_EVENT', `未知的暂停原因: ${String(event.reason)}`, {
          ...where,
          reason: event.reason,
        });
      }
      return 'PAUSED';
    case 'RESUME':
      if (phase !== 'PAUSED')
        throw clockError('CLOCK_NOT_PAUSED', '计时未暂停，无法恢复 — the clock is not paused', where);
      return 'RUNNING';
    case 'EXTEND':
      if (!Number.isInteger(event.days) || event.days < 1 || !event.by || !event.why) {
        throw clockError(
          'CLOCK_INVALID_EXTENSION',
          '延期需为正整数天数并写明决定人与理由 — an extension needs days ≥ 1, by and why',
          { ...where, days: event.days },
        );
      }
      return phase === 'PAUSED' ? 'PAUSED' : 'RUNNING';
    case 'STOP':
      return 'STOPPED';
    default:
      throw clockError('CLOCK_INVALID_EVENT', '未知的计时事件', where);
  }
}

function checkStart(event: Extract<ClockEvent, { type: 'START' }>, index: number): void {
  const { kind, unit, limit } = event;
  const valid =
    Number.isInteger(limit) &&
    ((kind === 'ADMIN' && unit === 'WD' && limit >= 1) ||
      (kind === 'SPECIAL' && (unit === 'WD' || unit === 'ND') && limit >= 1) ||
      (kind === 'IMMEDIATE' && unit === 'WD' && limit === 0));
  if (!valid) {
    throw clockError(
      'CLOCK_INVALID_LIMIT',
      '时限与计时类型不符 — ADMIN: ≥1 WD; SPECIAL: ≥1 WD or ND; IMMEDIATE: 0 WD',
      { index, kind, unit, limit },
    );
  }
}

export function eventInstant(event: ClockEvent, index: number): number {
  if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime())) {
    throw clockError('CLOCK_INVALID_EVENT', '计时事件缺少有效时间 — an event needs a valid instant', {
      index,
      type: event.type,
    });
  }
  return instantMs(event.at);
}

export function clockError(code: string, message: string, details: Record<string, unknown>): DomainError {
  return new DomainError(code, message, details);
}
