import { describe, expect, it } from 'vitest';
import { chineseWallTime, hourOf, monthOf, monthStartMs, wallTime } from './shanghai-day.ts';

describe('Shanghai wall time', () => {
  it('reads hours, months and wall times in UTC+8, across the date line of UTC', () => {
    const lateUtc = Date.parse('2026-10-31T17:30:45Z'); // 2026-11-01 01:30:45 in Shanghai
    expect(hourOf(lateUtc)).toBe(1);
    expect(monthOf(lateUtc)).toBe('2026-11');
    expect(wallTime(new Date(lateUtc))).toBe('2026-11-01 01:30');
    expect(wallTime(new Date(lateUtc), true)).toBe('2026-11-01 01:30:45');
  });

  it('starts a month at 00:00 Shanghai on its 1st; month 13 is January of the next year', () => {
    expect(new Date(monthStartMs(2026, 10)).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(new Date(monthStartMs(2026, 13)).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('writes Beijing time for people in Chinese', () => {
    // given 2026-09-22 02:00 UTC (10:00 in Beijing) and an instant just after midnight Beijing time
    // when written for a person
    // then the Beijing date and time, in Chinese, no leading zeros in month and day
    expect(chineseWallTime(new Date('2026-09-22T02:00:00Z'))).toBe('2026年9月22日 10:00');
    expect(chineseWallTime(new Date('2026-12-31T16:05:00Z'))).toBe('2027年1月1日 00:05');
  });
});
