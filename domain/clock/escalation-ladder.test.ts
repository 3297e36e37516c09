import { describe, expect, it } from 'vitest';
import { sh, wall } from '../calendar/shanghai-day.fixture.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import type { ClockEvent } from './clock-event.ts';
import { extend, pause, resume, start, stop } from './clock-event.fixture.ts';
import { NOTICE_2027 } from '../calendar/year-notice.fixture.ts';
import { DEFAULT_LADDER, dueRungs, ladderSchedule, validateLadder, type RungConfig } from './escalation-ladder.ts';

const calendar = createWorkingCalendar();
const schedule = (events: ClockEvent[], asOf: string, ladder: readonly RungConfig[] = DEFAULT_LADDER) =>
  Object.fromEntries(
    ladderSchedule(calendar, events, ladder, sh(asOf)).map((s) => [
      s.rung.id,
      { epoch: s.epoch, dueAt: wall(s.dueAt) },
    ]),
  );
const due = (events: ClockEvent[], now: string) =>
  dueRungs(calendar, events, DEFAULT_LADDER, sh(now)).map((s) => `${s.rung.id}#${s.epoch}`);

// ADMIN 5 WD from Friday 2025-09-26: deadline 10-10 (National Day between)
const accepted = start('2025-09-26 10:00', 'ADMIN', 5);

describe('escalation ladder', () => {
  it('schedules yellow, red and red + 3 working days', () => {
    // given the running clock
    // when its ladder is scheduled
    // then yellow is 00:00 of 10-09, red 00:00 of 10-11, and red + 3 WD once 10-11 (make-up Sat), 10-13, 10-14 have ended
    expect(schedule([accepted], '2025-09-29 10:00')).toEqual({
      YELLOW: { epoch: 0, dueAt: '2025-10-09 00:00:00' },
      RED: { epoch: 0, dueAt: '2025-10-11 00:00:00' },
      RED_PLUS_3: { epoch: 0, dueAt: '2025-10-15 00:00:00' },
    });
  });

  it('lists the rungs due at an instant', () => {
    // given the running clock
    // when asked at several instants
    // then each rung is due from its instant on
    expect(due([accepted], '2025-10-08 23:59')).toEqual([]);
    expect(due([accepted], '2025-10-09 00:00')).toEqual(['YELLOW#0']);
    expect(due([accepted], '2025-10-15 00:00')).toEqual(['YELLOW#0', 'RED#0', 'RED_PLUS_3#0']);
  });

  it('fires nothing while paused and moves the instants on resume', () => {
    // given the clock paused on 10-09 (already yellow) and resumed on 10-14
    const paused = [accepted, pause('2025-10-09 09:00')];
    const resumed = [...paused, resume('2025-10-14 09:00')];
    // when scheduled during and after the pause
    // then nothing is due while paused; after, 10-10, 10-11, 10-13, 10-14 are handed back:
    // deadline 10-15, so yellow is at 00:00 of 10-14 (it was yellow when paused) and red at 00:00 of 10-16
    expect(schedule(paused, '2025-10-10 10:00')).toEqual({
      YELLOW: { epoch: 0, dueAt: null },
      RED: { epoch: 0, dueAt: null },
      RED_PLUS_3: { epoch: 0, dueAt: null },
    });
    expect(due(paused, '2025-10-20 10:00')).toEqual([]);
    expect(schedule(resumed, '2025-10-14 10:00')).toMatchObject({
      YELLOW: { epoch: 0, dueAt: '2025-10-14 00:00:00' },
      RED: { epoch: 0, dueAt: '2025-10-16 00:00:00' },
    });
  });

  it('fires nothing once stopped', () => {
    // given the clock stopped while red
    const events = [accepted, stop('2025-10-11 09:00')];
    // when asked later
    // then nothing is due
    expect(due(events, '2025-10-20 10:00')).toEqual([]);
  });

  it('starts a new epoch for rungs an extension takes back', () => {
    // given the clock red since 10-11, extended by 5 working days on 10-13
    const events = [accepted, extend('2025-10-13 10:00', 5)];
    // when scheduled after the extension
    // then the deadline is 10-16 (10-11 is a make-up Saturday); yellow and red are not due any more and
    // may fire again (epoch 1); red + 3 was never due and stays at epoch 0
    expect(schedule(events, '2025-10-13 11:00')).toEqual({
      YELLOW: { epoch: 1, dueAt: '2025-10-15 00:00:00' },
      RED: { epoch: 1, dueAt: '2025-10-17 00:00:00' },
      RED_PLUS_3: { epoch: 0, dueAt: '2025-10-22 00:00:00' },
    });
    expect(due(events, '2025-10-18 00:00')).toEqual(['YELLOW#1', 'RED#1']);
  });

  it('keeps the epoch when an extension leaves a rung due', () => {
    // given the clock yellow since 10-09, extended by one working day on 10-10
    const events = [accepted, extend('2025-10-10 10:00', 1)];
    // when asked after the extension
    // then it is still yellow: the yellow already sent is not sent again
    expect(due(events, '2025-10-10 11:00')).toEqual(['YELLOW#0']);
  });

  it('counts epochs from the pause instant for an extension during a pause', () => {
    // given the clock red, paused on 10-13, extended by 5 during the pause, resumed 10-15
    const events = [accepted, pause('2025-10-13 09:00'), extend('2025-10-14 10:00', 5), resume('2025-10-15 09:00')];
    // when scheduled after the resume
    // then red is a new epoch, due once the new deadline has passed
    expect(schedule(events, '2025-10-15 10:00')).toMatchObject({ RED: { epoch: 1, dueAt: '2025-10-21 00:00:00' } });
  });

  it('makes an immediate item yellow at acceptance', () => {
    // given an immediate item accepted Friday 19:30
    const events = [start('2025-06-06 19:30', 'IMMEDIATE', 0)];
    // when asked at acceptance and at midnight
    // then yellow is due at once, red from Saturday 00:00
    expect(due(events, '2025-06-06 19:30')).toEqual(['YELLOW#0']);
    expect(due(events, '2025-06-07 00:00')).toEqual(['YELLOW#0', 'RED#0']);
  });

  it('counts further rungs in working days even for a natural-day clock', () => {
    // given a 10 ND 公示 from 9-26 (deadline Monday 10-06, a holiday) and a rung red + 1 WD
    const events = [start('2025-09-26 14:00', 'SPECIAL', 10, 'ND')];
    const ladder: RungConfig[] = [{ id: 'RED_PLUS_1', after: 'RED', plusWorkingDays: 1, audience: ['LEAD_DEPT'] }];
    // when scheduled
    // then it is due once the first working day after the deadline (10-09) has ended
    expect(schedule(events, '2025-09-27 10:00', ladder)).toEqual({
      RED_PLUS_1: { epoch: 0, dueAt: '2025-10-10 00:00:00' },
    });
  });

  it('refuses an invalid ladder', () => {
    // given rungs with a duplicate id, negative days, an unknown audience
    const base: RungConfig = { id: 'A', after: 'RED', plusWorkingDays: 1, audience: ['SUPERVISOR'] };
    // when validated
    // then each is refused
    for (const ladder of [
      [base, base],
      [{ ...base, plusWorkingDays: -1 }],
      [{ ...base, audience: ['MAYOR' as never] }],
    ]) {
      expect(() => validateLadder(ladder)).toThrowError(expect.objectContaining({ code: 'LADDER_INVALID_RUNG' }));
    }
  });
});

describe('escalation ladder — a year the calendar lacks', () => {
  const with2027 = createWorkingCalendar({ notices: [NOTICE_2027] });
  const dueWith = (cal: typeof calendar, events: ClockEvent[], now: string) =>
    dueRungs(cal, events, DEFAULT_LADDER, sh(now)).map((s) => `${s.rung.id}#${s.epoch}`);
  // 5 working days from Thursday 2026-12-24: due 12-31; red + 3 working days falls in 2027
  const fiveDays = [start('2026-12-24 10:00', 'ADMIN', 5)];

  it('schedules what 2026 decides and leaves the rest without an instant', () => {
    // given the clock, and no 2027
    // when its ladder is scheduled
    // then yellow and red have their instants; red + 3 waits for 2027
    expect(schedule(fiveDays, '2026-12-28 10:00')).toEqual({
      YELLOW: { epoch: 0, dueAt: '2026-12-30 00:00:00' },
      RED: { epoch: 0, dueAt: '2027-01-01 00:00:00' },
      RED_PLUS_3: { epoch: 0, dueAt: null },
    });
  });

  it('catches up once 2027 is loaded, each rung with the epoch it had', () => {
    // given the clock read on 2027-01-12, first without 2027, then with it
    // when the due rungs are listed
    // then without 2027 only yellow and red fire; with it red + 3 (due 2027-01-07) joins them, same epochs
    expect(dueWith(calendar, fiveDays, '2027-01-12 10:00')).toEqual(['YELLOW#0', 'RED#0']);
    expect(dueWith(with2027, fiveDays, '2027-01-12 10:00')).toEqual(['YELLOW#0', 'RED#0', 'RED_PLUS_3#0']);
    expect(wall(ladderSchedule(with2027, fiveDays, DEFAULT_LADDER, sh('2027-01-12 10:00'))[2]!.dueAt)).toBe(
      '2027-01-07 00:00:00',
    );
  });

  it('fires nothing for a clock whose deadline lies in 2027 until 2027 is known', () => {
    // given a 7-day clock from 12-24 (due 2027-01-05), read on 2027-01-12
    const sevenDays = [start('2026-12-24 10:00', 'ADMIN', 7)];
    // when the due rungs are listed without and with 2027
    // then none without; all three with
    expect(dueWith(calendar, sevenDays, '2027-01-12 10:00')).toEqual([]);
    expect(dueWith(with2027, sevenDays, '2027-01-12 10:00')).toEqual(['YELLOW#0', 'RED#0', 'RED_PLUS_3#0']);
  });

  it('counts an extension decided in 2026 into the same epochs with and without 2027', () => {
    // given the 5-day clock, red on 2027-01-01, extended by 3 days on 12-31 (before red)
    const extended = [...fiveDays, extend('2026-12-31 10:00', 3)];
    // when scheduled on 12-31 without and with 2027
    // then yellow, due before and no longer, starts a new epoch in both; its new instant comes from 2027
    expect(schedule(extended, '2026-12-31 12:00')).toEqual({
      YELLOW: { epoch: 1, dueAt: null },
      RED: { epoch: 0, dueAt: null },
      RED_PLUS_3: { epoch: 0, dueAt: null },
    });
    expect(
      ladderSchedule(with2027, extended, DEFAULT_LADDER, sh('2026-12-31 12:00')).map((r) => [
        r.rung.id,
        r.epoch,
        wall(r.dueAt),
      ]),
    ).toEqual([
      ['YELLOW', 1, '2027-01-05 00:00:00'],
      ['RED', 0, '2027-01-07 00:00:00'],
      ['RED_PLUS_3', 0, '2027-01-12 00:00:00'],
    ]);
  });
});
