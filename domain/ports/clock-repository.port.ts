/**
 * The legal clocks (法定时限) of the item cases and special procedures: each an event list evaluated on
 * its region's working calendar (domain/clock). Appending evaluates and stores the status with it.
 */
import type { ClockEvent, ClockKind } from '../clock/clock-event.ts';
import type { ClockState } from '../clock/legal-clock.ts';
import type { DayUnit } from '../calendar/day-scale.ts';

export interface ClockRecord {
  id: string;
  caseId: string;
  kind: ClockKind;
  regionCode: string;
  department: string;
  events: ClockEvent[];
}

export interface StartClock {
  id: string;
  caseId: string;
  kind: ClockKind;
  regionCode: string;
  department: string;
  limit: number;
  unit: DayUnit;
  at: Date;
}

export interface ClockRepository {
  /** Starts a clock (a repeat finds it started and evaluates it). */
  start(clock: StartClock): Promise<ClockState>;
  /** Appends an event (CLOCK_NOT_FOUND when there is no such clock). Inside a unit of work only. */
  append(clockId: string, event: ClockEvent): Promise<ClockState>;
  clock(clockId: string): Promise<ClockRecord | null>;
  /** The clocks of many cases at once, optionally of some kinds only. */
  ofCases(caseIds: readonly string[], kinds?: readonly ClockKind[]): Promise<ClockRecord[]>;
  /** Every clock that has not stopped (running or paused), for the warning sweep. */
  active(): Promise<ClockRecord[]>;
  /**
   * 预警督办台账 — claims a warning rung of a clock for an epoch: true only for the first claim, so a
   * rung fires at most once (several sweepers, restarts). In a unit of work, with the warning's send.
   */
  claimRung(clockId: string, rungId: string, epoch: number, at: Date): Promise<boolean>;
}
