/**
 * A way of counting days: working days (工作日, WD) or natural days (自然日, ND). Deadlines are found
 * by ordinal arithmetic on counted days, so adding N days is O(1): the N-th counted day after `d` is
 * `dayOfOrdinal(countThrough(d) - 1 + N)`.
 */
import { DomainError } from '../errors.ts';
import { firstDayOfYear, yearOfDay, type DayNumber } from './shanghai-day.ts';

export type DayUnit = 'WD' | 'ND';

export interface DayScale {
  readonly unit: DayUnit;
  /** Counted days on or before `day`, from the scale's origin (only differences mean anything). */
  countThrough(day: DayNumber): number;
  /** The counted day whose ordinal is `k`; a counted day `d` has ordinal `countThrough(d) - 1`. */
  dayOfOrdinal(k: number): DayNumber;
  isCounted(day: DayNumber): boolean;
  /** Ordinals below this are known (Infinity: every ordinal is); a higher one lies in a year the data lacks. */
  readonly knownOrdinals: number;
}

/** Every day counts; no calendar data needed. */
export const naturalDayScale: DayScale = {
  unit: 'ND',
  countThrough: (day) => day + 1,
  dayOfOrdinal: (k) => k,
  isCounted: () => true,
  knownOrdinals: Infinity,
};

/**
 * Working days of the years `firstYear…lastYear`, `working(day)` deciding each day once. Prefix sums
 * and the list of working days are precomputed; a day or an ordinal outside the years throws
 * CALENDAR_YEAR_UNKNOWN rather than guess.
 */
export function workingDayScale(firstYear: number, lastYear: number, working: (day: DayNumber) => boolean): DayScale {
  const origin = firstDayOfYear(firstYear);
  const length = firstDayOfYear(lastYear + 1) - origin;
  const flags = new Uint8Array(length);
  const cumulative = new Int32Array(length);
  const days: DayNumber[] = [];
  for (let i = 0; i < length; i += 1) {
    if (working(origin + i)) {
      flags[i] = 1;
      days.push(origin + i);
    }
    cumulative[i] = days.length;
  }
  const ordinals = Int32Array.from(days);

  const unknownYear = (year: number): never => {
    throw new DomainError(
      'CALENDAR_YEAR_UNKNOWN',
      `工作日历未包含 ${year} 年 — the working-day calendar does not know ${year}`,
      {
        year,
        firstYear,
        lastYear,
      },
    );
  };
  const index = (day: DayNumber): number => {
    const i = day - origin;
    if (i < 0 || i >= length) unknownYear(yearOfDay(day));
    return i;
  };

  return {
    unit: 'WD',
    countThrough: (day) => cumulative[index(day)]!,
    dayOfOrdinal: (k) => {
      if (k < 0) unknownYear(firstYear - 1);
      if (k >= ordinals.length) unknownYear(lastYear + 1);
      return ordinals[k]!;
    },
    isCounted: (day) => flags[index(day)] === 1,
    knownOrdinals: ordinals.length,
  };
}
