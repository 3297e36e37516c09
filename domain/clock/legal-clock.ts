/**
 * 法定时限 — the legal clock of a case step: its events and an instant give the deadline, the days
 * used and left, and the light. Nothing here is stored; overdue (超期) is always derived.
 *
 * Figures are taken at `now` while the clock runs, frozen at the pause instant while it is paused
 * (a paused clock neither consumes days nor changes colour; its deadline is unknown — null — until it
 * resumes), and frozen at the stop instant once stopped. Days are in the clock's unit:
 * - remainingDays: counted days after the reference day up to the deadline day (0 on the deadline
 *   day, negative once past it);
 * - elapsedDays: days consumed so far, the reference day included once it is consumed (a counted day
 *   is consumed iff the clock runs at its 00:00, see clock-run.ts) — totalDays − remainingDays;
 * - pausedDays: days handed back by pauses.
 */
import type { DayUnit } from '../calendar/day-scale.ts';
import { dayOf, instantMs } from '../calendar/shanghai-day.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockEvent, ClockKind, PauseReason } from './clock-event.ts';
import { deadlineMsOf, foldClock, OVERDUE_AFTER_MS, type ClockStatus } from './clock-run.ts';
import { lightOf, type Light } from './traffic-light.ts';

export interface ClockState {
  kind: ClockKind;
  unit: DayUnit;
  status: ClockStatus;
  pauseReason: PauseReason | null;
  startedAt: Date;
  limitDays: number;
  extensionDays: number;
  /** Number of extensions (延期) so far. */
  extensions: number;
  totalDays: number;
  /** End of the deadline day; null while paused. */
  deadline: Date | null;
  elapsedDays: number;
  remainingDays: number;
  pausedDays: number;
  overdue: boolean;
  light: Light;
  /** The instant the figures are taken at: now, or the pause or stop instant they are frozen at. */
  asOf: Date;
}

/** The clock as of `now` (events after `now` are validated but not applied). */
export function evaluateClock(calendar: WorkingCalendar, events: readonly ClockEvent[], now: Date): ClockState {
  const nowMs = instantMs(now);
  const run = foldClock(calendar, events, nowMs);
  const refMs = run.status === 'PAUSED' ? run.pausedAtMs! : run.status === 'STOPPED' ? run.stoppedAtMs! : nowMs;
  const deadlineMs = deadlineMsOf(calendar, run);
  const totalDays = run.limitDays + run.extensionDays;
  const remainingDays = run.deadlineOrdinal + 1 - run.scale.countThrough(dayOf(refMs));
  const overdue = refMs >= deadlineMs + OVERDUE_AFTER_MS;
  return {
    kind: run.kind,
    unit: run.unit,
    status: run.status,
    pauseReason: run.pauseReason,
    startedAt: new Date(run.startMs),
    limitDays: run.limitDays,
    extensionDays: run.extensionDays,
    extensions: run.extensions,
    totalDays,
    deadline: run.status === 'PAUSED' ? null : new Date(deadlineMs),
    elapsedDays: Math.max(0, totalDays - remainingDays),
    remainingDays,
    pausedDays: run.pausedDays,
    overdue,
    light: lightOf(run.kind, remainingDays, overdue),
    asOf: new Date(refMs),
  };
}
