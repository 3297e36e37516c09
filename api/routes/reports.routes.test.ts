/**
 * 月通报 over HTTP on a month built by hand in the store: the figures (city and district), the archive
 * with its snapshot and rule versions, a past version reproduced after the data moved on, the HTML
 * page and the PDF printed by the machine's Chromium, and the refusals.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestApp, type TestApp } from '../app.fixture.ts';
import { DOUMEN_SUPERVISOR } from '../../test/api-client.ts';
import { ManualClock } from '../../infra/clock.ts';
import { appendCaseEvent } from '../../infra/db/case.repo.ts';
import { createSupervisionRepository } from '../../infra/supervision/supervision.repo.ts';
import {
  anomalyFlag,
  itemCase,
  legalClock,
  monthlyReport,
  project,
  stageApplication,
  syncOutbox,
} from '../../infra/db/schema.ts';
import { chromiumAvailable } from '../../infra/render/pdf.ts';
import type { CaseEventType } from '../../domain/case/case-event.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { ruleVersions } from '../../domain/supervision/supervision-rules.ts';
import { MONTHLY_REPORT_VERSION } from '../../domain/supervision/monthly-report.ts';

/** Shanghai wall time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const CHROMIUM = '/usr/bin/chromium';

describeEachDatabase('monthly report API', (get) => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    if (!tokens.has(user)) tokens.set(user, (await t.login(user)).accessToken);
    return t.call(tokens.get(user)!, { method, url, ...(payload ? { payload } : {}) });
  };
  const json = async (user: string, url: string, status = 200) => {
    const r = await call(user, 'GET', url);
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  const numberOf = (id: string) =>
    ({ R1: 'ZH2026101200001', R2: 'ZH2026101300001', R3: 'ZH2026101900001', R4: 'ZH2026092100001' })[id]!;
  const seedCase = async (c: {
    id: string;
    region: string;
    dept: string;
    accepted: Date;
    decided?: Date;
    decision?: string;
    withdrawn?: Date;
    supplements?: number;
  }) => {
    const { db } = get();
    await db.insert(project).values({
      code: `P-${c.id}`,
      name: '月通报测试项目',
      ownerName: '建设单位',
      ownerUscc: '91440400MA0000000X',
      regionCode: c.region,
      flowType: 'SOCIAL_INVEST',
      createdAt: c.accepted,
    });
    await db.insert(stageApplication).values({
      id: `A-${c.id}`,
      projectCode: `P-${c.id}`,
      stageNo: 3,
      channel: 'window',
      state: 'SUBMITTED',
      catalogVersion: ZHUHAI_CATALOG.version,
      regionCode: c.region,
      leadDepartment: c.dept,
      submittedAt: c.accepted,
    });
    await db.insert(itemCase).values({
      id: c.id,
      applicationId: `A-${c.id}`,
      projectCode: `P-${c.id}`,
      caseNumber: numberOf(c.id),
      itemCode: 'ZH-S3-03',
      department: c.dept,
      regionCode: c.region,
      stageNo: 3,
      state: c.decided ? 'DECIDED' : c.withdrawn ? 'WITHDRAWN' : 'IN_REVIEW',
      decision: c.decision ?? null,
      acceptedAt: c.accepted,
      decidedAt: c.decided ?? null,
    });
    const actor = { userId: 'rev1', role: 'REVIEWER', departmentCode: c.dept };
    const append = (type: CaseEventType, at: Date, payload: Record<string, unknown> = {}) =>
      appendCaseEvent(db, { aggregateId: c.id, aggregate: 'CASE', type, actor, businessTime: at, payload }, at);
    await append('ACCEPTED', c.accepted, { caseNumber: numberOf(c.id) });
    await append('REVIEW_STARTED', new Date(c.accepted.getTime() + 60_000), { department: c.dept });
    for (let i = 0; i < (c.supplements ?? 0); i++) {
      await append('SUPPLEMENT_REQUESTED', new Date(c.accepted.getTime() + (i + 1) * 3_600_000), { missing: ['M101'] });
      await append('SUPPLEMENT_RECEIVED', new Date(c.accepted.getTime() + (i + 1) * 3_600_000 + 600_000), {
        materials: ['M101'],
      });
    }
    if (c.withdrawn) await append('WITHDRAWN', c.withdrawn, { reason: '申请人撤回' });
    const events = [
      { type: 'START', at: c.accepted.toISOString(), kind: 'ADMIN', limit: 5, unit: 'WD' },
      ...((c.decided ?? c.withdrawn) ? [{ type: 'STOP', at: (c.decided ?? c.withdrawn)!.toISOString() }] : []),
    ];
    await db.insert(legalClock).values({
      id: `K-${c.id}`,
      caseId: c.id,
      kind: 'ADMIN',
      regionCode: c.region,
      department: c.dept,
      status: events.length > 1 ? 'STOPPED' : 'RUNNING',
      events,
      updatedAt: c.accepted,
    });
  };
  const flag = (caseId: string, rule: string, region: string, dept: string, at: Date) =>
    get()
      .db.insert(anomalyFlag)
      .values({
        rule,
        ruleVersion: 1,
        caseId,
        key: 'case',
        itemCode: 'ZH-S3-03',
        department: dept,
        regionCode: region,
        severity: 'MEDIUM',
        message: '测试',
        params: {},
        evidenceSeqs: [1],
        source: 'nightly',
        detectedAt: at,
        statusAt: at,
      });
  const push = (caseNumber: string, recorded: Date, acked: Date | null, status: 'SENT' | 'PARKED') =>
    get()
      .db.insert(syncOutbox)
      .values({
        orderingKey: `C:${caseNumber}`,
        caseId: caseNumber,
        spglTable: 'SPGL_XMSPSXBLXXB',
        op: 'UPSERT',
        dfsjzj: `${caseNumber}:${recorded.getTime()}`,
        data: {},
        recordedAt: recorded,
        nextAttemptAt: recorded,
        status,
        ackedAt: acked,
      });

  beforeAll(async () => {
    t = await startTestApp(get(), { clock: new ManualClock(sh('2026-11-05T10:00:00')), accounts: [DOUMEN_SUPERVISOR] });
    // October 2026, by hand (limit 5 working days each):
    // R1 香洲, accepted Mon 12th, one supplement round, approved Wed 14th — on time
    await seedCase({
      id: 'R1',
      region: '440402',
      dept: 'ZH_ZJJ',
      accepted: sh('2026-10-12T09:00:00'),
      decided: sh('2026-10-14T16:00:00'),
      decision: 'APPROVED',
      supplements: 1,
    });
    // R2 斗门, accepted Tue 13th, rejected Tue 27th — deadline was Tue 20th: overdue
    await seedCase({
      id: 'R2',
      region: '440403',
      dept: 'ZH_ZRZYJ',
      accepted: sh('2026-10-13T09:00:00'),
      decided: sh('2026-10-27T10:00:00'),
      decision: 'REJECTED',
    });
    // R3 香洲, accepted Mon 19th, still open at the month's end and past its deadline (Mon 26th)
    await seedCase({ id: 'R3', region: '440402', dept: 'ZH_ZJJ', accepted: sh('2026-10-19T09:00:00') });
    // R4 香洲, accepted in September and withdrawn then: not outstanding in October
    await seedCase({
      id: 'R4',
      region: '440402',
      dept: 'ZH_ZJJ',
      accepted: sh('2026-09-21T09:00:00'),
      withdrawn: sh('2026-09-25T09:00:00'),
    });
    await flag('R3', 'A2', '440402', 'ZH_ZJJ', sh('2026-10-28T02:00:00'));
    await flag('R1', 'A8', '440402', 'ZH_ZJJ', sh('2026-11-02T02:00:00')); // November: not October's
    // September's flags, followed up in October's report: one answered by the department in October, one not
    const [answered] = await flag('R4', 'A9', '440402', 'ZH_ZJJ', sh('2026-09-22T10:00:00')).returning({
      id: anomalyFlag.id,
    });
    await flag('R4', 'A2', '440402', 'ZH_ZJJ', sh('2026-09-24T10:00:00'));
    await createSupervisionRepository(get().db).transitionFlag(answered!.id, () => ({
      toStatus: 'EXPLAINED',
      actorUserId: 'rev1',
      actorRole: 'REVIEWER',
      note: '申请人撤回,已说明',
      at: sh('2026-10-08T10:00:00'),
    }));
    await push(numberOf('R1'), sh('2026-10-12T09:00:00'), sh('2026-10-12T09:01:00'), 'SENT'); // 60 s
    await push(numberOf('R2'), sh('2026-10-13T09:00:00'), sh('2026-10-13T09:06:40'), 'SENT'); // 400 s, late
    await push(numberOf('R3'), sh('2026-10-19T09:00:00'), null, 'PARKED');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives the month's figures computed by hand, the district only its own", async () => {
    // when the city supervisor asks for October
    const city = await json('supervisor', '/api/v1/reports/monthly/2026-10');
    // then three accepted, two decided (one late), one open and overdue; the September withdrawal is not outstanding
    expect(city.volumes).toMatchObject({
      received: 3,
      accepted: 3,
      notAccepted: 0,
      decided: 2,
      openAtMonthEnd: 1,
      byDecision: { APPROVED: 1, REJECTED: 1 },
      byChannel: { online: 0, window: 3 },
    });
    expect(city.timeliness).toMatchObject({ decidedOnTime: 1, decidedOverdue: 1, onTimeRate: 0.5, overdueOpen: 1 });
    expect(city.supplements).toMatchObject({ casesWithSupplement: 1, rate: 0.3333, avgRounds: 1, multiRound: 0 });
    expect(city.anomalies).toMatchObject({ flags: 1, cases: 1, byRule: { A2: 1 }, byStatus: { OPEN: 1 } });
    // the approval of an e-certificate item without a certificate issued
    expect(city.eCertificates).toEqual({ expected: 1, issued: 0, rate: 0 });
    // last month's flags: one explained in October, one unanswered
    expect(city.followUp).toMatchObject({
      month: '2026-09',
      flags: 2,
      byStatus: { EXPLAINED: 1, OPEN: 1 },
      unanswered: [{ caseId: 'R4', rule: 'A2' }],
    });
    // each case is its application's only item: two stage-3 applications completed in October (R1, R2); none reached 竣工验收
    expect(city.projects).toMatchObject({ stagesCompleted: { 3: 2 }, completedProjects: 0, avgFullProcessDays: null });
    // September had the withdrawn case only (accepted, not decided): the comparison says so
    expect(city.comparison.previous).toMatchObject({ month: '2026-09', accepted: 1, decided: 0, acceptedChange: 2 });
    expect(city.sync).toMatchObject({
      records: 3,
      acknowledged: 2,
      withinLimit: 1,
      parked: 1,
      pending: 0,
      maxLagS: 400,
      onTimeRate: 0.3333,
    });
    expect(city.overdue.map((c: { caseId: string }) => c.caseId)).toEqual(['R3']);
    // ZH_ZJJ (R1, R3): on time 1/1, flagged 1/2, supplements 1/2, sync 1/2, e-certificates 0/1 → 40 + 10 + 7.5 + 7.5 + 0 = 65
    // ZH_ZRZYJ (R2): on time 0/1, flagged 0/1, supplements 0/1, sync 0/1, no e-certificate due → (0 + 20 + 15 + 0) / 90 = 38.9
    expect(city.departments.map((d: { key: string; score: number }) => [d.key, d.score])).toEqual([
      ['ZH_ZJJ', 65],
      ['ZH_ZRZYJ', 38.9],
    ]);
    // and 斗门's supervisor sees 斗门 only, also in the sync figures
    const doumen = await json('supervisor.dm', '/api/v1/reports/monthly/2026-10');
    expect(doumen).toMatchObject({
      regionCode: '440403',
      volumes: { accepted: 1, decided: 1, openAtMonthEnd: 0 },
      sync: { records: 1, withinLimit: 0 },
    });
    expect(doumen.districts.map((d: { key: string }) => d.key)).toEqual(['440403']);
  });

  it('archives the month with its snapshot and rule versions, and reproduces it after the data moved on', async () => {
    // when the city archives October
    const narrative = '本月斗门区按时办结率偏低。\n\n请自然资源局于下月 10 日前说明 R2 超期原因。';
    const archived = await call('supervisor', 'POST', '/api/v1/reports/monthly/2026-10/archive', { narrative });
    expect(archived.statusCode, archived.body).toBe(201);
    expect(archived.json()).toMatchObject({
      version: 1,
      cases: 4,
      flags: 1,
      narrative,
      ruleVersions: { ...ruleVersions(), report: MONTHLY_REPORT_VERSION },
    });
    // and a late flag on an October case arrives afterwards
    await flag('R2', 'A9', '440403', 'ZH_ZRZYJ', sh('2026-10-30T02:00:00'));
    // then today's report moves, version 1 does not, and it is reproduced exactly from its snapshot
    expect((await json('supervisor', '/api/v1/reports/monthly/2026-10')).anomalies.flags).toBe(2);
    const v1 = await json('supervisor', '/api/v1/reports/monthly/2026-10?version=1');
    expect(v1.anomalies).toMatchObject({ flags: 1, cases: 1, byRule: { A2: 1 } });
    expect(v1.archive).toMatchObject({ version: 1, reproduced: true, generatedBy: await t.userId('supervisor') });
    // and 斗门 sees its part of the archived month
    expect(await json('supervisor.dm', '/api/v1/reports/monthly/2026-10?version=1')).toMatchObject({
      regionCode: '440403',
      volumes: { accepted: 1 },
      anomalies: { flags: 0 },
    });
    // and archiving again makes version 2 with the late flag; both are listed
    expect((await call('supervisor', 'POST', '/api/v1/reports/monthly/2026-10/archive')).json()).toMatchObject({
      version: 2,
      flags: 2,
    });
    expect(
      (await json('supervisor', '/api/v1/reports/monthly/2026-10/versions')).items.map(
        (v: { version: number; flags: number }) => [v.version, v.flags],
      ),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await t.rows('monthly_report')).toBe(2);
  });

  it('renders the HTML page with charts and prints the same page as a PDF', async () => {
    const html = await call('supervisor', 'GET', '/api/v1/reports/monthly/2026-10?version=1&format=html');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('存档第 1 版');
    expect(html.body).toContain('<p>请自然资源局于下月 10 日前说明 R2 超期原因。</p>');
    expect(html.body.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html.body).toContain(numberOf('R3'));
    const pdf = await call('supervisor', 'GET', '/api/v1/reports/monthly/2026-10?format=pdf');
    if (await chromiumAvailable(CHROMIUM)) {
      expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(1);
    } else {
      // without Chromium the PDF is refused clearly and the rest keeps working
      expect(pdf.statusCode).toBe(503);
      expect(pdf.json()).toMatchObject({ code: 'REPORT_PDF_UNAVAILABLE', field: 'query.format' });
    }
  }, 60_000);

  it('refuses what it should, and changes nothing', async () => {
    const before = await t.rows('monthly_report');
    // a district supervisor may not archive the city's report; a department may not read reports
    expect((await call('supervisor.dm', 'POST', '/api/v1/reports/monthly/2026-10/archive')).statusCode).toBe(403);
    expect((await call('head.zjj', 'GET', '/api/v1/reports/monthly/2026-10')).statusCode).toBe(403);
    // the current month cannot be archived yet; a version that was never archived is 404; a bad month 400
    const open = await call('supervisor', 'POST', '/api/v1/reports/monthly/2026-11/archive');
    expect(open.statusCode).toBe(409);
    expect(open.json()).toMatchObject({ code: 'REPORT_MONTH_NOT_ENDED', field: 'params.month' });
    expect((await call('supervisor', 'GET', '/api/v1/reports/monthly/2026-10?version=9')).json()).toMatchObject({
      status: 404,
      code: 'REPORT_ARCHIVE_NOT_FOUND',
    });
    expect((await call('supervisor', 'GET', '/api/v1/reports/monthly/2026-13')).statusCode).toBe(400);
    const unknownField = await call('supervisor', 'POST', '/api/v1/reports/monthly/2026-10/archive', {
      narrative: 'x',
      editor: 'me',
    });
    expect(unknownField.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.editor' });
    expect(await t.rows('monthly_report')).toBe(before);
    expect((await get().db.select().from(monthlyReport)).every((r) => r.month === '2026-10')).toBe(true);
  });
});
