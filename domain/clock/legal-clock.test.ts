import { describe, expect, it } from 'vitest';
import { sh, wall } from '../calendar/shanghai-day.fixture.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockEvent } from './clock-event.ts';
import { extend, pause, resume, start, stop } from './clock-event.fixture.ts';
import { evaluateClock, type ClockState } from './legal-clock.ts';
import { NOTICE_2027 } from '../calendar/year-notice.fixture.ts';

const calendar = createWorkingCalendar();
const at = (events: ClockEvent[], now: string) => evaluateClock(calendar, events, sh(now));

describe('legal clock — administrative clock across National Day 2025', () => {
  // accepted Friday 2025-09-26; 5 WD: 9-28 (make-up Sunday), 9-29, 9-30, 10-9, 10-10
  const events = [start('2025-09-26 10:00', 'ADMIN', 5)];

  it.each([
    ['2025-09-26 10:00', 'GREEN', 5, 0],
    ['2025-09-29 12:00', 'GREEN', 3, 2],
    ['2025-10-03 12:00', 'GREEN', 2, 3],
    ['2025-10-09 00:00', 'YELLOW', 1, 4],
    ['2025-10-10 23:59:59', 'YELLOW', 0, 5],
    ['2025-10-11 00:00', 'RED', -1, 6],
  ])('at %s the light is %s with %i days left and %i used', (now, light, remaining, elapsed) => {
    // given the clock above
    // when it is evaluated
    const state = at(events, now);
    // then the deadline stays 10-10 23:59:59 and the figures follow the day
    expect(wall(state.deadline)).toBe('2025-10-10 23:59:59');
    expect({ light: state.light, remaining: state.remainingDays, elapsed: state.elapsedDays }).toEqual({
      light,
      remaining,
      elapsed,
    });
  });
});

describe('legal clock — special procedure spanning a holiday', () => {
  // ADMIN 10 WD from Monday 2025-09-22 (deadline 10-11, the make-up Saturday); 专家评审 5 WD from Friday 9-26 14:00
  const admin = [
    start('2025-09-22 09:00', 'ADMIN', 10),
    pause('2025-09-26 14:00', 'SPECIAL_PROCEDURE'),
    resume('2025-10-09 16:00'),
  ];
  const special = [start('2025-09-26 14:00', 'SPECIAL', 5)];

  it('gives the special clock its own deadline and yellow two working days before', () => {
    // given the special clock
    // when evaluated before the holiday, on its first day after it, and past its deadline
    // then its deadline is 10-10 and yellow starts at 00:00 of 9-30 (two working days before, the holiday between)
    expect(wall(at(special, '2025-09-29 12:00').deadline)).toBe('2025-10-10 23:59:59');
    expect(at(special, '2025-09-29 23:59').light).toBe('GREEN');
    expect(at(special, '2025-09-30 00:00').light).toBe('YELLOW');
    expect(at(special, '2025-10-05 12:00').light).toBe('YELLOW');
    expect(at(special, '2025-10-11 00:00').light).toBe('RED');
  });

  it('counts a natural-day special procedure through the holiday', () => {
    // given a 公示 of 10 natural days from 9-26
    const notice = [start('2025-09-26 14:00', 'SPECIAL', 10, 'ND')];
    // when evaluated
    // then it ends 10-06 and is yellow from 10-04 00:00
    expect(wall(at(notice, '2025-10-01 12:00').deadline)).toBe('2025-10-06 23:59:59');
    expect(at(notice, '2025-10-03 23:59').light).toBe('GREEN');
    expect(at(notice, '2025-10-04 00:00').light).toBe('YELLOW');
  });

  it('hands the paused working days back to the administrative clock', () => {
    // given the ADMIN clock paused for the special procedure from 9-26 to 10-09
    // when evaluated during the pause and after
    const during = at(admin, '2025-10-03 12:00');
    const after = at(admin, '2025-10-09 17:00');
    // then during the pause it is frozen with 6 days left and no deadline;
    // after, 9-28, 9-29, 9-30 and 10-09 are handed back: 6 WD from 10-09 → 10-16
    expect({
      status: during.status,
      deadline: during.deadline,
      remaining: during.remainingDays,
      elapsed: during.elapsedDays,
    }).toEqual({ status: 'PAUSED', deadline: null, remaining: 6, elapsed: 4 });
    expect(wall(after.deadline)).toBe('2025-10-16 23:59:59');
    expect({ remaining: after.remainingDays, paused: after.pausedDays, light: after.light }).toEqual({
      remaining: 6,
      paused: 4,
      light: 'GREEN',
    });
  });
});

describe('legal clock — supplement (补齐补正) spanning a weekend', () => {
  // ADMIN 3 WD from Wednesday 2025-06-04: deadline Monday 6-9
  const accepted = start('2025-06-04 10:00', 'ADMIN', 3);

  it('hands back the resume day when resumed on Monday', () => {
    // given a supplement notice Friday 16:00, materials confirmed Monday 10:00
    const events = [accepted, pause('2025-06-06 16:00'), resume('2025-06-09 10:00')];
    // when evaluated on the weekend and after
    // then it is paused and frozen yellow on Saturday; Monday is handed back, the deadline is Tuesday
    expect(at(events, '2025-06-07 12:00')).toMatchObject({
      status: 'PAUSED',
      pauseReason: 'SUPPLEMENT',
      remainingDays: 1,
      light: 'YELLOW',
    });
    expect(wall(at(events, '2025-06-09 11:00').deadline)).toBe('2025-06-10 23:59:59');
    expect(at(events, '2025-06-09 11:00').pausedDays).toBe(1);
  });

  it('changes nothing when resumed before the next working day', () => {
    // given a supplement from Friday 16:00 to Sunday 12:00
    const events = [accepted, pause('2025-06-06 16:00'), resume('2025-06-08 12:00')];
    // when evaluated after
    // then the weekend held no working day to give back
    expect(wall(at(events, '2025-06-08 13:00').deadline)).toBe('2025-06-09 23:59:59');
  });

  it('gives a clock paused on its deadline day the next working day when resumed at the weekend', () => {
    // given an ADMIN clock due Friday 6-6, paused Friday 10:00, resumed Saturday 10:00
    const events = [start('2025-06-05 10:00', 'ADMIN', 1), pause('2025-06-06 10:00'), resume('2025-06-07 10:00')];
    // when evaluated Saturday
    // then no full day was left, so the N = 0 rule applies to the resume: end of Monday
    expect(wall(at(events, '2025-06-07 11:00').deadline)).toBe('2025-06-09 23:59:59');
  });

  it('keeps an overdue clock overdue through a pause', () => {
    // given an ADMIN clock due Friday 6-6, paused when already red on Saturday, resumed Tuesday
    const events = [start('2025-06-05 10:00', 'ADMIN', 1), pause('2025-06-07 10:00'), resume('2025-06-10 09:00')];
    // when evaluated during and after the pause
    // then it stays red: Monday is charged as overdue, Tuesday handed back
    expect(at(events, '2025-06-08 10:00').light).toBe('RED');
    expect(at(events, '2025-06-10 09:00')).toMatchObject({ light: 'RED', overdue: true });
    expect(wall(at(events, '2025-06-10 09:00').deadline)).toBe('2025-06-09 23:59:59');
  });
});

describe('legal clock — immediate item (即办)', () => {
  it('is due at the end of a Friday when accepted that Friday evening', () => {
    // given an immediate item accepted Friday 2025-06-06 19:30
    const events = [start('2025-06-06 19:30', 'IMMEDIATE', 0)];
    // when evaluated at acceptance, in the last second, and at midnight
    // then it is yellow at once, due 23:59:59, red from Saturday 00:00
    expect(wall(at(events, '2025-06-06 19:30').deadline)).toBe('2025-06-06 23:59:59');
    expect(at(events, '2025-06-06 19:30').light).toBe('YELLOW');
    expect(evaluateClock(calendar, events, new Date(sh('2025-06-06 23:59:59').getTime() + 500)).light).toBe('YELLOW');
    expect(at(events, '2025-06-07 00:00').light).toBe('RED');
  });

  it('is due at the next working day when accepted after office close', () => {
    // given a calendar whose day ends 17:30, and an immediate item accepted Friday 19:30
    const office = createWorkingCalendar({ endOfDay: '17:30:00' });
    const events = [start('2025-06-06 19:30', 'IMMEDIATE', 0)];
    // when evaluated
    const state = evaluateClock(office, events, sh('2025-06-08 12:00'));
    // then it is due Monday 17:30, yellow meanwhile
    expect(wall(state.deadline)).toBe('2025-06-09 17:30:00');
    expect(state.light).toBe('YELLOW');
  });
});

describe('legal clock — extension and stop', () => {
  const overdue = [start('2025-06-04 10:00', 'ADMIN', 3)];

  it('goes back from red after an extension', () => {
    // given a clock red since Tuesday 6-10, extended by 3 working days on 6-10
    const events = [...overdue, extend('2025-06-10 09:00', 3)];
    // when evaluated before and after the extension
    // then red before; after, due 6-12 and green (two days left after today)
    expect(at(events, '2025-06-10 08:00').light).toBe('RED');
    expect(at(events, '2025-06-10 10:00')).toMatchObject({
      light: 'GREEN',
      remainingDays: 2,
      extensions: 1,
      totalDays: 6,
    });
    expect(wall(at(events, '2025-06-10 10:00').deadline)).toBe('2025-06-12 23:59:59');
  });

  it('freezes at the stop instant', () => {
    // given a clock stopped (办结) on its deadline day
    const events = [...overdue, stop('2025-06-09 15:00')];
    // when evaluated a month later
    const state = at(events, '2025-07-09 12:00');
    // then it was completed in time
    expect(state).toMatchObject({ status: 'STOPPED', overdue: false, light: 'YELLOW', remainingDays: 0 });
    expect(wall(state.asOf)).toBe('2025-06-09 15:00:00');
  });

  it('closes an open pause when stopped while paused', () => {
    // given a clock paused Friday and stopped Monday
    const events = [...overdue, pause('2025-06-06 16:00'), stop('2025-06-09 10:00')];
    // when evaluated
    // then Monday is handed back as on a resume, and the deadline is known
    expect(wall(at(events, '2025-06-20 10:00').deadline)).toBe('2025-06-10 23:59:59');
  });
});

describe('legal clock — a year the calendar lacks (2027, before its notice is loaded)', () => {
  const with2027 = createWorkingCalendar({ notices: [NOTICE_2027] });
  const figures = (state: ClockState) => ({
    deadline: wall(state.deadline),
    remaining: state.remainingDays,
    elapsed: state.elapsedDays,
    light: state.light,
    overdue: state.overdue,
    pending: state.calendarPendingYear,
  });
  // a 7-working-day item received on Thursday 2026-12-24: 12-25, 28, 29, 30, 31, then 2027-01-04 and 01-05
  const received = [start('2026-12-24 10:00', 'ADMIN', 7)];

  it.each([
    [
      '2026-12-24 10:00',
      { deadline: null, remaining: 7, elapsed: 0, light: 'GREEN', overdue: false, pending: 2027 },
      'on receipt: every figure but the date',
    ],
    [
      '2026-12-30 12:00',
      { deadline: null, remaining: 3, elapsed: 4, light: 'GREEN', overdue: false, pending: 2027 },
      'the days of 2026 count as usual',
    ],
    [
      '2026-12-31 23:00',
      { deadline: null, remaining: 2, elapsed: 5, light: 'GREEN', overdue: false, pending: 2027 },
      '',
    ],
    [
      '2027-01-06 12:00',
      { deadline: null, remaining: null, elapsed: 5, light: 'GREEN', overdue: false, pending: 2027 },
      'in 2027 only what 2026 proves',
    ],
  ] as [string, ReturnType<typeof figures>, string][])('at %s: %j (%s)', (now, expected) => {
    // given the clock, and no 2027 in the calendar
    // when it is evaluated
    // then it never fails: the deadline waits for 2027, and the rest is what is known
    expect(figures(at(received, now))).toEqual(expected);
  });

  it('is exact the moment 2027 is known', () => {
    // given the same clock and the 2027 notice loaded
    // when it is evaluated in 2027
    // then the deadline is Tuesday 2027-01-05 and on Wednesday it is one day overdue
    expect(figures(evaluateClock(with2027, received, sh('2027-01-06 12:00')))).toEqual({
      deadline: '2027-01-05 23:59:59',
      remaining: -1,
      elapsed: 8,
      light: 'RED',
      overdue: true,
      pending: null,
    });
  });

  it('keeps a known deadline and a known red past the end of the year', () => {
    // given a 3-day clock due 2026-12-29, evaluated in 2027 without 2027
    const state = at([start('2026-12-24 10:00', 'ADMIN', 3)], '2027-01-06 12:00');
    // when read
    // then the deadline and the red are known; how many days overdue is not
    expect(figures(state)).toEqual({
      deadline: '2026-12-29 23:59:59',
      remaining: null,
      elapsed: 5,
      light: 'RED',
      overdue: true,
      pending: 2027,
    });
  });

  it('starts a clock received in the missing year', () => {
    // given an item received on 2027-01-04 and an immediate item received then
    // when evaluated two days later
    // then both are running with nothing known consumed; the immediate one is yellow from receipt
    expect(figures(at([start('2027-01-04 10:00', 'ADMIN', 5)], '2027-01-06 12:00'))).toEqual({
      deadline: null,
      remaining: null,
      elapsed: 0,
      light: 'GREEN',
      overdue: false,
      pending: 2027,
    });
    expect(at([start('2027-01-04 10:00', 'IMMEDIATE', 0)], '2027-01-04 12:00')).toMatchObject({
      status: 'RUNNING',
      light: 'YELLOW',
      calendarPendingYear: 2027,
    });
  });

  it('resumes in the missing year with the days it had', () => {
    // given 10 days from Monday 2026-12-14, paused on 12-21 (5 consumed) and resumed on 2027-01-05
    const events = [start('2026-12-14 09:00', 'ADMIN', 10), pause('2026-12-21 10:00'), resume('2027-01-05 09:00')];
    // when read while paused, after the resume without 2027, and with 2027
    const paused = at(events, '2026-12-28 10:00');
    const resumed = at(events, '2027-01-06 12:00');
    const exact = evaluateClock(with2027, events, sh('2027-01-06 12:00'));
    // then the paused clock shows the 5 days it resumes with; resumed without 2027 it keeps its 5
    // consumed and waits for the date; with 2027 the 10 working days in the pause are handed back
    expect({
      status: paused.status,
      resumesWith: paused.resumesWithDays,
      deadline: paused.deadline,
      pending: paused.calendarPendingYear,
    }).toEqual({ status: 'PAUSED', resumesWith: 5, deadline: null, pending: null });
    expect(figures(resumed)).toEqual({
      deadline: null,
      remaining: null,
      elapsed: 5,
      light: 'GREEN',
      overdue: false,
      pending: 2027,
    });
    expect(figures(exact)).toEqual({
      deadline: '2027-01-12 23:59:59',
      remaining: 4,
      elapsed: 6,
      light: 'GREEN',
      overdue: false,
      pending: null,
    });
  });

  it('adds an extension while the year is missing', () => {
    // given the 7-day clock extended by 3 days on 12-28
    const events = [...received, extend('2026-12-28 10:00', 3)];
    // when read on 12-30 without 2027, and with it
    // then the total is 10 and only the date waits; with 2027 it is Friday 2027-01-08
    expect(at(events, '2026-12-30 12:00')).toMatchObject({
      totalDays: 10,
      remainingDays: 6,
      deadline: null,
      calendarPendingYear: 2027,
    });
    expect(wall(evaluateClock(with2027, events, sh('2026-12-30 12:00')).deadline)).toBe('2027-01-08 23:59:59');
  });

  it('needs nothing of 2027 for a special procedure counted in natural days', () => {
    // given a 10-natural-day public notice started 2026-12-28 and a 20-working-day expert review started 12-21
    // when both are read
    // then the natural-day one has its date; the working-day one waits for 2027
    expect(wall(at([start('2026-12-28 10:00', 'SPECIAL', 10, 'ND')], '2026-12-29 10:00').deadline)).toBe(
      '2027-01-07 23:59:59',
    );
    expect(at([start('2026-12-21 10:00', 'SPECIAL', 20)], '2026-12-29 10:00')).toMatchObject({
      deadline: null,
      remainingDays: 14,
      calendarPendingYear: 2027,
    });
  });
});

describe('legal clock — illegal event sequences', () => {
  const s = start('2025-06-04 10:00', 'ADMIN', 3);
  it.each([
    ['pause when paused', [s, pause('2025-06-05 10:00'), pause('2025-06-05 11:00')], 'CLOCK_ALREADY_PAUSED'],
    ['resume when running', [s, resume('2025-06-05 10:00')], 'CLOCK_NOT_PAUSED'],
    ['events after stop', [s, stop('2025-06-05 10:00'), pause('2025-06-05 11:00')], 'CLOCK_STOPPED'],
    [
      'events out of time order',
      [s, pause('2025-06-05 10:00'), resume('2025-06-05 09:00')],
      'CLOCK_EVENT_OUT_OF_ORDER',
    ],
    ['no start', [pause('2025-06-05 10:00')], 'CLOCK_NOT_STARTED'],
    ['two starts', [s, s], 'CLOCK_ALREADY_STARTED'],
    ['evaluation before the start', [s], 'CLOCK_NOT_STARTED', '2025-06-04 09:00'],
    ['an immediate item with a limit', [start('2025-06-04 10:00', 'IMMEDIATE', 2)], 'CLOCK_INVALID_LIMIT'],
    ['an administrative clock in natural days', [start('2025-06-04 10:00', 'ADMIN', 2, 'ND')], 'CLOCK_INVALID_LIMIT'],
    ['an extension of zero days', [s, extend('2025-06-05 10:00', 0)], 'CLOCK_INVALID_EXTENSION'],
    ['an illegal event even after now', [s, resume('2025-06-20 10:00')], 'CLOCK_NOT_PAUSED'],
  ] as [string, ClockEvent[], string, string?][])('refuses %s', (_name, events, code, now = '2025-06-10 10:00') => {
    // given an illegal sequence
    // when the clock is evaluated
    // then it is refused with its code
    expect(() => at(events, now)).toThrowError(expect.objectContaining({ code }));
  });
});
