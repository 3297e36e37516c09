/**
 * 节假日安排通知 — a year of the working-day calendar as the city loads it: the State Council's annual
 * notice (国务院办公厅关于YYYY年部分节假日安排的通知: days off and 调休 make-up working days) for the
 * nation (`000000`), or a region's own days off (a typhoon closure the city or a district government
 * declares, 停工停课) on top of it. Checked here before anything is stored, each problem naming its field.
 */
import { DomainError } from '../errors.ts';
import { NATIONAL_REGION, regionChain } from './calendar-override.ts';
import { firstDayOfYear, parseLocalDate, toLocalDate, weekdayOf, type LocalDate } from './shanghai-day.ts';

/** A run of days off, both ends included: 元旦 2027-01-01…2027-01-03, or 台风停工 for one day. */
export interface DaysOff {
  name: string;
  from: LocalDate;
  to: LocalDate;
}

export interface YearNotice {
  /** Six-digit 行政区划代码; `000000` is the State Council's national notice. */
  regionCode: string;
  year: number;
  /** The notice's title and number, e.g. 国办发明电〔2026〕N号, or the local government's announcement. */
  source: string;
  /** Days off, in date order, not overlapping. */
  holidays: DaysOff[];
  /** 调休上班 — days worked although off by default; national ones are Saturdays or Sundays. In date order. */
  workingDays: LocalDate[];
}

/** The body of a notice as sent (PUT /api/v1/calendar/… or the calendar:load file). */
export interface YearNoticeInput {
  source: string;
  holidays: readonly { name: string; from: string; to: string }[];
  workingDays: readonly string[];
}

/** Years a notice may be loaded for. */
export const NOTICE_YEARS = { min: 2000, max: 2100 } as const;
export const MAX_NOTICE_ENTRIES = 60;

const fail = (code: string, message: string, field: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, { field, ...details });
};

/**
 * The notice for `year` and `regionCode` from its body, or a DomainError naming the first offending
 * field (`body.holidays.2.to`): every date a real date inside the year, ranges ordered and not
 * overlapping, national make-up days on a Saturday or Sunday, no date both off and worked, at least
 * one holiday in a national notice.
 */
export function parseYearNotice(
  input: YearNoticeInput,
  year: number,
  regionCode: string,
  fieldPrefix = 'body',
): YearNotice {
  if (!Number.isInteger(year) || year < NOTICE_YEARS.min || year > NOTICE_YEARS.max) {
    fail('CALENDAR_YEAR_INVALID', `年份应在 ${NOTICE_YEARS.min}–${NOTICE_YEARS.max} 之间: ${year}`, 'params.year', {
      year,
    });
  }
  regionChain(regionCode);
  const national = regionCode === NATIONAL_REGION;
  const source = input.source.trim();
  if (source.length === 0) fail('CALENDAR_SOURCE_REQUIRED', '请填写通知的标题和文号', `${fieldPrefix}.source`);
  if (input.holidays.length > MAX_NOTICE_ENTRIES)
    fail('CALENDAR_TOO_MANY_ENTRIES', `放假安排最多 ${MAX_NOTICE_ENTRIES} 项`, `${fieldPrefix}.holidays`);
  if (input.workingDays.length > MAX_NOTICE_ENTRIES)
    fail('CALENDAR_TOO_MANY_ENTRIES', `调休上班日最多 ${MAX_NOTICE_ENTRIES} 天`, `${fieldPrefix}.workingDays`);
  if (national && input.holidays.length === 0)
    fail('CALENDAR_HOLIDAYS_REQUIRED', '全国节假日安排至少应有一项放假', `${fieldPrefix}.holidays`);

  const dayIn = (text: string, field: string): number => {
    let day = NaN;
    try {
      day = parseLocalDate(text);
    } catch {
      fail('INVALID_DATE', `不是有效日期 (YYYY-MM-DD): ${text}`, field, { value: text });
    }
    if (day < firstDayOfYear(year) || day >= firstDayOfYear(year + 1)) {
      fail('CALENDAR_DATE_OUTSIDE_YEAR', `${text} 不在 ${year} 年内`, field, { value: text, year });
    }
    return day;
  };

  const ranges: { from: number; to: number }[] = [];
  const holidays = input.holidays.map((h, i) => {
    const at = `${fieldPrefix}.holidays.${i}`;
    const name = h.name.trim();
    if (name.length === 0) fail('CALENDAR_NAME_REQUIRED', '请填写放假名称(如 元旦、春节、台风停工)', `${at}.name`);
    const from = dayIn(h.from, `${at}.from`);
    const to = dayIn(h.to, `${at}.to`);
    if (to < from) fail('CALENDAR_RANGE_REVERSED', `${h.name} 的结束日期 ${h.to} 早于开始日期 ${h.from}`, `${at}.to`);
    const previous = ranges.at(-1);
    if (previous && from < previous.from)
      fail('CALENDAR_RANGES_NOT_ORDERED', `放假安排应按日期先后排列: ${h.from} 早于上一项`, `${at}.from`);
    if (previous && from <= previous.to)
      fail('CALENDAR_RANGES_OVERLAP', `${h.name} (${h.from}) 与上一项放假安排重叠`, `${at}.from`);
    ranges.push({ from, to });
    return { name, from: h.from, to: h.to };
  });

  const seen = new Set<number>();
  const workingDays = input.workingDays
    .map((text, i) => {
      const field = `${fieldPrefix}.workingDays.${i}`;
      const day = dayIn(text, field);
      if (seen.has(day)) fail('CALENDAR_DATE_DUPLICATE', `${text} 重复`, field, { value: text });
      seen.add(day);
      const weekday = weekdayOf(day);
      if (national && weekday !== 0 && weekday !== 6)
        fail('CALENDAR_MAKEUP_NOT_WEEKEND', `调休上班日 ${text} 不是周六或周日`, field, { value: text });
      if (ranges.some((r) => day >= r.from && day <= r.to))
        fail('CALENDAR_DATE_BOTH', `${text} 既在放假安排内又是调休上班日`, field, { value: text });
      return day;
    })
    .sort((a, b) => a - b)
    .map(toLocalDate);

  return { regionCode, year, source, holidays, workingDays };
}

/** Every date of the notice's days off. */
export function daysOffOf(notice: Pick<YearNotice, 'holidays'>): LocalDate[] {
  return notice.holidays.flatMap((h) => {
    const dates: LocalDate[] = [];
    for (let day = parseLocalDate(h.from); day <= parseLocalDate(h.to); day += 1) dates.push(toLocalDate(day));
    return dates;
  });
}

/** Two notices say the same (source, days off with their names, working days): re-sending it is not a new version. */
export function sameNotice(
  a: Omit<YearNotice, 'regionCode' | 'year'>,
  b: Omit<YearNotice, 'regionCode' | 'year'>,
): boolean {
  const days = (n: typeof a) => JSON.stringify([n.holidays.map((h) => [h.name, h.from, h.to]), n.workingDays]);
  return a.source === b.source && days(a) === days(b);
}
