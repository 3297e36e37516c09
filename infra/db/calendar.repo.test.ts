import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { NOTICE_2027, TYPHOON_2027 } from '../../domain/calendar/year-notice.fixture.ts';
import type { Tx } from './client.ts';
import {
  calendarRevision,
  currentNotices,
  getNotice,
  loadCalendars,
  noticeHistory,
  saveNotice,
} from './calendar.repo.ts';

describeEachDatabase('calendar notices', (get) => {
  const at = new Date('2026-12-24T02:00:00Z');
  const save = (notice = NOTICE_2027, loadedBy = 'sysadmin') =>
    get().db.transaction((tx) => saveNotice(tx as Tx, notice, { loadedBy, at }));

  it('stores a notice as version 1 and a re-sent one as nothing new', async () => {
    // given an empty calendar
    const before = await calendarRevision(get().db);
    // when the 2027 notice is loaded twice
    const first = await save();
    const again = await save(NOTICE_2027, 'someone-else');
    // then the first is version 1, the second changes nothing (who loaded it stays), and the revision moved once
    expect(first).toMatchObject({ changed: true, notice: { version: 1, loadedBy: 'sysadmin' } });
    expect(again).toMatchObject({ changed: false, notice: { version: 1, loadedBy: 'sysadmin' } });
    expect(await calendarRevision(get().db)).not.toBe(before);
    expect((await noticeHistory(get().db, { year: 2027 })).map((n) => n.version)).toEqual([1]);
  });

  it('keeps every version of a changed notice, the current one the highest', async () => {
    // given the 2027 notice loaded, and a corrected one with one more make-up day
    const corrected = {
      ...NOTICE_2027,
      source: `${NOTICE_2027.source}(更正)`,
      workingDays: [...NOTICE_2027.workingDays, '2027-12-25'],
    };
    // when the correction is loaded
    const second = await save(corrected);
    // then it is version 2; version 1 stays readable; the current list holds only version 2
    expect(second).toMatchObject({ changed: true, notice: { version: 2 } });
    expect((await getNotice(get().db, '000000', 2027, 1))?.workingDays).toEqual(NOTICE_2027.workingDays);
    expect((await getNotice(get().db, '000000', 2027))?.version).toBe(2);
    expect(
      (await currentNotices(get().db)).filter((n) => n.year === 2027).map((n) => [n.regionCode, n.version]),
    ).toEqual([['000000', 2]]);
  });

  it('builds each region its calendar from the current notices', async () => {
    // given the city's typhoon closure loaded on top of the national year
    await save(TYPHOON_2027);
    // when the calendars are loaded
    const calendars = await loadCalendars(get().db);
    // then the city and its districts close that day; the national calendar does not
    expect(calendars.forRegion('440402').isWorkingDay('2027-07-14')).toBe(false);
    expect(calendars.forRegion('440400').isWorkingDay('2027-07-14')).toBe(false);
    expect(calendars.forRegion('000000').isWorkingDay('2027-07-14')).toBe(true);
    expect(calendars.forRegion('450100').isWorkingDay('2027-07-14')).toBe(true);
  });

  it('gives concurrent loads of one year successive versions, never a clash', async () => {
    // given three different notices for 2030 sent at once
    const notices = [1, 2, 3].map((n) => ({
      ...NOTICE_2027,
      year: 2030,
      source: `并发 ${n}`,
      holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }],
      workingDays: [],
    }));
    // when they are saved concurrently
    const results = await Promise.all(notices.map((n) => save(n)));
    // then each got its own version, 1 to 3
    expect(results.map((r) => r.notice.version).sort()).toEqual([1, 2, 3]);
  });

  it('refuses to rewrite or remove a version', async () => {
    // given stored notices
    // when one is updated or deleted behind the repository's back
    // then the database refuses
    const refusal = (statement: typeof sqlUpdate) =>
      get()
        .db.execute(statement)
        .then(
          () => 'done',
          (err: { cause?: Error; message: string }) => err.cause?.message ?? err.message,
        );
    expect(await refusal(sqlUpdate)).toMatch(/append-only/);
    expect(await refusal(sqlDelete)).toMatch(/append-only/);
  });
});

const sqlUpdate = sql`update calendar_notice set source = 'x'`;
const sqlDelete = sql`delete from calendar_notice`;
