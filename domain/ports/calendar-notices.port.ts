/**
 * 工作日历 as data — the notices the city loads (the State Council's of a year, a region's own days
 * off), every version kept; and the calendars in force, built from the bundled data and the current
 * notices (ADR 003). A load holds the calendar lock to the end of its transaction, so two loads of one
 * year make two versions in turn.
 */
import type { Calendars } from '../calendar/calendars.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { YearNotice } from '../calendar/year-notice.ts';
import type { ClockEvent } from '../clock/clock-event.ts';
import type { StoreTransaction } from './store.port.ts';

export interface StoredNotice extends YearNotice {
  version: number;
  loadedBy: string;
  loadedAt: Date;
}

/** A special procedure (特别程序) whose stored deadline follows the calendar: still open, or without one. */
export interface SpecialDeadline {
  procedureId: string;
  deadline: Date | null;
  regionCode: string;
  events: ClockEvent[];
}

export interface CalendarNoticeWrites {
  /** Takes the load lock (before reading: a concurrent load of the year before is seen or waited for), then the current notices. */
  lockAndReadCurrent(): Promise<StoredNotice[]>;
  /** Stores the notice as its region and year's next version; `changed` false (and the current one) when it equals the current version. */
  save(notice: YearNotice, by: { loadedBy: string; at: Date }): Promise<{ notice: StoredNotice; changed: boolean }>;
  specialDeadlines(): Promise<SpecialDeadline[]>;
  setSpecialDeadline(procedureId: string, deadline: Date | null): Promise<void>;
}

export interface CalendarNoticeStore {
  /** Every version of every notice, newest first within a region and year. */
  history(): Promise<StoredNotice[]>;
  /** One version (the current one when `version` is absent), or null. */
  notice(regionCode: string, year: number, version?: number): Promise<StoredNotice | null>;
  transaction<T>(fn: (uow: { notices: CalendarNoticeWrites; tx: StoreTransaction }) => Promise<T>): Promise<T>;
}

/** The calendars in force: every evaluation asks them, so a loaded year takes effect from the next one. */
export interface CalendarsInForce extends Calendars {
  /** The national calendar (its last year is the calendar's coverage). */
  national(): WorkingCalendar;
  /** The current notices the calendars are built from. */
  notices(): readonly StoredNotice[];
  /** Reads the notices again if one was loaded since (anywhere); true when it did. */
  refresh(): Promise<boolean>;
}
