/** Test fixture: clock events from Shanghai wall-clock text. */
import type { DayUnit } from '../calendar/day-scale.ts';
import { sh } from '../calendar/shanghai-day.fixture.ts';
import type { ClockEvent, ClockKind, PauseReason } from './clock-event.ts';

export const start = (at: string, kind: ClockKind, limit: number, unit: DayUnit = 'WD'): ClockEvent => ({
  type: 'START',
  at: sh(at),
  kind,
  limit,
  unit,
});
export const pause = (at: string, reason: PauseReason = 'SUPPLEMENT'): ClockEvent => ({
  type: 'PAUSE',
  at: sh(at),
  reason,
});
export const resume = (at: string): ClockEvent => ({ type: 'RESUME', at: sh(at) });
export const extend = (at: string, days: number): ClockEvent => ({
  type: 'EXTEND',
  at: sh(at),
  days,
  by: '牵头单位负责人',
  why: '补件导致延长 (办法 §15)',
});
export const stop = (at: string): ClockEvent => ({ type: 'STOP', at: sh(at) });
