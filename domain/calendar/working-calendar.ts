/**
 * 工作日历 — the China working-day calendar of one jurisdiction: the national holiday schedule
 * (节假日 and 调休 make-up days) plus the region's overrides, over the years the data covers.
 *
 * Counting rules (民法典 §201; BRIEF §2.2), all in Asia/Shanghai:
 * - the start day is not counted: N days from an instant end with the N-th counted day after its day;
 * - a deadline is the end of that day, at `endOfDay` (default 23:59:59, the whole second included);
 * - N = 0 (即办 — immediate items): the end of the day itself if it is a counted day and the instant is
 *   not past its end of day; otherwise the end of the next counted day. So an immediate item accepted
 *   on a Saturday, or after office close, is due at the end of the next working day — the same
 *   deadline as N = 1 in that case;
 * - a year the calendar does not know is refused (CALENDAR_YEAR_UNKNOWN), never guessed.
 */
import { DomainError } from '../errors.ts';
import { resolveOverrides, type CalendarOverride, type DeclaredYear } from './calendar-override.ts';
import { naturalDayScale, workingDayScale, type DayScale, type DayUnit } from './day-scale.ts';
import { chineseDaysSource, type HolidaySource } from './holiday-source.ts';
import {
  dayOf, dayStartMs, firstDayOfYear, instantMs, parseTimeOfDay, toDay, toLocalDate, weekdayOf,
  type DayNumber, type LocalDate,
} from './shanghai-day.ts';

export interface WorkingCalendarOptions {
  /** Six-digit 行政区划代码 whose overrides apply (with its city's, province's and national ones). */
  regionCode?: string;
  overrides?: readonly CalendarOverride[];
  declaredYears?: readonly DeclaredYear[];
  /** `HH:MM:SS` a deadline day ends at; default `23:59:59`. */
  endOfDay?: string;
  /** The national schedule; default the chinese-days package data. */
  source?: HolidaySource;
}

/** Start-up warns when the last known year ends within this many days. */
export const COVERAGE_WARNING_DAYS = 60;

export class WorkingCalendar {
  readonly workingDays: DayScale;
  readonly naturalDays: DayScale = naturalDayScale;
  /** Milliseconds after 00:00 at which a deadline day ends. */
  readonly endOfDayMs: number;

  constructor(
    readonly firstYear: number,
    readonly lastYear: number,
    working: (day: DayNumber) => boolean,
    endOfDay: string,
  ) {
    this.endOfDayMs = parseTimeOfDay(endOfDay);
    this.workingDays = workingDayScale(firstYear, lastYear, working);
  }

  scale(unit: DayUnit): DayScale {
    return unit === 'WD' ? this.workingDays : this.naturalDays;
  }

  isWorkingDay(day: Date | LocalDate): boolean {
    return this.workingDays.isCounted(toDay(day));
  }

  /** The deadline N working days after `from` (see the counting rules above). */
  addWorkingDays(from: Date, n: number): Date {
    return this.addDays(from, n, 'WD');
  }

  addNaturalDays(from: Date, n: number): Date {
    return this.addDays(from, n, 'ND');
  }

  addDays(from: Date, n: number, unit: DayUnit): Date {
    if (!Number.isInteger(n) || n < 0) {
      throw new DomainError('INVALID_DAY_COUNT', `天数应为非负整数: ${n}`, { value: n });
    }
    const scale = this.scale(unit);
    return new Date(this.deadlineMs(scale, this.deadlineOrdinal(scale, instantMs(from), n)));
  }

  /** Working days in (day of `from`, day of `to`]: the start day is not counted; negative when `to` is earlier. */
  workingDaysBetween(from: Date, to: Date): number {
    return this.daysBetween(from, to, 'WD');
  }

  naturalDaysBetween(from: Date, to: Date): number {
    return this.daysBetween(from, to, 'ND');
  }

  daysBetween(from: Date, to: Date, unit: DayUnit): number {
    const scale = this.scale(unit);
    return scale.countThrough(dayOf(instantMs(to))) - scale.countThrough(dayOf(instantMs(from)));
  }

  /** Natural days from the day of `at` to 31 December of the last known year (negative once past it). */
  daysUntilCoverageEnds(at: Date): number {
    return firstDayOfYear(this.lastYear + 1) - 1 - dayOf(instantMs(at));
  }

  /**
   * Ordinal (on `scale`) of the deadline day N days after the instant `startMs`: the N-th counted day
   * after its day, and for N = 0 the first counted day whose end of day is not before `startMs`.
   */
  deadlineOrdinal(scale: DayScale, startMs: number, n: number): number {
    return Math.max(scale.countThrough(dayOf(startMs)) - 1 + n, this.firstOpenOrdinal(scale, startMs));
  }

  /** Ordinal of the first counted day whose end of day is at or after `ms` (the day of `ms` or a later one). */
  firstOpenOrdinal(scale: DayScale, ms: number): number {
    const day = dayOf(ms);
    const count = scale.countThrough(day);
    return scale.isCounted(day) && ms <= this.endOfDayMsOf(day) ? count - 1 : count;
  }

  /** The deadline instant of the counted day with ordinal `k`. */
  deadlineMs(scale: DayScale, k: number): number {
    return this.endOfDayMsOf(scale.dayOfOrdinal(k));
  }

  endOfDayMsOf(day: DayNumber): number {
    return dayStartMs(day) + this.endOfDayMs;
  }
}

/**
 * Builds the calendar of a region. Years covered: those of the holiday source, extended only by
 * declared years adjoining them (a gap is refused); a declared year's days are weekends plus overrides.
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const source = options.source ?? chineseDaysSource();
  const { firstYear, lastYear } = coveredYears(source, options.declaredYears ?? []);
  const overrides = resolveOverrides(options.overrides ?? [], options.regionCode);
  const working = (day: DayNumber): boolean => {
    const date = toLocalDate(day);
    const override = overrides.get(date);
    if (override) return override.working;
    if (source.makeUpWorkdays.has(date)) return true;
    if (source.holidays.has(date)) return false;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  };
  return new WorkingCalendar(firstYear, lastYear, working, options.endOfDay ?? '23:59:59');
}

function coveredYears(source: HolidaySource, declared: readonly DeclaredYear[]): { firstYear: number; lastYear: number } {
  let { firstYear, lastYear } = source;
  const years = [...new Set(declared.map((d) => d.year))];
  for (const year of years.filter((y) => y > lastYear).sort((a, b) => a - b)) {
    if (year !== lastYear + 1) throw coverageGap(year, firstYear, lastYear);
    lastYear = year;
  }
  for (const year of years.filter((y) => y < firstYear).sort((a, b) => b - a)) {
    if (year !== firstYear - 1) throw coverageGap(year, firstYear, lastYear);
    firstYear = year;
  }
  return { firstYear, lastYear };
}

function coverageGap(year: number, firstYear: number, lastYear: number): DomainError {
  return new DomainError('CALENDAR_COVERAGE_GAP', `声明的年份 ${year} 与已知年份 ${firstYear}–${lastYear} 不相连`, {
    year,
    firstYear,
    lastYear,
  });
}
