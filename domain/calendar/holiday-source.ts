/**
 * The national holiday schedule (法定节假日 — statutory holidays, 调休 — make-up working days) as
 * published each year by the State Council, read from the `chinese-days` data. The years it covers
 * are derived from the data itself, so upgrading the package extends coverage without a code change.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DomainError } from '../errors.ts';
import type { LocalDate } from './shanghai-day.ts';

export interface HolidaySource {
  firstYear: number;
  lastYear: number;
  /** Days off (includes weekends that fall inside a holiday). */
  holidays: ReadonlySet<LocalDate>;
  /** 调休上班 — weekend days that are working days. */
  makeUpWorkdays: ReadonlySet<LocalDate>;
}

/** Builds a source from date lists; the covered years are those the lists mention, which must be contiguous. */
export function holidaySource(holidays: Iterable<LocalDate>, makeUpWorkdays: Iterable<LocalDate>): HolidaySource {
  const off = new Set(holidays);
  const on = new Set(makeUpWorkdays);
  const years = new Set([...off, ...on].map((date) => Number(date.slice(0, 4))));
  const sorted = [...years].sort((a, b) => a - b);
  const firstYear = sorted[0];
  const lastYear = sorted[sorted.length - 1];
  if (firstYear === undefined || lastYear === undefined || lastYear - firstYear + 1 !== sorted.length) {
    throw new DomainError(
      'CALENDAR_SOURCE_INVALID',
      '节假日数据年份不连续 — holiday data must cover contiguous years',
      { years: sorted },
    );
  }
  return { firstYear, lastYear, holidays: off, makeUpWorkdays: on };
}

let cached: HolidaySource | undefined;

/** The schedule shipped with chinese-days (1.5.7: 2004–2026). */
export function chineseDaysSource(): HolidaySource {
  cached ??= holidaySource(
    Object.keys(chineseDays.holidays as Record<string, string>),
    Object.keys(chineseDays.workdays as Record<string, string>),
  );
  return cached;
}
