/**
 * Calendar days in Asia/Shanghai (UTC+8, no daylight saving since 1991), as integer day numbers:
 * day 0 is 1970-01-01 in Shanghai. Instants are epoch milliseconds; a day runs from its 00:00 +08:00.
 */
import { DomainError } from '../errors.ts';

/** Days since 1970-01-01 in Asia/Shanghai. */
export type DayNumber = number;
/** A Shanghai calendar date written `YYYY-MM-DD`. */
export type LocalDate = string;

export const MS_PER_DAY = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})$/;

/** The Shanghai day an instant falls on. */
export function dayOf(ms: number): DayNumber {
  return Math.floor((ms + OFFSET_MS) / MS_PER_DAY);
}

/** The instant of 00:00 Asia/Shanghai on `day`. */
export function dayStartMs(day: DayNumber): number {
  return day * MS_PER_DAY - OFFSET_MS;
}

/** The hour (0–23) an instant falls in, in Shanghai. */
export function hourOf(ms: number): number {
  return Math.floor((ms - dayStartMs(dayOf(ms))) / 3_600_000);
}

/** `YYYY-MM`: the Shanghai month an instant falls in. */
export function monthOf(ms: number): string {
  return toLocalDate(dayOf(ms)).slice(0, 7);
}

/** The instant of 00:00 Asia/Shanghai on the 1st of `month` (1–12; 13 is January of the next year). */
export function monthStartMs(year: number, month: number): number {
  return dayStartMs(Date.UTC(year, month - 1, 1) / MS_PER_DAY);
}

/** Shanghai wall time of an instant, for people: `YYYY-MM-DD HH:MM`, or `… HH:MM:SS`. */
export function wallTime(at: Date, withSeconds = false): string {
  return new Date(instantMs(at) + OFFSET_MS)
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ');
}

/** Beijing time for people, in Chinese: `2026年9月22日 10:00` (what every text to a person uses). */
export function chineseWallTime(at: Date): string {
  const [date, time] = wallTime(at).split(' ') as [string, string];
  return `${chineseDate(date)} ${time}`;
}

/** `2026-09-22` → `2026年9月22日`. */
export function chineseDate(date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

export function toLocalDate(day: DayNumber): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function firstDayOfYear(year: number): DayNumber {
  return Date.UTC(year, 0, 1) / MS_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function parseLocalDate(text: LocalDate): DayNumber {
  const m = LOCAL_DATE.exec(text);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY : NaN;
  if (!Number.isInteger(day) || toLocalDate(day) !== text) {
    throw new DomainError('INVALID_DATE', `不是有效日期 (YYYY-MM-DD): ${text}`, { value: text });
  }
  return day;
}

/** A date string is a Shanghai calendar day; a Date is an instant whose Shanghai day is meant. */
export function toDay(value: Date | LocalDate): DayNumber {
  return typeof value === 'string' ? parseLocalDate(value) : dayOf(instantMs(value));
}

export function instantMs(value: Date): number {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new DomainError('INVALID_DATE', '无效时间 — invalid instant', {});
  return ms;
}

/** `HH:MM:SS` → milliseconds after 00:00. */
export function parseTimeOfDay(text: string): number {
  const m = TIME_OF_DAY.exec(text);
  const [h, min, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!(h <= 23 && min <= 59 && s <= 59)) {
    throw new DomainError('INVALID_TIME_OF_DAY', `不是有效时刻 (HH:MM:SS): ${text}`, { value: text });
  }
  return ((h * 60 + min) * 60 + s) * 1000;
}
