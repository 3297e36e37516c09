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
 *
 * Years come from the holiday package (chinese-days) and from the notices the city loads: a national
 * notice (year-notice.ts) replaces the package's year or adds the next one; a region's notice
 * overrides days of its region chain.
 */
import { DomainError } from '../errors.ts';
import { NATIONAL_REGION, regionChain, resolveOverrides, type CalendarOverride } from './calendar-override.ts';
import { naturalDayScale, workingDayScale, type DayScale, type DayUnit } from './day-scale.ts';
import { chineseDaysSource, type HolidaySource } from './holiday-source.ts';
import { daysOffOf, type YearNotice } from './year-notice.ts';
import {
  dayOf,
  dayStartMs,
  firstDayOfYear,
  instantMs,
  parseTimeOfDay,
  toDay,
  toLocalDate,
  weekdayOf,
  type DayNumber,
  type LocalDate,
} from './shanghai-day.ts';

export interface WorkingCalendarOptions {
  /** Six-digit 行政区划代码 whose regional notices apply (with its city's and province's); none: national only. */
  regionCode?: string;
  /**
   * Loaded notices (the current version of each): national ones replace the package's year or extend
   * the coverage by adjoining years; regional ones apply to `regionCode` and the regions under theirs.
   */
  notices?: readonly YearNotice[];
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

  /** The instant the known years end: 00:00 on 1 January after the last known year. */
  get coverageEndMs(): number {
    return dayStartMs(firstDayOfYear(this.lastYear + 1));
  }

  /** Throws CALENDAR_YEAR_UNKNOWN for the first year after the known ones. */
  refuseMissingYear(): never {
    const year = this.lastYear + 1;
    throw new DomainError(
      'CALENDAR_YEAR_UNKNOWN',
      `工作日历未包含 ${year} 年 — the working-day calendar does not know ${year}`,
      {
        year,
        firstYear: this.firstYear,
        lastYear: this.lastYear,
      },
    );
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
 * national notices of adjoining years (a gap is refused); a national notice's year is its days off and
 * make-up days on weekends, whatever the package said; a regional notice overrides its days.
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const source = options.source ?? chineseDaysSource();
  const notices = options.notices ?? [];
  const national = new Map<number, { off: Set<LocalDate>; on: Set<LocalDate> }>();
  for (const notice of notices.filter((n) => n.regionCode === NATIONAL_REGION)) {
    national.set(notice.year, { off: new Set(daysOffOf(notice)), on: new Set(notice.workingDays) });
  }
  const { firstYear, lastYear } = coveredYears(source, [...national.keys()]);
  const chain = options.regionCode === undefined ? new Set<string>() : new Set(regionChain(options.regionCode));
  const overrides = resolveOverrides(
    notices.filter((n) => n.regionCode !== NATIONAL_REGION && chain.has(n.regionCode)).flatMap(overridesOf),
    options.regionCode,
  );
  const working = (day: DayNumber): boolean => {
    const date = toLocalDate(day);
    const override = overrides.get(date);
    if (override) return override.working;
    const year = national.get(Number(date.slice(0, 4)));
    if (year ? year.on.has(date) : source.makeUpWorkdays.has(date)) return true;
    if (year ? year.off.has(date) : source.holidays.has(date)) return false;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  };
  return new WorkingCalendar(firstYear, lastYear, working, options.endOfDay ?? '23:59:59');
}

/** A regional notice as day overrides. */
function overridesOf(notice: YearNotice): CalendarOverride[] {
  return [
    ...notice.holidays.flatMap((h) =>
      daysOffOf({ holidays: [h] }).map((date) => ({
        date,
        working: false,
        regionCode: notice.regionCode,
        reason: h.name,
      })),
    ),
    ...notice.workingDays.map((date) => ({
      date,
      working: true,
      regionCode: notice.regionCode,
      reason: notice.source,
    })),
  ];
}

/** The years covered: the source's, extended by adjoining national notice years; a gap is refused. */
export function coveredYears(
  source: Pick<HolidaySource, 'firstYear' | 'lastYear'>,
  nationalYears: readonly number[],
): { firstYear: number; lastYear: number } {
  let { firstYear, lastYear } = source;
  const years = [...new Set(nationalYears)];
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
  return new DomainError(
    'CALENDAR_COVERAGE_GAP',
    `年份 ${year} 与已知年份 ${firstYear}–${lastYear} 不相连,请先载入中间的年份`,
    {
      year,
      firstYear,
      lastYear,
      field: 'params.year',
    },
  );
}

/**
 * The missing year a computation stopped at: the year of a CALENDAR_YEAR_UNKNOWN error past the
 * calendar's last known year; null for any other error (which the caller rethrows).
 */
export function missingYearOf(error: unknown, calendar: Pick<WorkingCalendar, 'lastYear'>): number | null {
  if (!(error instanceof DomainError) || error.code !== 'CALENDAR_YEAR_UNKNOWN') return null;
  const year = error.details?.year;
  return typeof year === 'number' && year > calendar.lastYear ? year : null;
}
