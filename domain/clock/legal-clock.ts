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
 *
 * A year the calendar lacks never makes evaluation fail: the state then carries
 * `calendarPendingYear`, the deadline and remaining days it hides are null, and elapsed days, overdue
 * and the light are what the known years prove. Loading the year makes the same events exact.
 */
import type { DayUnit } from '../calendar/day-scale.ts';
import { instantMs } from '../calendar/shanghai-day.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockEvent, ClockKind, PauseReason } from './clock-event.ts';
import { deadlineKnown, deadlineMsOf, foldClock, knownElapsedDays, overdueAt, remainingAt } from './clock-run.ts';
import type { ClockStatus } from './clock-sequence.ts';
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
  /** End of the deadline day; null while paused, or while the deadline day lies in a year the calendar lacks. */
  deadline: Date | null;
  /** Days consumed so far — while `calendarPendingYear` is set, those the known years prove. */
  elapsedDays: number;
  /** Counted days after the reference day up to the deadline day; null when a missing year hides it. */
  remainingDays: number | null;
  /** While paused: the days the clock resumes with (remainingDays frozen at the pause); else null. */
  resumesWithDays: number | null;
  pausedDays: number;
  /** Past the deadline — while `calendarPendingYear` is set, only when the known years prove it. */
  overdue: boolean;
  /** The light; while `calendarPendingYear` is set, the least the known years prove (IMMEDIATE: yellow). */
  light: Light;
  /**
   * The year the calendar lacks that this clock needs (its deadline day, or a day it ran or was paused
   * or resumed on); null when everything is known. Figures then stop at what is known.
   */
  calendarPendingYear: number | null;
  /** The instant the figures are taken at: now, or the pause or stop instant they are frozen at. */
  asOf: Date;
}

/** The clock as of `now` (events after `now` are validated but not applied). Never throws for a missing year. */
export function evaluateClock(calendar: WorkingCalendar, events: readonly ClockEvent[], now: Date): ClockState {
  const nowMs = instantMs(now);
  const run = foldClock(calendar, events, nowMs);
  const refMs = run.status === 'PAUSED' ? run.pausedAtMs! : run.status === 'STOPPED' ? run.stoppedAtMs! : nowMs;
  const totalDays = run.limitDays + run.extensionDays;
  const base = {
    kind: run.kind,
    unit: run.unit,
    status: run.status,
    pauseReason: run.pauseReason,
    startedAt: new Date(run.startMs),
    limitDays: run.limitDays,
    extensionDays: run.extensionDays,
    extensions: run.extensions,
    totalDays,
    pausedDays: run.pausedDays,
    asOf: new Date(refMs),
  };
  const known = run.pending === null && (run.scale.knownOrdinals === Infinity || refMs < calendar.coverageEndMs);
  if (known) {
    const remainingDays = remainingAt(run, refMs);
    const overdue = overdueAt(calendar, run, refMs);
    const showDeadline = run.status !== 'PAUSED' && deadlineKnown(run);
    return {
      ...base,
      remainingDays,
      overdue,
      light: lightOf(run.kind, remainingDays, overdue),
      deadline: showDeadline ? new Date(deadlineMsOf(calendar, run)) : null,
      elapsedDays: Math.max(0, totalDays - remainingDays),
      resumesWithDays: run.status === 'PAUSED' ? remainingDays : null,
      calendarPendingYear: run.status !== 'PAUSED' && !deadlineKnown(run) ? calendar.lastYear + 1 : null,
    };
  }
  // a missing year hides the rest: figures as far as the known years go
  const elapsedDays = run.pending?.elapsedDays ?? knownElapsedDays(calendar, run, refMs);
  const overdue = (run.pending === null && deadlineKnown(run)) || elapsedDays > totalDays;
  return {
    ...base,
    remainingDays: null,
    resumesWithDays: null,
    overdue,
    elapsedDays,
    light: lightOf(run.kind, totalDays - elapsedDays, overdue),
    deadline: run.pending === null && overdue && run.status !== 'PAUSED' ? new Date(deadlineMsOf(calendar, run)) : null,
    calendarPendingYear: run.pending?.year ?? calendar.lastYear + 1,
  };
}
