/** The report's month: an Asia/Shanghai calendar month `yyyy-mm`, its instants, the month before and a year before. */
import { DomainError } from '../errors.ts';
import { monthOf, monthStartMs } from '../calendar/shanghai-day.ts';

export interface MonthRange {
  month: string;
  from: Date;
  to: Date;
}

export function monthRange(month: string): MonthRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new DomainError('REPORT_MONTH_INVALID', `月份格式应为 yyyy-mm: ${month}`, { field: 'params.month' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { month, from: new Date(monthStartMs(y, mo)), to: new Date(monthStartMs(y, mo + 1)) };
}

/** The month before, and the same month a year before. */
export function previousMonth(month: string): string {
  return monthOf(monthRange(month).from.getTime() - 1);
}
export function sameMonthLastYear(month: string): string {
  monthRange(month);
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
}

/** Whether `d` falls in the month. */
export const within = (d: Date | null, r: MonthRange) =>
  !!d && d.getTime() >= r.from.getTime() && d.getTime() < r.to.getTime();
