import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { sh, wall } from './shanghai-day.fixture.ts';
import { COVERAGE_WARNING_DAYS, createWorkingCalendar } from './working-calendar.ts';
import { NOTICE_2027, TYPHOON_2027 } from './year-notice.fixture.ts';

const calendar = createWorkingCalendar();

describe('working calendar on the national schedule', () => {
  it('covers the years of the chinese-days data', () => {
    // given the calendar built from chinese-days 1.5.7
    // when its coverage is read
    // then it is 2004–2026, derived from the data
    expect([calendar.firstYear, calendar.lastYear]).toEqual([2004, 2026]);
  });

  it.each([
    // Spring Festival 2025: make-up Sun 1-26, holiday 1-28…2-4, make-up Sat 2-8
    ['2025-01-25', false, 'Saturday'],
    ['2025-01-26', true, '调休 make-up Sunday'],
    ['2025-01-27', true, 'Monday before the holiday'],
    ['2025-01-28', false, '除夕 holiday'],
    ['2025-01-31', false, 'holiday'],
    ['2025-02-03', false, 'holiday on a Monday'],
    ['2025-02-04', false, 'last holiday'],
    ['2025-02-05', true, 'first working day after'],
    ['2025-02-08', true, '调休 make-up Saturday'],
    ['2025-02-09', false, 'Sunday'],
    // Labour Day and National Day 2025
    ['2025-04-27', true, '调休 make-up Sunday'],
    ['2025-09-28', true, '调休 make-up Sunday'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, '中秋 Mid-autumn'],
    ['2025-10-08', false, 'last holiday'],
    ['2025-10-09', true, 'first working day after'],
    ['2025-10-11', true, '调休 make-up Saturday'],
    // Spring Festival 2026 (library: holiday 2-15…2-23, make-up Sat 2-14 and Sat 2-28)
    ['2026-02-14', true, '调休 make-up Saturday'],
    ['2026-02-15', false, 'holiday'],
    ['2026-02-23', false, 'last holiday, a Monday'],
    ['2026-02-24', true, 'first working day after'],
    ['2026-02-28', true, '调休 make-up Saturday'],
    // National Day 2026
    ['2026-09-20', true, '调休 make-up Sunday'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'last holiday'],
    ['2026-10-08', true, 'first working day after'],
    ['2026-10-10', true, '调休 make-up Saturday'],
    ['2026-10-11', false, 'Sunday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    // given the national calendar
    // when the day is asked about
    // then the answer follows the State Council notice
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('asks about the Shanghai day of an instant, not the UTC one', () => {
    // given 2025-10-08 23:30 UTC, which is 2025-10-09 07:30 in Shanghai
    const instant = new Date('2025-10-08T23:30:00Z');
    // when asked
    // then the Shanghai day (a working day) is meant
    expect(calendar.isWorkingDay(instant)).toBe(true);
  });

  it.each([
    ['2025-09-30 10:00', 1, '2025-10-09 23:59:59', 'across National Day'],
    ['2025-09-30 10:00', 2, '2025-10-10 23:59:59', ''],
    ['2025-09-30 10:00', 3, '2025-10-11 23:59:59', 'onto the make-up Saturday'],
    ['2025-01-24 16:00', 1, '2025-01-26 23:59:59', 'Friday + 1 is the make-up Sunday'],
    ['2025-01-27 09:00', 1, '2025-02-05 23:59:59', 'across Spring Festival'],
    ['2026-02-13 09:00', 5, '2026-02-27 23:59:59', 'Spring Festival 2026: 2-14, 2-24, 2-25, 2-26, 2-27'],
    ['2026-09-30 09:00', 1, '2026-10-08 23:59:59', 'across National Day 2026'],
    ['2026-10-09 09:00', 1, '2026-10-10 23:59:59', 'onto the make-up Saturday'],
    ['2025-06-07 11:00', 1, '2025-06-09 23:59:59', 'accepted on a Saturday: Monday'],
    ['2025-06-06 18:00', 0, '2025-06-06 23:59:59', 'N = 0 on a working day: that day'],
    ['2025-06-07 11:00', 0, '2025-06-09 23:59:59', 'N = 0 on a Saturday: next working day'],
    ['2025-10-01 11:00', 0, '2025-10-09 23:59:59', 'N = 0 in a holiday: next working day'],
  ])('%s + %i working days → %s %s', (from, n, deadline) => {
    // given an acceptance instant
    // when N working days are added
    // then the deadline is the end of the N-th working day after its day
    expect(wall(calendar.addWorkingDays(sh(from), n))).toBe(deadline);
  });

  it('counts natural days without regard to holidays', () => {
    // given an instant before National Day
    // when 3 natural days are added, and counted back
    const deadline = calendar.addNaturalDays(sh('2025-09-30 10:00'), 3);
    // then they run through the holiday
    expect(wall(deadline)).toBe('2025-10-03 23:59:59');
    expect(calendar.naturalDaysBetween(sh('2025-09-30 10:00'), deadline)).toBe(3);
  });

  it.each([
    ['2025-09-30 10:00', '2025-10-09 08:00', 1],
    ['2025-09-30 10:00', '2025-09-30 22:00', 0],
    ['2025-01-27 09:00', '2025-02-10 09:00', 5],
    ['2025-10-09 08:00', '2025-09-30 10:00', -1],
  ])('working days between %s and %s: %i', (from, to, count) => {
    // given two instants
    // when the working days between are counted
    // then the start day is not counted and the end day is
    expect(calendar.workingDaysBetween(sh(from), sh(to))).toBe(count);
  });

  it('takes a configured end of day', () => {
    // given a calendar whose deadlines end at office close
    const office = createWorkingCalendar({ endOfDay: '17:30:00' });
    // when an immediate item is accepted after close on a Friday, and another before close
    // then the late one is due at the next working day's close, the early one the same day
    expect(wall(office.addWorkingDays(sh('2025-06-06 18:00'), 0))).toBe('2025-06-09 17:30:00');
    expect(wall(office.addWorkingDays(sh('2025-06-06 10:00'), 0))).toBe('2025-06-06 17:30:00');
  });

  it.each([
    ['2027-01-04', 'a day'],
    ['2003-12-31', 'a day before the data'],
  ])('refuses an unknown year: %s (%s)', (date) => {
    // given the calendar covering 2004–2026
    // when asked about a day outside
    // then it refuses with CALENDAR_YEAR_UNKNOWN rather than guess
    expect(() => calendar.isWorkingDay(date)).toThrowError(expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }));
  });

  it('refuses a deadline that falls in an unknown year', () => {
    // given an acceptance late in 2026
    // when 10 working days are added, running into 2027
    const attempt = () => calendar.addWorkingDays(sh('2026-12-24 10:00'), 10);
    // then it is refused, naming 2027
    expect(attempt).toThrowError(DomainError);
    expect(attempt).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN', details: expect.objectContaining({ year: 2027 }) }),
    );
  });

  it('tells how many days are left before the last known year ends', () => {
    // given two instants in 2026
    // when the days until the end of coverage are asked
    // then 2026-11-01 is exactly at the warning threshold and New Year's Eve is the last day
    expect(calendar.daysUntilCoverageEnds(sh('2026-11-01 09:00'))).toBe(COVERAGE_WARNING_DAYS);
    expect(calendar.daysUntilCoverageEnds(sh('2026-12-31 23:00'))).toBe(0);
    expect(calendar.daysUntilCoverageEnds(sh('2027-01-01 00:00'))).toBe(-1);
  });

  it('rejects malformed input', () => {
    // given the calendar
    // when asked with a malformed date, a negative day count, a bad end of day
    // then each is refused with its code
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrowError(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => calendar.addWorkingDays(sh('2025-06-06 10:00'), -1)).toThrowError(
      expect.objectContaining({ code: 'INVALID_DAY_COUNT' }),
    );
    expect(() => createWorkingCalendar({ endOfDay: '24:00:00' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_TIME_OF_DAY' }),
    );
  });
});

describe('working calendar with loaded notices', () => {
  const notice = (regionCode: string, year: number, holidays: [string, string][], workingDays: string[] = []) => ({
    regionCode,
    year,
    source: 'test',
    holidays: holidays.map(([from, to]) => ({ name: '停工', from, to })),
    workingDays,
  });

  it('applies a district closure and its city closure, the district winning', () => {
    // given a city-wide closure on two days and a district notice keeping one of them a working day
    const notices = [
      notice('440400', 2025, [['2025-06-10', '2025-06-11']]),
      notice('440402', 2025, [], ['2025-06-11']),
      notice('440403', 2025, [['2025-06-12', '2025-06-12']]),
    ];
    // when the 香洲 calendar is built
    const xiangzhou = createWorkingCalendar({ regionCode: '440402', notices });
    // then the city day off applies, the district working day wins, another district's is ignored
    expect(xiangzhou.isWorkingDay('2025-06-10')).toBe(false);
    expect(xiangzhou.isWorkingDay('2025-06-11')).toBe(true);
    expect(xiangzhou.isWorkingDay('2025-06-12')).toBe(true);
    expect(wall(xiangzhou.addWorkingDays(sh('2025-06-09 10:00'), 1))).toBe('2025-06-11 23:59:59');
    // and the national calendar knows none of them
    expect(createWorkingCalendar({ notices }).isWorkingDay('2025-06-10')).toBe(true);
  });

  it('does not extend coverage by a regional notice', () => {
    // given a city closure in 2027 but no national 2027 notice
    const withStray = createWorkingCalendar({ regionCode: '440400', notices: [TYPHOON_2027] });
    // when asked about 2027
    // then it is still unknown
    expect(withStray.lastYear).toBe(2026);
    expect(() => withStray.isWorkingDay('2027-07-14')).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }),
    );
  });

  it("extends coverage by the next year's national notice", () => {
    // given the 2027 notice loaded
    const calendar2027 = createWorkingCalendar({ notices: [NOTICE_2027] });
    // when asked about 2027
    // then it answers from the notice: 元旦 off, its make-up Sunday worked, an ordinary Monday worked
    expect(calendar2027.lastYear).toBe(2027);
    expect(calendar2027.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar2027.isWorkingDay('2027-01-31')).toBe(true);
    expect(calendar2027.isWorkingDay('2027-01-04')).toBe(true);
    expect(calendar2027.isWorkingDay('2027-02-08')).toBe(false);
    expect(wall(calendar2027.addWorkingDays(sh('2026-12-31 10:00'), 1))).toBe('2027-01-04 23:59:59');
    // and 7 working days from Christmas Eve 2026 end on Tuesday 2027-01-05
    expect(wall(calendar2027.addWorkingDays(sh('2026-12-24 10:00'), 7))).toBe('2027-01-05 23:59:59');
  });

  it('lets a loaded national notice win over the package for the same year', () => {
    // given a corrected 2026 notice making 2026-10-08 a day off and 2026-10-10 no make-up day
    const corrected = notice('000000', 2026, [['2026-10-01', '2026-10-08']]);
    // when the calendar is built with it
    const calendar2026 = createWorkingCalendar({ notices: [corrected] });
    // then the notice is the year: the package's make-up days of 2026 are gone too
    expect(calendar2026.isWorkingDay('2026-10-08')).toBe(false);
    expect(calendar2026.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar2026.isWorkingDay('2026-02-14')).toBe(false);
    expect(calendar2026.isWorkingDay('2025-10-11')).toBe(true);
  });

  it('refuses a national year that leaves a gap', () => {
    // given 2028 loaded without 2027
    // when the calendar is built
    // then it is refused
    expect(() => createWorkingCalendar({ notices: [{ ...NOTICE_2027, year: 2028 }] })).toThrowError(
      expect.objectContaining({ code: 'CALENDAR_COVERAGE_GAP' }),
    );
  });
});
