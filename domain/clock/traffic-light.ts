/**
 * 红黄绿灯 — the supervision light of a clock (办法 §20, BRIEF §2.3):
 * ADMIN yellow from 00:00 of the working day before the deadline day (remaining ≤ 1);
 * SPECIAL yellow from 00:00 of the 2nd day before its deadline day, in its own unit (remaining ≤ 2);
 * IMMEDIATE yellow from acceptance; all RED once past the deadline.
 */
import { dayOf, dayStartMs } from '../calendar/shanghai-day.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockKind } from './clock-event.ts';
import { deadlineMsOf, OVERDUE_AFTER_MS, type ClockRun } from './clock-run.ts';

export type Light = 'GREEN' | 'YELLOW' | 'RED';

/** Remaining days (after today) at which the light turns yellow. */
export const YELLOW_WHEN_REMAINING: Readonly<Record<ClockKind, number>> = { ADMIN: 1, SPECIAL: 2, IMMEDIATE: Infinity };

export function lightOf(kind: ClockKind, remainingDays: number, overdue: boolean): Light {
  if (overdue) return 'RED';
  return remainingDays <= YELLOW_WHEN_REMAINING[kind] ? 'YELLOW' : 'GREEN';
}

/** The instant a running clock turns yellow (the start instant if it is yellow from the start). */
export function yellowAtMs(calendar: WorkingCalendar, run: ClockRun): number {
  const threshold = YELLOW_WHEN_REMAINING[run.kind];
  if (!Number.isFinite(threshold)) return run.startMs;
  const yellowOrdinal = run.deadlineOrdinal - threshold;
  const startOrdinal = run.scale.countThrough(dayOf(run.startMs)) - 1;
  return yellowOrdinal <= startOrdinal ? run.startMs : dayStartMs(run.scale.dayOfOrdinal(yellowOrdinal));
}

/** The instant a running clock turns red. */
export function redAtMs(calendar: WorkingCalendar, run: ClockRun): number {
  return deadlineMsOf(calendar, run) + OVERDUE_AFTER_MS;
}
