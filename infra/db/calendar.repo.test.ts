import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { createCalendarRepo, loadWorkingCalendar } from './calendar.repo.ts';

describeEachDatabase('calendar repo', (get) => {
  it('loads the overrides of a region, its city, province and nation, and not its neighbours', async () => {
    // given overrides for the city, two districts and the nation
    const repo = createCalendarRepo(get().db);
    await repo.saveOverride({ date: '2025-06-10', working: false, regionCode: '440400', reason: '台风停工' });
    await repo.saveOverride({ date: '2025-06-11', working: true, regionCode: '440402', reason: '香洲区照常上班' });
    await repo.saveOverride({ date: '2025-06-12', working: false, regionCode: '440403', reason: '斗门区' });
    await repo.saveOverride({ date: '2025-06-13', working: false, regionCode: '000000', reason: '全国' });
    // when 香洲's inputs are loaded
    const { overrides } = await repo.loadForRegion('440402');
    // then its chain's overrides come back, not 斗门's
    expect(overrides.map((o) => `${o.regionCode} ${o.date} ${o.working}`).sort()).toEqual([
      '000000 2025-06-13 false', '440400 2025-06-10 false', '440402 2025-06-11 true',
    ]);
  });

  it('replaces an override of the same region and date', async () => {
    // given an override saved twice with different answers
    const repo = createCalendarRepo(get().db);
    await repo.saveOverride({ date: '2025-07-01', working: false, regionCode: '440404', reason: 'first' });
    await repo.saveOverride({ date: '2025-07-01', working: true, regionCode: '440404', reason: 'second' });
    // when loaded
    const { overrides } = await repo.loadForRegion('440404');
    // then the last one stands
    expect(overrides.filter((o) => o.date === '2025-07-01')).toEqual([{ date: '2025-07-01', working: true, regionCode: '440404', reason: 'second' }]);
  });

  it('builds the region calendar with its overrides and declared years', async () => {
    // given a city day off and 2027 declared covered with its New Year holiday
    const repo = createCalendarRepo(get().db);
    await repo.saveOverride({ date: '2025-06-16', working: false, regionCode: '440400', reason: '台风停工' });
    await repo.saveOverride({ date: '2027-01-01', working: false, regionCode: '000000', reason: '元旦' });
    await repo.declareYear({ year: 2027, source: '国办发明电〔2026〕X号' });
    // when 金湾's calendar is loaded
    const calendar = await loadWorkingCalendar(repo, '440404');
    // then the city day off applies and 2027 is known
    expect(calendar.isWorkingDay('2025-06-16')).toBe(false);
    expect(calendar.lastYear).toBe(2027);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
  });

  it('refuses a malformed region code', async () => {
    // given the repo
    const repo = createCalendarRepo(get().db);
    // when an override with a bad region code is saved
    // then the database refuses it
    await expect(repo.saveOverride({ date: '2025-07-02', working: true, regionCode: 'ZH', reason: 'x' })).rejects.toThrow();
  });
});
