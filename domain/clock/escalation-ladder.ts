/**
 * 预警督办 — the escalation ladder of a clock: YELLOW, RED and further configured rungs such as
 * "red + 3 working days → lead department and supervisors". Each rung has a due instant derived from
 * the clock's events; a worker sends a rung's notice (SMS, 办法 §20) once it is due, after claiming it
 * in the ladder ledger, so each rung of each clock fires at most once per epoch.
 *
 * - A paused or stopped clock fires nothing: its rungs' instants are null. Resuming and extending
 *   move the instants.
 * - Epochs: a rung's epoch counts the extensions (延期) that took it back from due to not-yet-due
 *   (it was due at the extension — at the pause instant if the clock was paused — and no longer is).
 *   The ledger key is (clock, rung, epoch), so after such an extension the rung fires again when it
 *   comes due anew (a new red after an extension is a new red), while an extension that leaves a
 *   rung due, or that only moves a rung not yet due, sends nothing twice.
 * - plusWorkingDays always counts working days, whatever the clock's unit. YELLOW + k: 00:00 of the
 *   k-th working day after the day it turned yellow. RED + k: once the k-th working day after the
 *   deadline day has ended (overdue by k working days).
 * - A rung whose instant lies in a year the calendar lacks has no instant yet (null) and fires nothing;
 *   once the year is loaded it comes due as usual and fires once, however late (the ladder catches up).
 */
import { dayOf, dayStartMs, instantMs } from '../calendar/shanghai-day.ts';
import { missingYearOf, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { DomainError } from '../errors.ts';
import type { ClockEvent } from './clock-event.ts';
import { foldClock, OVERDUE_AFTER_MS, type ClockRun } from './clock-run.ts';
import { redAtMs, yellowAtMs } from './traffic-light.ts';

/** 办理人员, 有关负责人 (科室/部门负责人), 牵头单位, 督查人员 (市工改办). */
export type Audience = 'HANDLER' | 'DEPT_HEAD' | 'LEAD_DEPT' | 'SUPERVISOR';
export const AUDIENCES: readonly Audience[] = ['HANDLER', 'DEPT_HEAD', 'LEAD_DEPT', 'SUPERVISOR'];

export interface RungConfig {
  id: string;
  after: 'YELLOW' | 'RED';
  plusWorkingDays: number;
  audience: readonly Audience[];
}

export const DEFAULT_LADDER: readonly RungConfig[] = [
  { id: 'YELLOW', after: 'YELLOW', plusWorkingDays: 0, audience: ['HANDLER', 'DEPT_HEAD'] },
  { id: 'RED', after: 'RED', plusWorkingDays: 0, audience: ['HANDLER', 'DEPT_HEAD'] },
  { id: 'RED_PLUS_3', after: 'RED', plusWorkingDays: 3, audience: ['LEAD_DEPT', 'SUPERVISOR'] },
];

export interface RungSchedule {
  rung: RungConfig;
  epoch: number;
  /** When the rung is due; null while the clock is paused or stopped. */
  dueAt: Date | null;
}

export type DueRung = RungSchedule & { dueAt: Date };

/** Records fired rungs (implemented by infra/db/ladder-ledger.repo.ts). */
export interface LadderLedger {
  /** True only for the first claim of (clockId, rungId, epoch), across workers and restarts. */
  claim(clockId: string, rungId: string, epoch: number, at: Date): Promise<boolean>;
}

/** Throws LADDER_INVALID_RUNG unless ids are unique and non-empty, days are integers ≥ 0 and audiences known. */
export function validateLadder(ladder: readonly RungConfig[]): readonly RungConfig[] {
  const seen = new Set<string>();
  for (const rung of ladder) {
    const valid =
      rung.id !== '' &&
      !seen.has(rung.id) &&
      (rung.after === 'YELLOW' || rung.after === 'RED') &&
      Number.isInteger(rung.plusWorkingDays) &&
      rung.plusWorkingDays >= 0 &&
      rung.audience.length > 0 &&
      rung.audience.every((a) => AUDIENCES.includes(a));
    if (!valid) throw new DomainError('LADDER_INVALID_RUNG', `预警规则配置无效: ${rung.id}`, { rungId: rung.id });
    seen.add(rung.id);
  }
  return ladder;
}

/** Each rung's epoch and due instant, from the events at or before `asOf`. */
export function ladderSchedule(
  calendar: WorkingCalendar,
  events: readonly ClockEvent[],
  ladder: readonly RungConfig[],
  asOf: Date,
): RungSchedule[] {
  validateLadder(ladder);
  const epochs = new Map<string, number>(ladder.map((rung) => [rung.id, 0]));
  const run = foldClock(calendar, events, instantMs(asOf), {
    onExtend(before, after, atMs) {
      const refMs = before.status === 'PAUSED' ? before.pausedAtMs! : atMs;
      for (const rung of ladder) {
        if (dueBy(calendar, before, rung, refMs) && !dueBy(calendar, after, rung, refMs)) {
          epochs.set(rung.id, epochs.get(rung.id)! + 1);
        }
      }
    },
  });
  return ladder.map((rung) => ({
    rung,
    epoch: epochs.get(rung.id)!,
    dueAt: run.status === 'RUNNING' && run.pending === null ? knownDue(calendar, run, rung) : null,
  }));
}

/** The rungs due at `now`; the caller claims each in the ledger before sending. */
export function dueRungs(
  calendar: WorkingCalendar,
  events: readonly ClockEvent[],
  ladder: readonly RungConfig[],
  now: Date,
): DueRung[] {
  const nowMs = instantMs(now);
  return ladderSchedule(calendar, events, ladder, now).filter(
    (s): s is DueRung => s.dueAt !== null && s.dueAt.getTime() <= nowMs,
  );
}

/** The rung's due instant, or null while it lies in a year the calendar lacks. */
function knownDue(calendar: WorkingCalendar, run: Readonly<ClockRun>, rung: RungConfig): Date | null {
  try {
    return new Date(rungDueMs(calendar, run, rung));
  } catch (err) {
    if (missingYearOf(err, calendar) === null) throw err;
    return null;
  }
}

/**
 * Whether the rung is due by `refMs`. An instant in a year the calendar lacks is past the known years,
 * so not due by an instant inside them; past them it is unknown and the missing year propagates.
 */
function dueBy(calendar: WorkingCalendar, run: Readonly<ClockRun>, rung: RungConfig, refMs: number): boolean {
  try {
    return rungDueMs(calendar, run, rung) <= refMs;
  } catch (err) {
    if (missingYearOf(err, calendar) === null || refMs >= calendar.coverageEndMs) throw err;
    return false;
  }
}

/** The due instant of a rung for the clock state `run`, as if running (an open pause not handed back). */
function rungDueMs(calendar: WorkingCalendar, run: Readonly<ClockRun>, rung: RungConfig): number {
  const days = calendar.workingDays;
  const k = rung.plusWorkingDays;
  if (rung.after === 'YELLOW') {
    const yellowMs = yellowAtMs(calendar, run);
    return k === 0 ? yellowMs : dayStartMs(days.dayOfOrdinal(days.countThrough(dayOf(yellowMs)) - 1 + k));
  }
  if (k === 0) return redAtMs(calendar, run);
  const deadlineDay = run.scale.dayOfOrdinal(run.deadlineOrdinal);
  return calendar.deadlineMs(days, days.countThrough(deadlineDay) - 1 + k) + OVERDUE_AFTER_MS;
}
