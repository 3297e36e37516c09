/**
 * The calendar as data over HTTP: the system administrator loads the State Council's notice of a year
 * and a region's closures, each change a version, every refusal a problem naming its field with
 * nothing stored; everybody else may read, nobody else may load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestApp, type TestApp } from '../app.fixture.ts';
import { DEMO_ACCOUNTS } from '../../infra/demo/demo-accounts.ts';
import { NOTICE_2027_INPUT } from '../../domain/calendar/year-notice.fixture.ts';

const notice = (patch: Record<string, unknown> = {}) => ({
  ...NOTICE_2027_INPUT,
  holidays: [...NOTICE_2027_INPUT.holidays],
  workingDays: [...NOTICE_2027_INPUT.workingDays],
  ...patch,
});

describeEachDatabase('the working-day calendar as data', (db) => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  const as = async (username: string | null, options: InjectOptions) =>
    t.call(username ? tokens.get(username)! : null, options);
  const put = (url: string, payload: object, username: string | null = 'sysadmin') =>
    as(username, { method: 'PUT', url, payload });
  const get = (url: string, username: string | null = 'supervisor') => as(username, { method: 'GET', url });
  const versions = async (year: number) =>
    ((await get('/api/v1/calendar/years')).json().items as { year: number; regionCode: string; versions: number }[])
      .filter((y) => y.year === year)
      .map((y) => `${y.regionCode}:${y.versions}`);

  beforeAll(async () => {
    t = await startTestApp(db());
    for (const a of DEMO_ACCOUNTS) tokens.set(a.username, (await t.login(a.username)).accessToken);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('knows the bundled years and where they end before anything is loaded', async () => {
    // given a new system on 2026-06-01
    // when the known years are listed
    const body = (await get('/api/v1/calendar/years')).json();
    // then 2004–2026 come from the bundled data, and 2026 ends in 213 days; 2026 has 261 weekdays, 19 of
    // them off (国办发明电〔2025〕7号) and 6 make-up days: 248 working days
    expect(body).toMatchObject({ lastKnownYear: 2026, daysLeft: 213 });
    expect(body.items.filter((y: { origin: string }) => y.origin === 'bundled').length).toBe(23);
    expect((await get('/api/v1/calendar/years/2026')).json()).toMatchObject({
      version: 0,
      workingDays: 248,
      weekdaysOff: 19,
      source: expect.stringContaining('chinese-days'),
    });
  });

  it('loads 2027 as version 1, with its figures, audited; a re-sent notice changes nothing', async () => {
    // given the 2027 notice
    // when the system administrator loads it, and sends it again
    const first = await put('/api/v1/calendar/years/2027', notice());
    const again = await put('/api/v1/calendar/years/2027', notice());
    // then version 1 with 247 working days; the second answer is the same version, unchanged
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      regionCode: '000000',
      year: 2027,
      version: 1,
      changed: true,
      loadedBy: 'sysadmin',
      workingDays: 247,
      weekdaysOff: 20,
      makeUpDays: NOTICE_2027_INPUT.workingDays,
    });
    expect(first.json().holidays[1]).toEqual({ name: '春节', from: '2027-02-05', to: '2027-02-13', days: 9 });
    expect(again.json()).toMatchObject({ version: 1, changed: false });
    // and the public calculator knows 2027 at once
    const deadline = await as(null, {
      method: 'GET',
      url: '/api/v1/calendar/deadline?start=2026-12-24T02:00:00Z&workingDays=7',
    });
    expect(deadline.json().deadline).toBe('2027-01-05T15:59:59.000Z');
    expect((await get('/api/v1/calendar/years')).json()).toMatchObject({ lastKnownYear: 2027 });
    // and each load left its record in the audit log, in the chain
    const audit = (await as('auditor', { method: 'GET', url: '/api/v1/audit?action=calendar.load' })).json();
    expect(
      audit.items.map((a: { target: string; outcome: string; actorUsername: string }) => [
        a.target,
        a.outcome,
        a.actorUsername,
      ]),
    ).toEqual([
      ['calendar:000000/2027', 'unchanged', 'sysadmin'],
      ['calendar:000000/2027', 'version 1', 'sysadmin'],
    ]);
  });

  it('keeps the old version readable when a changed notice is loaded', async () => {
    // given 2027 loaded; when a corrected notice moves 国庆 one day later
    const corrected = notice({
      source: `${NOTICE_2027_INPUT.source}(更正)`,
      holidays: NOTICE_2027_INPUT.holidays.map((h) =>
        h.name === '国庆节' ? { ...h, from: '2027-10-01', to: '2027-10-08' } : h,
      ),
      workingDays: NOTICE_2027_INPUT.workingDays.filter((d) => d !== '2027-10-09'),
    });
    const res = await put('/api/v1/calendar/years/2027', corrected);
    // then it is version 2, version 1 stays readable, and the days follow version 2
    expect(res.json()).toMatchObject({ version: 2, changed: true, workingDays: 245 });
    expect((await get('/api/v1/calendar/years/2027?version=1')).json()).toMatchObject({ version: 1, workingDays: 247 });
    const days = (await get('/api/v1/calendar/days?from=2027-10-08&to=2027-10-09')).json().days as {
      working: boolean;
    }[];
    expect(days.map((d) => d.working)).toEqual([false, false]);
    expect(await versions(2027)).toEqual(['000000:2']);
  });

  it.each([
    [
      'a make-up day on a weekday',
      notice({ workingDays: ['2027-02-22'] }),
      'CALENDAR_MAKEUP_NOT_WEEKEND',
      'body.workingDays.0',
      2027,
    ],
    [
      'overlapping holidays',
      notice({
        holidays: [
          { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
          { name: '春节', from: '2027-01-03', to: '2027-01-05' },
        ],
        workingDays: [],
      }),
      'CALENDAR_RANGES_OVERLAP',
      'body.holidays.1.from',
      2027,
    ],
    [
      'a date in another year',
      notice({ holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-01' }], workingDays: [] }),
      'CALENDAR_DATE_OUTSIDE_YEAR',
      'body.holidays.0.from',
      2027,
    ],
    ['a date that is both', notice({ workingDays: ['2027-02-06'] }), 'CALENDAR_DATE_BOTH', 'body.workingDays.0', 2027],
    [
      'a year after a gap',
      notice({ holidays: [{ name: '元旦', from: '2029-01-01', to: '2029-01-01' }], workingDays: [] }),
      'CALENDAR_COVERAGE_GAP',
      'params.year',
      2029,
    ],
  ])('refuses %s with a problem naming the field, and stores nothing', async (_name, body, code, field, year) => {
    // given 2027 at version 2
    // when a faulty notice is sent
    const res = await put(`/api/v1/calendar/years/${year}`, body);
    // then 422 problem+json naming the field; the calendar is as it was
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, field });
    expect(await versions(2027)).toEqual(['000000:2']);
    expect(await versions(2029)).toEqual([]);
  });

  it('refuses a body of the wrong shape before it reaches the rules', async () => {
    // when a field is unknown or a date malformed
    const unknown = await put('/api/v1/calendar/years/2027', { ...notice(), typo: true });
    const malformed = await put('/api/v1/calendar/years/2027', notice({ workingDays: ['27-1-31'] }));
    // then 400, naming the field
    expect(unknown.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.typo' });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.workingDays.0' });
  });

  it('lets only the system administrator load; everybody signed in may read', async () => {
    // given every demo account and an anonymous caller
    for (const { username } of DEMO_ACCOUNTS) {
      // when each loads a notice and reads the years
      const load = await put('/api/v1/calendar/years/2027', notice(), username);
      const read = await get('/api/v1/calendar/years', username);
      // then only sysadmin may load (unchanged: the same notice); all may read
      expect({ username, load: load.statusCode, read: read.statusCode }).toEqual({
        username,
        load: username === 'sysadmin' ? 200 : 403,
        read: 200,
      });
    }
    expect((await put('/api/v1/calendar/years/2027', notice(), null)).statusCode).toBe(401);
    expect((await get('/api/v1/calendar/years', null)).statusCode).toBe(401);
  });

  it("takes a district's typhoon closure for that district and the districts under nobody else", async () => {
    // given 2027 known; when 香洲区 closes on Wednesday 2027-07-14
    const closure = {
      source: '香洲区防汛防旱防风指挥部 停工停课通告',
      holidays: [{ name: '台风停工', from: '2027-07-14', to: '2027-07-14' }],
      workingDays: [],
    };
    const res = await put('/api/v1/calendar/regions/440402/years/2027', closure);
    // then 香洲's calendar has the day off, 斗门's and the city's do not
    expect(res.json()).toMatchObject({ regionCode: '440402', version: 1, weekdaysOff: 21 });
    const working = async (region: string) =>
      (
        await as(null, {
          method: 'GET',
          url: `/api/v1/calendar/days?from=2027-07-14&to=2027-07-14&regionCode=${region}`,
        })
      ).json().days[0].working;
    expect([await working('440402'), await working('440403'), await working('440400')]).toEqual([false, true, true]);
    expect((await get('/api/v1/calendar/regions/440402/years/2027')).json()).toMatchObject({
      holidays: [{ name: '台风停工', days: 1 }],
    });
  });

  it("refuses a region's days in a year the national calendar does not know, and the national code as a region", async () => {
    // when 2028 closures are sent before the 2028 notice, and a "region" 000000
    const early = await put('/api/v1/calendar/regions/440400/years/2028', {
      source: 'x',
      holidays: [{ name: '台风停工', from: '2028-07-14', to: '2028-07-14' }],
      workingDays: [],
    });
    const national = await put('/api/v1/calendar/regions/000000/years/2027', notice());
    // then each is refused naming the field
    expect(early.json()).toMatchObject({ status: 422, code: 'CALENDAR_YEAR_UNKNOWN', field: 'params.year' });
    expect(national.json()).toMatchObject({ status: 422, code: 'CALENDAR_REGION_INVALID', field: 'params.regionCode' });
  });

  describe('a version that does not exist', () => {
    it('answers 404 naming what is missing', async () => {
      expect((await get('/api/v1/calendar/years/2027?version=9')).json()).toMatchObject({
        status: 404,
        code: 'CALENDAR_YEAR_NOT_FOUND',
        field: 'query.version',
      });
      expect((await get('/api/v1/calendar/years/2031')).json()).toMatchObject({
        status: 404,
        code: 'CALENDAR_YEAR_NOT_FOUND',
        field: 'params.year',
      });
    });
  });
});
