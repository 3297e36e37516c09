import { describe, expect, it } from 'vitest';
import { actor } from '../../test/app-fixture.ts';
import { ManualClock } from '../../infra/clock.ts';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { indexCatalog } from '../../domain/catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import type { ItemCaseRecord } from '../../domain/case/case-records.ts';
import type { OpenCaseClock, SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { createListTimeLimits } from './list-time-limits.ts';

const at = (iso: string) => new Date(iso);
/** An open ADMIN clock of a case received on `start` with `limit` working days. */
function open(id: string, regionCode: string, start: string, limit: number): OpenCaseClock {
  const itemCase: ItemCaseRecord = {
    id,
    applicationId: `A-${id}`,
    projectCode: `P-${id}`,
    caseNumber: null,
    itemCode: 'ZH-S3-03',
    department: 'ZH_ZJJ',
    regionCode,
    stageNo: 3,
    catalogVersion: null,
    state: 'UNDER_REVIEW',
    decision: null,
    acceptedAt: at(start),
    decidedAt: null,
    lastSeq: 1,
    lastHash: '',
  };
  return {
    clock: {
      id: `${id}:ADMIN`,
      caseId: id,
      kind: 'ADMIN',
      regionCode,
      department: 'ZH_ZJJ',
      events: [{ type: 'START', at: at(start), kind: 'ADMIN', limit, unit: 'WD' }],
    },
    itemCase,
    channel: 'online',
    receivedBy: 'window',
  };
}

describe('time-limit supervision (use case)', () => {
  // given three open cases in 香洲 with 1, 5 and 20 working days and one in 斗门
  const clocks = [
    open('C-5', '440402', '2026-06-01T02:00:00Z', 5),
    open('C-1', '440402', '2026-06-01T02:00:00Z', 1),
    open('C-20', '440402', '2026-06-01T02:00:00Z', 20),
    open('C-dm', '440403', '2026-06-01T02:00:00Z', 3),
  ];
  const supervision = {
    openCaseClocks: async (region: string | null) => clocks.filter((c) => !region || c.itemCase.regionCode === region),
  } as unknown as SupervisionRepository;
  const list = createListTimeLimits({
    supervision,
    calendars: createCalendars([]),
    catalog: indexCatalog(ZHUHAI_CATALOG),
    clock: new ManualClock(at('2026-06-02T02:00:00Z')),
  });
  const city = actor(['SUPERVISOR'], { departmentCode: 'ZH_GGB' });

  it('pages the cases with the fewest days left first, counting every case of the region whatever the page', async () => {
    const first = await list(city, { groupBy: 'district', sort: 'remainingDays', limit: 2, offset: 0 });
    const second = await list(city, { groupBy: 'district', sort: 'remainingDays', limit: 2, offset: 2 });
    expect(first.items.map((c) => c.caseId)).toEqual(['C-1', 'C-dm']);
    expect(second.items.map((c) => c.caseId)).toEqual(['C-5', 'C-20']);
    expect([first.total, second.total, first.counts.open]).toEqual([4, 4, 4]);
    expect(first.groups.map((g) => [g.key, g.open])).toEqual(
      expect.arrayContaining([
        ['440402', 3],
        ['440403', 1],
      ]),
    );
    expect(
      (await list(city, { groupBy: 'district', sort: '-remainingDays', limit: 1, offset: 0 })).items.map(
        (c) => c.caseId,
      ),
    ).toEqual(['C-20']);
  });

  it('shows a district supervisor its district only, and refuses anyone else', async () => {
    const district = actor(['SUPERVISOR'], { departmentCode: 'DM_GGB', regionCode: '440403' });
    expect(
      (await list(district, { groupBy: 'department', sort: 'remainingDays', limit: 50, offset: 0 })).items.map(
        (c) => c.caseId,
      ),
    ).toEqual(['C-dm']);
    await expect(
      list(actor(['REVIEWER']), { groupBy: 'department', sort: 'remainingDays', limit: 50, offset: 0 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
