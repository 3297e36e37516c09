/**
 * The year end, on the whole system over HTTP: on 2026-12-24 — the calendar knows 2026 only —
 * applications are received as always, their clocks wait for 2027 without blocking anything, the
 * supervisors see them counted and the administrators are reminded; once the system administrator
 * loads 2027 every deadline and light appears at once and each warning SMS goes out exactly once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import { apiClient, type ApiClient } from '../../test/api-client.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../clock.ts';
import { NOTICE_2027_INPUT } from '../../domain/calendar/year-notice.fixture.ts';
import { specialProcedure } from '../db/schema.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const bj = (text: string) => new Date(`${text}+08:00`);
const wall = (iso: string | null) =>
  iso && new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

interface ClockJson {
  kind: string;
  deadline: string | null;
  remainingDays: number | null;
  elapsedDays: number;
  light: string;
  overdue: boolean;
  calendarPendingYear: number | null;
}

describeEachDatabase('the year end on the whole system', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  let sevenDays = '';
  let fiveDays = '';
  let reviewed = '';
  beforeAll(async () => {
    // the system starts a day before (demo passwords are set at start and expire after 90 days)
    system = await startTestSystem(get(), bj('2026-12-23T09:00:00'));
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    await system?.close();
  });

  const moveTo = async (instant: Date) => {
    system.clock.set(instant);
    api.signOut(); // moving time ends the sessions
    await system.engine.scheduler!.tick(); // the minute sweep is due at once after a jump
  };
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const clockOf = async (caseId: string): Promise<ClockJson> =>
    (ok(await api.call('supervisor', 'GET', `/api/v1/cases/${caseId}`)).clocks as ClockJson[]).find(
      (c) => c.kind === 'ADMIN',
    )!;
  const figures = (c: ClockJson) => ({
    deadline: wall(c.deadline),
    remaining: c.remainingDays,
    elapsed: c.elapsedDays,
    light: c.light,
    overdue: c.overdue,
    pending: c.calendarPendingYear,
  });
  const warnings = (caseId: string) => {
    const mine = system.fakes.sms!.sent().filter((m) => m.idempotencyKey.startsWith(`${caseId}:ADMIN:`));
    return {
      yellow: mine.filter((m) => m.templateId === 'YELLOW_WARNING').length,
      red: mine.filter((m) => m.templateId === 'RED_WARNING').length,
      escalation: mine.filter((m) => m.templateId === 'ESCALATION').length,
    };
  };
  const sweep = async () => {
    const before = system.fakes.sms!.sent().length;
    system.clock.advance(60_000);
    api.signOut();
    await system.engine.scheduler!.tick();
    await new Promise((r) => setTimeout(r, 300));
    return before;
  };

  it('receives applications on 2026-12-24 whose deadlines fall in 2027: receipt, case numbers, running clocks, SMS', async () => {
    // given the demo clock moved to Thursday 2026-12-24 10:00 and a project applying for stage 1:
    // 用地预审 (7 working days: due in 2027) and 用地规划许可 (5 working days: due 2026-12-31)
    await moveTo(bj('2026-12-24T10:00:00'));
    const code = '2612-440402-04-01-800001';
    ok(
      await api.call('applicant', 'POST', '/api/v1/projects', {
        code,
        name: '年末测试项目',
        ownerName: '珠海示例建设有限公司',
        ownerUscc: '91440400MA4DEMO001',
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
        contactPhone: '13912345678',
      }),
      201,
    );
    const created = ok(
      await api.call('applicant', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 1,
        items: ['ZH-S1-03', 'ZH-S1-04'],
        channel: 'online',
        materials: ['M020', 'M021', 'M022', 'M023', 'M030', 'M031', 'M032'].map((materialId) => ({
          materialId,
          source: 'upload',
          fileName: `${materialId}.pdf`,
          contentBase64: PDF,
        })),
      }),
      201,
    );
    [sevenDays, fiveDays] = created.caseIds as [string, string];
    // when the window finds every material there
    const receipt = await waitFor(
      async () => {
        const res = await api.call('window', 'POST', `/api/v1/applications/${created.applicationId}/initial-check`, {
          materialChecks: [],
        });
        return res.statusCode === 200 ? (res.json() as { outcome: string; caseNumbers: string[] }) : undefined;
      },
      { what: 'the initial check', timeoutMs: 20_000 },
    );
    // then the formal receipt is issued with case numbers, the clocks run, the applicant is told in Beijing time
    expect(receipt.outcome).toBe('RECEIPT');
    expect(receipt.caseNumbers).toHaveLength(2);
    const sms = await waitFor(
      async () =>
        system.fakes.sms!.sent().find((m) => m.templateId === 'FORMAL_RECEIPT' && m.phones.includes('13912345678')),
      { what: 'the receipt SMS' },
    );
    expect(sms.text).toContain('已于2026年12月24日 10:00正式收件');
    // and the 7-day clock waits for 2027 with every other figure; the 5-day one is due 2026-12-31 as usual
    expect(figures(await clockOf(sevenDays))).toEqual({
      deadline: null,
      remaining: 7,
      elapsed: 0,
      light: 'GREEN',
      overdue: false,
      pending: 2027,
    });
    expect(figures(await clockOf(fiveDays))).toEqual({
      deadline: '2026-12-31 23:59:59',
      remaining: 5,
      elapsed: 0,
      light: 'GREEN',
      overdue: false,
      pending: null,
    });
  });

  it('starts a 20-working-day expert review on 2026-12-24: the applicant is told, its clock waits for 2027', async () => {
    // given a second project's 用地预审 received the same morning
    const code = '2612-440402-04-01-800002';
    ok(
      await api.call('applicant', 'POST', '/api/v1/projects', {
        code,
        name: '年末测试项目二',
        ownerName: '珠海示例建设有限公司',
        ownerUscc: '91440400MA4DEMO001',
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
        contactPhone: '13912345678',
      }),
      201,
    );
    const created = ok(
      await api.call('applicant', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 1,
        items: ['ZH-S1-03'],
        channel: 'online',
        materials: ['M020', 'M021', 'M022', 'M023'].map((materialId) => ({
          materialId,
          source: 'upload',
          fileName: `${materialId}.pdf`,
          contentBase64: PDF,
        })),
      }),
      201,
    );
    reviewed = (created.caseIds as string[])[0]!;
    await waitFor(
      async () =>
        (
          await api.call('window', 'POST', `/api/v1/applications/${created.applicationId}/initial-check`, {
            materialChecks: [],
          })
        ).statusCode === 200,
      { what: 'the receipt', timeoutMs: 20_000 },
    );
    // when the department starts an expert review at 10:30
    system.clock.set(bj('2026-12-24T10:30:00'));
    api.signOut();
    await waitFor(
      async () =>
        (
          await api.call('reviewer.zrzyj', 'POST', `/api/v1/cases/${reviewed}/special-procedures`, {
            type: 'EXPERT_REVIEW',
            reason: '需专家评审',
          })
        ).statusCode === 202,
      { what: 'the special procedure', timeoutMs: 20_000 },
    );
    // then the applicant is told its type and limit; its clock runs with 20 days, its deadline waits for 2027
    const told = await waitFor(
      async () => system.fakes.sms!.sent().find((m) => m.templateId === 'SPECIAL_PROCEDURE_STARTED'),
      { what: 'the special procedure SMS' },
    );
    expect(told.text).toContain('于2026年12月24日 10:30进入特别程序：专家评审，时限20个工作日');
    const special = await waitFor(
      async () =>
        (ok(await api.call('supervisor', 'GET', `/api/v1/cases/${reviewed}`)).clocks as ClockJson[]).find(
          (c) => c.kind === 'SPECIAL',
        ),
      { what: 'the special clock' },
    );
    expect(figures(special)).toEqual({
      deadline: null,
      remaining: 20,
      elapsed: 0,
      light: 'GREEN',
      overdue: false,
      pending: 2027,
    });
    expect((await clockOf(reviewed)).calendarPendingYear).toBeNull(); // paused: nothing waits
  });

  it("tells everybody the calendar ends: /health, /metrics, the supervisors' views, one SMS a week", async () => {
    // given the two clocks, one waiting for 2027, and a sweep run
    await sweep();
    // when the operators and supervisors look
    const health = ok(await api.call(null, 'GET', '/health'));
    const metrics = (await api.call(null, 'GET', '/metrics')).body;
    const limits = ok(await api.call('supervisor', 'GET', '/api/v1/supervision/time-limits'));
    // then the calendar is degraded with 7 days left and two clocks waiting (the 7-day one and the expert
    // review; the paused one waits for nothing); the reminder went to the
    // system administrator and the city supervisor, once this week
    expect(health.status).toBe('degraded');
    expect(health.calendar).toMatchObject({ status: 'degraded', lastKnownYear: 2026, daysLeft: 7, pendingClocks: 2 });
    expect(metrics).toContain('calendar_days_left 7');
    expect(metrics).toContain('calendar_pending_clocks 2');
    expect(limits.counts).toMatchObject({ open: 4, paused: 1, calendarPending: 2 });
    const reminders = system.fakes.sms!.sent().filter((m) => m.templateId === 'CALENDAR_YEAR_MISSING');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.phones.sort()).toEqual(['13800138007', '13800138009']);
    expect(reminders[0]!.text).toContain('尽快载入2027年国务院节假日安排通知');
  });

  it('in 2027 without its calendar: known lights fire once, nothing is guessed', async () => {
    // given the clock moved to Tuesday 2027-01-12 with 2027 still unknown
    await moveTo(bj('2027-01-12T10:00:00'));
    await sweep();
    // when the clocks and the warnings are read
    // then the 5-day clock is known red (yellow and red sent once), red + 3 waits; the 7-day one keeps
    // the 5 days 2026 proves and sends nothing
    expect(figures(await clockOf(fiveDays))).toEqual({
      deadline: '2026-12-31 23:59:59',
      remaining: null,
      elapsed: 5,
      light: 'RED',
      overdue: true,
      pending: 2027,
    });
    expect(figures(await clockOf(sevenDays))).toEqual({
      deadline: null,
      remaining: null,
      elapsed: 5,
      light: 'GREEN',
      overdue: false,
      pending: 2027,
    });
    await waitFor(async () => warnings(fiveDays).red === 1, { what: 'the known red warning' });
    expect(warnings(fiveDays)).toEqual({ yellow: 1, red: 1, escalation: 0 });
    expect(warnings(sevenDays)).toEqual({ yellow: 0, red: 0, escalation: 0 });
    // and the supervisors count the three clocks a missing 2027 hides; this is a new week: a second reminder
    expect(ok(await api.call('supervisor', 'GET', '/api/v1/supervision/time-limits')).counts).toMatchObject({
      calendarPending: 3,
    });
    expect(system.fakes.sms!.sent().filter((m) => m.templateId === 'CALENDAR_YEAR_MISSING')).toHaveLength(2);
  });

  it('loads 2027 through the API: every deadline and light at once, each missing warning once', async () => {
    // when the system administrator loads the 2027 notice
    ok(await api.call('sysadmin', 'PUT', '/api/v1/calendar/years/2027', NOTICE_2027_INPUT));
    // then, without waiting, the 7-day clock is due Tuesday 2027-01-05 and 5 working days overdue
    // (01-06, 07, 08, 11, 12), the 5-day one 7 (01-04 … 01-12)
    expect(figures(await clockOf(sevenDays))).toEqual({
      deadline: '2027-01-05 23:59:59',
      remaining: -5,
      elapsed: 12,
      light: 'RED',
      overdue: true,
      pending: null,
    });
    expect(figures(await clockOf(fiveDays))).toEqual({
      deadline: '2026-12-31 23:59:59',
      remaining: -7,
      elapsed: 12,
      light: 'RED',
      overdue: true,
      pending: null,
    });
    // and at the next sweep the ladder catches up: the 7-day clock's yellow, red and red + 3, the 5-day
    // clock's red + 3 — each once, however many sweeps follow
    await sweep();
    await waitFor(async () => warnings(sevenDays).escalation === 1 && warnings(fiveDays).escalation === 1, {
      what: 'the catch-up warnings',
    });
    await sweep();
    await sweep();
    expect(warnings(sevenDays)).toEqual({ yellow: 1, red: 1, escalation: 1 });
    expect(warnings(fiveDays)).toEqual({ yellow: 1, red: 1, escalation: 1 });
    const catchUp = system.fakes
      .sms!.sent()
      .find((m) => m.templateId === 'YELLOW_WARNING' && m.idempotencyKey.startsWith(`${sevenDays}:ADMIN:`))!;
    expect(catchUp.text).toContain('2027年1月5日 23:59');
    // and the expert review's deadline is known — on the case and in the stored procedure the reports read:
    // 20 working days from 2026-12-24 end on Friday 2027-01-22
    const view = ok(await api.call('supervisor', 'GET', `/api/v1/cases/${reviewed}`));
    expect(wall((view.clocks as ClockJson[]).find((c) => c.kind === 'SPECIAL')!.deadline)).toBe('2027-01-22 23:59:59');
    expect(wall(view.specialProcedures[0].deadline)).toBe('2027-01-22 23:59:59');
    expect(
      (await system.database.db.select().from(specialProcedure)).map((p) => wall(p.deadline?.toISOString() ?? null)),
    ).toEqual(['2027-01-22 23:59:59']);
    // and nobody is reminded any more: the calendar is ok again, no clock waits
    const health = ok(await api.call(null, 'GET', '/health'));
    expect(health.calendar).toMatchObject({ status: 'ok', lastKnownYear: 2027, pendingClocks: 0 });
    expect(ok(await api.call('supervisor', 'GET', '/api/v1/supervision/time-limits')).counts).toMatchObject({
      open: 4,
      red: 2,
      calendarPending: 0,
    });
    await moveTo(bj('2027-01-20T10:00:00'));
    expect(system.fakes.sms!.sent().filter((m) => m.templateId === 'CALENDAR_YEAR_MISSING')).toHaveLength(2);
  });
});
