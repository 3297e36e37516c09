/**
 * The fold of a clock's events into its running state — the one place that decides how pauses and
 * extensions move a deadline. All day arithmetic is ordinal arithmetic on the clock's day scale
 * (working or natural days), so a fold is O(events).
 *
 * Which days a clock consumes (BRIEF §2.2, 民法典 §201): a counted day is consumed iff the clock is
 * running at its 00:00 Asia/Shanghai. Hence the acceptance day is not counted, a day on which the
 * clock is paused during the day still counts (its segment started), and the day a pause ends is not
 * counted (counting restarts, like on acceptance). A pause from day P to day R therefore hands back
 * exactly the counted days in (P, R]: the deadline moves by that many days. If the clock had no full
 * day left when paused (paused on its deadline day), resuming gives it the rest of the resume day, or
 * the next counted day when resumed on a non-counted day or after the end of day — the N = 0 rule of
 * acceptance. A pause that begins once the clock is already overdue keeps it overdue: the first
 * counted day after the deadline day is charged as consumed, so handing back starts after it.
 *
 * A year the calendar lacks (CALENDAR_YEAR_UNKNOWN) never stops the fold: the first event that needs
 * a day of that year marks the run `pending` with the days known to be consumed by then, and later
 * events only move its status. Once the year is loaded the same events fold exactly.
 */
import { missingYearOf, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { DayScale, DayUnit } from '../calendar/day-scale.ts';
import { dayOf } from '../calendar/shanghai-day.ts';
import type { ClockEvent, ClockKind, PauseReason } from './clock-event.ts';
import { clockError, eventInstant, nextPhase, type ClockStatus } from './clock-sequence.ts';

/** The deadline second is inclusive: a clock is overdue (RED) from one second after its deadline. */
export const OVERDUE_AFTER_MS = 1000;

export interface ClockRun {
  kind: ClockKind;
  unit: DayUnit;
  scale: DayScale;
  limitDays: number;
  startMs: number;
  extensionDays: number;
  extensions: number;
  /** Ordinal on `scale` of the deadline day, closed pauses handed back (an open pause is not yet). */
  deadlineOrdinal: number;
  /** Days handed back by closed pauses. */
  pausedDays: number;
  status: ClockStatus;
  pausedAtMs: number | null;
  pauseReason: PauseReason | null;
  stoppedAtMs: number | null;
  /**
   * Set when an event needed a day of a year the calendar lacks (`year`), at `atMs`; the numbers above
   * are then as of the last event applied, and `elapsedDays` are the days known consumed by then.
   */
  pending: { year: number; atMs: number; elapsedDays: number } | null;
}

export interface FoldHooks {
  /** Called at each applied extension with the run just before and just after it. */
  onExtend?(before: Readonly<ClockRun>, after: Readonly<ClockRun>, atMs: number): void;
}

/** The deadline instant; throws CALENDAR_YEAR_UNKNOWN when the deadline day lies in a year the calendar lacks. */
export function deadlineMsOf(calendar: WorkingCalendar, run: ClockRun): number {
  return calendar.deadlineMs(run.scale, run.deadlineOrdinal);
}

/** Whether the deadline day is known (not in a year the calendar lacks). */
export function deadlineKnown(run: Pick<ClockRun, 'scale' | 'deadlineOrdinal'>): boolean {
  return run.deadlineOrdinal < run.scale.knownOrdinals;
}

/**
 * Whether the run is past its deadline at `ms`. A deadline past the known years is not yet reached by
 * an instant inside them; only an instant past them too is unknown (CALENDAR_YEAR_UNKNOWN).
 */
export function overdueAt(calendar: WorkingCalendar, run: ClockRun, ms: number): boolean {
  if (deadlineKnown(run)) return ms >= deadlineMsOf(calendar, run) + OVERDUE_AFTER_MS;
  if (ms < calendar.coverageEndMs) return false;
  return calendar.refuseMissingYear();
}

/** Counted days after the day of `ms` up to the deadline day (0 on the deadline day, negative past it). */
export function remainingAt(run: Pick<ClockRun, 'scale' | 'deadlineOrdinal'>, ms: number): number {
  return run.deadlineOrdinal + 1 - run.scale.countThrough(dayOf(ms));
}

/**
 * Days the run had consumed by `ms`, as far as the calendar knows: up to `ms`, or up to the end of the
 * known years when `ms` lies past them (a paused run counts to its pause).
 */
export function knownElapsedDays(calendar: WorkingCalendar, run: ClockRun, ms: number): number {
  if (Number.isNaN(run.deadlineOrdinal)) return 0;
  const refMs = Math.min(run.status === 'PAUSED' ? run.pausedAtMs! : ms, calendar.coverageEndMs - 1);
  return Math.max(0, run.limitDays + run.extensionDays - remainingAt(run, refMs));
}

/**
 * Validates the whole event list (any illegal sequence throws, whatever `asOfMs` is) and folds the
 * events at or before `asOfMs`.
 */
export function foldClock(
  calendar: WorkingCalendar,
  events: readonly ClockEvent[],
  asOfMs: number,
  hooks: FoldHooks = {},
): ClockRun {
  let run: ClockRun | undefined;
  let phase: 'NEW' | ClockStatus = 'NEW';
  let previousMs = -Infinity;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index]!;
    const atMs = eventInstant(event, index);
    if (atMs < previousMs) {
      throw clockError('CLOCK_EVENT_OUT_OF_ORDER', '计时事件时间顺序错误 — events must be in time order', {
        index,
        type: event.type,
      });
    }
    previousMs = atMs;
    phase = nextPhase(phase, event, index);
    if (atMs > asOfMs) continue;
    if (event.type === 'START') {
      run = startRun(calendar, event, atMs);
    } else if (run && run.pending) {
      moveStatus(run, event, atMs);
    } else if (run) {
      try {
        run = apply(calendar, run, event, atMs, hooks);
      } catch (err) {
        const year = missingYearOf(err, calendar);
        if (year === null) throw err;
        run.pending = { year, atMs, elapsedDays: knownElapsedDays(calendar, run, atMs) };
        moveStatus(run, event, atMs);
      }
    }
  }
  if (!run) {
    throw clockError('CLOCK_NOT_STARTED', '计时尚未开始 — the clock has not started by then', {
      asOf: new Date(asOfMs).toISOString(),
    });
  }
  return run;
}

function startRun(calendar: WorkingCalendar, event: Extract<ClockEvent, { type: 'START' }>, atMs: number): ClockRun {
  const scale = calendar.scale(event.unit);
  const run: ClockRun = {
    kind: event.kind,
    unit: event.unit,
    scale,
    limitDays: event.limit,
    startMs: atMs,
    extensionDays: 0,
    extensions: 0,
    deadlineOrdinal: NaN,
    pausedDays: 0,
    status: 'RUNNING',
    pausedAtMs: null,
    pauseReason: null,
    stoppedAtMs: null,
    pending: null,
  };
  try {
    run.deadlineOrdinal = calendar.deadlineOrdinal(scale, atMs, event.limit);
  } catch (err) {
    const year = missingYearOf(err, calendar);
    if (year === null) throw err;
    run.pending = { year, atMs, elapsedDays: 0 };
  }
  return run;
}

/** What an event does to a pending run: only its status and extension count move. */
function moveStatus(run: ClockRun, event: ClockEvent, atMs: number): void {
  switch (event.type) {
    case 'PAUSE':
      Object.assign(run, { status: 'PAUSED', pausedAtMs: atMs, pauseReason: event.reason });
      break;
    case 'RESUME':
      Object.assign(run, { status: 'RUNNING', pausedAtMs: null, pauseReason: null });
      break;
    case 'EXTEND':
      run.extensionDays += event.days;
      run.extensions += 1;
      run.deadlineOrdinal += event.days;
      break;
    case 'STOP':
      Object.assign(run, { status: 'STOPPED', stoppedAtMs: atMs });
      break;
    default:
      break;
  }
}

/** Applies one event to `run` in place (the fold owns it); a CALENDAR_YEAR_UNKNOWN leaves it untouched. */
function apply(calendar: WorkingCalendar, run: ClockRun, event: ClockEvent, atMs: number, hooks: FoldHooks): ClockRun {
  switch (event.type) {
    case 'PAUSE':
      run.status = 'PAUSED';
      run.pausedAtMs = atMs;
      run.pauseReason = event.reason;
      return run;
    case 'RESUME':
      return closePause(calendar, run, atMs);
    case 'EXTEND': {
      const after = {
        ...run,
        extensionDays: run.extensionDays + event.days,
        extensions: run.extensions + 1,
        deadlineOrdinal: run.deadlineOrdinal + event.days,
      };
      hooks.onExtend?.(run, after, atMs);
      return Object.assign(run, after);
    }
    case 'STOP': {
      if (run.status === 'PAUSED') closePause(calendar, run, atMs);
      run.status = 'STOPPED';
      run.stoppedAtMs = atMs;
      return run;
    }
    default:
      return run;
  }
}

/** Hands back, in place, the days of the open pause ending at `resumeMs` (see the file comment). */
function closePause(calendar: WorkingCalendar, run: ClockRun, resumeMs: number): ClockRun {
  const pausedAtMs = run.pausedAtMs!;
  const { scale } = run;
  const resumeCount = scale.countThrough(dayOf(resumeMs));
  const pauseCount = scale.countThrough(dayOf(pausedAtMs));
  let deadlineOrdinal: number;
  if (overdueAt(calendar, run, pausedAtMs)) {
    deadlineOrdinal = run.deadlineOrdinal + Math.max(0, resumeCount - Math.max(pauseCount, run.deadlineOrdinal + 2));
  } else {
    deadlineOrdinal = Math.max(
      run.deadlineOrdinal + resumeCount - pauseCount,
      calendar.firstOpenOrdinal(scale, resumeMs),
    );
  }
  run.pausedDays += deadlineOrdinal - run.deadlineOrdinal;
  run.deadlineOrdinal = deadlineOrdinal;
  run.status = 'RUNNING';
  run.pausedAtMs = null;
  run.pauseReason = null;
  return run;
}
