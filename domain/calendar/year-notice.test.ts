import { describe, expect, it } from 'vitest';
import { parseYearNotice, sameNotice, type YearNoticeInput } from './year-notice.ts';
import { NOTICE_2027_INPUT } from './year-notice.fixture.ts';

const notice = (patch: Partial<YearNoticeInput>): YearNoticeInput => ({ ...NOTICE_2027_INPUT, ...patch });
const holidays = (...ranges: [string, string][]) => ranges.map(([from, to], i) => ({ name: `假${i}`, from, to }));

describe('a year notice as the city loads it', () => {
  it('takes a well-formed national notice, make-up days sorted', () => {
    // given the 2027 notice with its make-up days out of order
    const input = notice({ workingDays: ['2027-10-09', '2027-01-31'] });
    // when it is parsed
    const parsed = parseYearNotice(input, 2027, '000000');
    // then it is kept as sent, the make-up days in date order
    expect(parsed).toMatchObject({
      year: 2027,
      regionCode: '000000',
      source: '测试用 2027 年节假日安排',
      workingDays: ['2027-01-31', '2027-10-09'],
    });
    expect(parsed.holidays).toHaveLength(7);
  });

  it.each([
    ['a year out of range', notice({}), 1999, '000000', 'CALENDAR_YEAR_INVALID', 'params.year'],
    ['an empty source', notice({ source: '  ' }), 2027, '000000', 'CALENDAR_SOURCE_REQUIRED', 'body.source'],
    [
      'no holiday in a national notice',
      notice({ holidays: [], workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_HOLIDAYS_REQUIRED',
      'body.holidays',
    ],
    [
      'a holiday without a name',
      notice({ holidays: [{ name: ' ', from: '2027-01-01', to: '2027-01-01' }], workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_NAME_REQUIRED',
      'body.holidays.0.name',
    ],
    [
      'a date that does not exist',
      notice({ holidays: holidays(['2027-02-30', '2027-03-01']), workingDays: [] }),
      2027,
      '000000',
      'INVALID_DATE',
      'body.holidays.0.from',
    ],
    [
      'a date in another year',
      notice({ holidays: holidays(['2026-12-31', '2027-01-03']), workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'body.holidays.0.from',
    ],
    [
      'a range ending in the next year',
      notice({ holidays: holidays(['2027-12-31', '2028-01-01']), workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'body.holidays.0.to',
    ],
    [
      'a range ending before it starts',
      notice({ holidays: holidays(['2027-01-03', '2027-01-01']), workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_RANGE_REVERSED',
      'body.holidays.0.to',
    ],
    [
      'ranges out of order',
      notice({ holidays: holidays(['2027-05-01', '2027-05-05'], ['2027-01-01', '2027-01-03']), workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_RANGES_NOT_ORDERED',
      'body.holidays.1.from',
    ],
    [
      'overlapping ranges',
      notice({ holidays: holidays(['2027-01-01', '2027-01-03'], ['2027-01-03', '2027-01-04']), workingDays: [] }),
      2027,
      '000000',
      'CALENDAR_RANGES_OVERLAP',
      'body.holidays.1.from',
    ],
    [
      'a make-up day on a weekday',
      notice({ workingDays: ['2027-01-31', '2027-02-22'] }),
      2027,
      '000000',
      'CALENDAR_MAKEUP_NOT_WEEKEND',
      'body.workingDays.1',
    ],
    [
      'a make-up day inside a holiday',
      notice({ workingDays: ['2027-02-06'] }),
      2027,
      '000000',
      'CALENDAR_DATE_BOTH',
      'body.workingDays.0',
    ],
    [
      'a make-up day twice',
      notice({ workingDays: ['2027-01-31', '2027-01-31'] }),
      2027,
      '000000',
      'CALENDAR_DATE_DUPLICATE',
      'body.workingDays.1',
    ],
    [
      'a make-up day in another year',
      notice({ workingDays: ['2026-12-26'] }),
      2027,
      '000000',
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'body.workingDays.0',
    ],
    ['a region that is not six digits', notice({}), 2027, '4404', 'INVALID_REGION_CODE', undefined],
    [
      'too many entries',
      notice({ workingDays: Array.from({ length: 61 }, () => '2027-01-31') }),
      2027,
      '000000',
      'CALENDAR_TOO_MANY_ENTRIES',
      'body.workingDays',
    ],
  ] as [string, YearNoticeInput, number, string, string, string | undefined][])(
    'refuses %s',
    (_name, input, year, region, code, field) => {
      // given a notice with one fault
      // when it is parsed
      // then it is refused with its code, naming the offending field
      expect(() => parseYearNotice(input, year, region)).toThrowError(
        expect.objectContaining({ code, ...(field ? { details: expect.objectContaining({ field }) } : {}) }),
      );
    },
  );

  it('takes a regional closure with no make-up day and on any weekday', () => {
    // given a district's typhoon closure over a weekend and a regional working day on a Wednesday
    const input = {
      source: '香洲区停工通告',
      holidays: [{ name: '台风停工', from: '2027-07-16', to: '2027-07-19' }],
      workingDays: ['2027-07-21'],
    };
    // when it is parsed for 香洲区
    // then it is taken: the weekend inside and the weekday working day are the region's business
    expect(parseYearNotice(input, 2027, '440402')).toMatchObject({
      regionCode: '440402',
      holidays: [{ from: '2027-07-16', to: '2027-07-19' }],
      workingDays: ['2027-07-21'],
    });
  });

  it('tells a changed notice from a re-sent one', () => {
    // given the notice parsed twice, and once with one more make-up day
    const a = parseYearNotice(notice({}), 2027, '000000');
    const b = parseYearNotice(notice({ source: ' 测试用 2027 年节假日安排 ' }), 2027, '000000');
    const c = parseYearNotice(
      notice({ workingDays: [...NOTICE_2027_INPUT.workingDays, '2027-12-25'] }),
      2027,
      '000000',
    );
    // when compared
    // then the re-sent one is the same and the changed one is not
    expect(sameNotice(a, b)).toBe(true);
    expect(sameNotice(a, c)).toBe(false);
  });
});
