/**
 * A whole stage driven through HTTP only — project, application, the one-time supplement notice,
 * receipt, parallel review with a special procedure, joint review, decision, e-certificate, delivery —
 * plus the scope rules and bad input on the same running system (engine, workers, fake outside
 * servers on loopback).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../../infra/clock.ts';
import { query } from '../app.fixture.ts';
import { apiClient, type ApiClient } from '../../test/api-client.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const OWNER_USCC = '91440400MA4DEMO001'; // the demo applicant's organisation
const DAY = 24 * 3_600_000;
let serial = 0;

describeEachDatabase('case API end to end over HTTP', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Moving time forward ends the sessions (15-minute tokens, 30-minute idle): sign in again. */
  const advance = (ms: number) => {
    system.clock.advance(ms);
    api.signOut();
  };
  const call = (username: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.call(username, method, url, payload);
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/bench JSON is read loosely
    return res.json() as Record<string, unknown> & { [k: string]: any };
  };
  const newCode = () => `2604-440402-04-01-${String(300000 + ++serial)}`;
  const register = async (code: string) =>
    ok(
      await call('applicant', 'POST', '/api/v1/projects', {
        code,
        name: '珠海示例住宅项目',
        ownerName: '珠海示例建设有限公司',
        ownerUscc: OWNER_USCC,
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
        contactPhone: '13912345678',
      }),
      201,
    );
  const groupTask = async (username: string, elementId: string, caseId: string | null) =>
    waitFor(
      async () => {
        const list = ok(await call(username, 'GET', '/api/v1/tasks?scope=group'));
        return (list.items as { id: string; elementId: string; caseId: string | null; applicationId: string }[]).find(
          (t) => t.elementId === elementId && (caseId === null || t.caseId === caseId),
        );
      },
      { what: `${elementId} for ${username}`, timeoutMs: 20_000 },
    );

  it('takes a stage from application to delivery through HTTP only', async () => {
    const code = newCode();
    expect((await register(code)).warnings).toEqual(expect.arrayContaining([expect.stringContaining('仅作格式核验')]));
    // applicant applies online with one of the two materials
    const created = ok(
      await call('applicant', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 3,
        items: ['ZH-S3-02'],
        channel: 'online',
        materials: [{ materialId: 'M090', source: 'upload', fileName: '申请表.pdf', contentBase64: PDF }],
      }),
      201,
    );
    const applicationId = created.applicationId as string;
    const caseId = (created.caseIds as string[])[0]!;
    // the window checks item by item: one notice lists every missing material, no clock yet
    const notice = ok(
      await call('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, {
        materialChecks: [{ materialId: 'M090', ok: true }],
      }),
    );
    expect(notice.outcome).toBe('SUPPLEMENT_NOTICE');
    expect((notice.missing as { materialId: string }[]).map((m) => m.materialId)).toEqual(['M091']);
    expect(ok(await call('applicant', 'GET', `/api/v1/cases/${caseId}`)).clocks).toEqual([]);
    advance(DAY);
    ok(
      await call('applicant', 'POST', `/api/v1/applications/${applicationId}/supplements`, {
        materials: [{ materialId: 'M091', source: 'upload', fileName: '消防设计文件.pdf', contentBase64: PDF }],
      }),
      202,
    );
    const receipt = await waitFor(
      async () => {
        const res = await call('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, {
          materialChecks: [],
        });
        return res.statusCode === 200 ? (res.json() as { outcome: string; caseNumbers: string[] }) : undefined;
      },
      { what: 'second initial check', timeoutMs: 20_000 },
    );
    expect(receipt.outcome).toBe('RECEIPT');
    expect(receipt.caseNumbers[0]).toMatch(/^ZH\d{8}\d{5}$/);

    // the department claims its review and starts an expert review (special procedure)
    const review = await groupTask('reviewer.zjj', 'Task_Review', caseId);
    expect(ok(await call('reviewer.zjj', 'POST', `/api/v1/tasks/${review.id}/claim`)).assignee).toBeTruthy();
    expect((await call('reviewer.zrzyj', 'POST', `/api/v1/tasks/${review.id}/claim`)).statusCode).toBe(404);
    const unknownType = await call('reviewer.zjj', 'POST', `/api/v1/cases/${caseId}/special-procedures`, {
      type: 'HEARING',
      reason: '需听证',
    });
    expect(unknownType.statusCode).toBe(422);
    expect(unknownType.json()).toMatchObject({ field: 'body.type' });
    ok(
      await call('reviewer.zjj', 'POST', `/api/v1/cases/${caseId}/special-procedures`, {
        type: 'EXPERT_REVIEW',
        reason: '超限高层,需专家评审',
      }),
      202,
    );
    const during = await waitFor(
      async () => {
        const c = ok(await call('reviewer.zjj', 'GET', `/api/v1/cases/${caseId}`));
        return c.state === 'SPECIAL_PROCEDURE' && (c.specialProcedures as unknown[]).length === 1 ? c : undefined;
      },
      { what: 'special procedure started', timeoutMs: 20_000 },
    );
    const admin = (during.clocks as { kind: string; status: string }[]).find((k) => k.kind === 'ADMIN')!;
    expect(admin.status).toBe('PAUSED');
    const procedureId = (during.specialProcedures as { id: string }[])[0]!.id;
    advance(5 * DAY);
    let last = '';
    await waitFor(
      async () => {
        const res = await call('reviewer.zjj', 'POST', `/api/v1/special-procedures/${procedureId}/finish`, {
          result: 'PASS',
          note: '专家评审通过',
        });
        last = res.body;
        return res.statusCode === 202;
      },
      { what: `finish special procedure (${last})`, timeoutMs: 20_000, intervalMs: 100 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${last}`);
    });

    // opinion, joint review by the lead, decision by the head
    const again = await groupTask('reviewer.zjj', 'Task_Review', caseId);
    ok(
      await call('reviewer.zjj', 'POST', `/api/v1/tasks/${again.id}/complete`, {
        action: 'OPINION',
        opinion: '消防设计符合规范',
      }),
    );
    const joint = await groupTask('reviewer.zjj', 'Task_JointReview', null);
    ok(await call('reviewer.zjj', 'POST', `/api/v1/tasks/${joint.id}/complete`, { conclusion: '会审通过' }));
    const decide = await groupTask('head.zjj', 'Task_Decide', caseId);
    const byReviewer = await call('reviewer.zjj', 'POST', `/api/v1/tasks/${decide.id}/complete`, {
      decision: 'APPROVED',
    });
    expect(byReviewer.statusCode).toBe(403);
    ok(await call('head.zjj', 'POST', `/api/v1/tasks/${decide.id}/complete`, { decision: 'APPROVED' }));
    const done = await waitFor(
      async () => {
        const c = ok(await call('applicant', 'GET', `/api/v1/cases/${caseId}`));
        return c.state === 'RESULT_ISSUED' ? c : undefined;
      },
      { what: 'result issued', timeoutMs: 20_000 },
    );
    const [result] = done.results as { kind: string; certificateId: string | null }[];
    expect(result!.kind).toBe('ECERT');
    expect(system.fakes.certificates!.certificates().some((c) => c.identifier === result!.certificateId)).toBe(true);
    expect((done.opinions as { opinion: string }[]).map((o) => o.opinion)).toEqual(['消防设计符合规范']);

    // delivery at the window; the one blueprint shows the stage
    const pickup = await call('window', 'POST', `/api/v1/cases/${caseId}/delivery`, { method: 'pickup' });
    expect(pickup.json()).toMatchObject({ code: 'DELIVERY_RECIPIENT_REQUIRED', field: 'body.recipient' });
    expect(
      ok(await call('window', 'POST', `/api/v1/cases/${caseId}/delivery`, { method: 'pickup', recipient: '张三' }))
        .state,
    ).toBe('DELIVERED');
    const blueprint = ok(await call('applicant', 'GET', `/api/v1/projects/${code}`));
    expect(blueprint.contactPhone).toBe('139****5678');
    expect(blueprint.stages[0].cases[0]).toMatchObject({ caseId, state: 'DELIVERED', decision: 'APPROVED' });
    expect(blueprint.stages[0].cases[0].clocks.find((k: { kind: string }) => k.kind === 'ADMIN').status).toBe(
      'STOPPED',
    );
    const timeline = ok(await call('applicant', 'GET', `/api/v1/cases/${caseId}`)).timeline as {
      type: string;
      actor: { userId: string; role: string };
    }[];
    // each step is recorded as the person who completed it, not a placeholder
    const idOf = async (username: string) =>
      (await query<{ id: string }>(get(), sql`select id from user_account where username = ${username}`))[0]!.id;
    expect(timeline.find((e) => e.type === 'OPINION_RECORDED')!.actor).toMatchObject({
      userId: await idOf('reviewer.zjj'),
      role: 'REVIEWER',
    });
    expect(timeline.find((e) => e.type === 'DECIDED')!.actor).toMatchObject({
      userId: await idOf('head.zjj'),
      role: 'DEPT_HEAD',
    });
    expect(timeline.find((e) => e.type === 'SPECIAL_PROCEDURE_STARTED')!.actor).toMatchObject({
      userId: await idOf('reviewer.zjj'),
      role: 'REVIEWER',
      departmentCode: 'ZH_ZJJ',
    });
    expect(timeline.find((e) => e.type === 'SPECIAL_PROCEDURE_FINISHED')!.actor).toMatchObject({
      userId: await idOf('reviewer.zjj'),
      role: 'REVIEWER',
      departmentCode: 'ZH_ZJJ',
    });
    expect(timeline.find((e) => e.type === 'RESULT_ISSUED')!.actor).toMatchObject({
      userId: await idOf('head.zjj'),
      role: 'DEPT_HEAD',
      departmentCode: 'ZH_ZJJ',
    });
    expect(timeline.map((e) => e.type)).toEqual([
      'ACCEPTED',
      'REVIEW_STARTED',
      'SPECIAL_PROCEDURE_STARTED',
      'SPECIAL_PROCEDURE_FINISHED',
      'OPINION_RECORDED',
      'DECIDED',
      'RESULT_ISSUED',
      'DELIVERED',
    ]);
  });

  it('records who did each step of a failed special procedure, the rectification, a supplement and an extension', async () => {
    // given a fire-design case accepted at the window with every material
    const code = newCode();
    await register(code);
    const created = ok(
      await call('window', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 3,
        items: ['ZH-S3-02'],
        channel: 'window',
        materials: [
          { materialId: 'M090', source: 'upload', contentBase64: PDF },
          { materialId: 'M091', source: 'upload', contentBase64: PDF },
        ],
      }),
      201,
    );
    const caseId = (created.caseIds as string[])[0]!;
    await waitFor(
      async () =>
        (
          await call('window', 'POST', `/api/v1/applications/${created.applicationId}/initial-check`, {
            materialChecks: [],
          })
        ).statusCode === 200,
      { what: 'initial check', timeoutMs: 20_000 },
    );
    const caseState = async () => ok(await call('reviewer.zjj', 'GET', `/api/v1/cases/${caseId}`));
    const until = (what: string, probe: (c: Awaited<ReturnType<typeof caseState>>) => boolean) =>
      waitFor(
        async () => {
          const c = await caseState();
          return probe(c) ? c : undefined;
        },
        { what, timeoutMs: 20_000 },
      );
    const accepted = (username: string, url: string, payload: unknown) =>
      waitFor(async () => (await call(username, 'POST', url, payload)).statusCode === 202, {
        what: url,
        timeoutMs: 20_000,
        intervalMs: 100,
      });
    await until('in review', (c) => c.state === 'IN_REVIEW');
    // when the reviewer starts an expert review, the head fails it, the applicant rectifies,
    // the reviewer asks for a supplement, the applicant hands it in and the lead's head extends
    await accepted('reviewer.zjj', `/api/v1/cases/${caseId}/special-procedures`, {
      type: 'EXPERT_REVIEW',
      reason: '超限高层,需专家评审',
    });
    const procedureId = (
      (await until('special procedure', (c) => (c.specialProcedures as unknown[]).length === 1)).specialProcedures as {
        id: string;
      }[]
    )[0]!.id;
    await accepted('head.zjj', `/api/v1/special-procedures/${procedureId}/finish`, {
      result: 'FAIL',
      note: '消防车道宽度不足',
    });
    await until('rectification', (c) => c.state === 'RECTIFICATION');
    ok(await call('applicant', 'POST', `/api/v1/cases/${caseId}/rectified`, {}), 202);
    await until('rectified', (c) => c.state === 'IN_REVIEW');
    await accepted('reviewer.zjj', `/api/v1/cases/${caseId}/supplement-requests`, {
      missingMaterials: ['消防设计文件(修改稿)'],
    });
    await until('supplement requested', (c) => c.state === 'SUPPLEMENT_PENDING');
    ok(
      await call('applicant', 'POST', `/api/v1/cases/${caseId}/supplements`, {
        materials: [{ materialId: 'M091', source: 'upload', fileName: '消防设计文件.pdf', contentBase64: PDF }],
      }),
      202,
    );
    await accepted('head.zjj', `/api/v1/cases/${caseId}/extensions`, { days: 2, reason: '补件内容较多' });
    // then every event names the person behind it, not a placeholder
    const timeline = (
      await until('extended', (c) => (c.timeline as { type: string }[]).some((e) => e.type === 'EXTENDED'))
    ).timeline as { type: string; actor: { userId: string; role: string; departmentCode: string | null } }[];
    const idOf = async (username: string) =>
      (await query<{ id: string }>(get(), sql`select id from user_account where username = ${username}`))[0]!.id;
    const reviewer = { userId: await idOf('reviewer.zjj'), role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };
    const head = { userId: await idOf('head.zjj'), role: 'DEPT_HEAD', departmentCode: 'ZH_ZJJ' };
    const applicant = { userId: await idOf('applicant'), role: 'APPLICANT' };
    expect(timeline.map((e) => e.type)).toEqual([
      'ACCEPTED',
      'REVIEW_STARTED',
      'SPECIAL_PROCEDURE_STARTED',
      'SPECIAL_PROCEDURE_FINISHED',
      'RECTIFIED',
      'SUPPLEMENT_REQUESTED',
      'SUPPLEMENT_RECEIVED',
      'EXTENDED',
    ]);
    const actor = (type: string) => timeline.find((e) => e.type === type)!.actor;
    expect(actor('ACCEPTED')).toMatchObject({ userId: await idOf('window'), role: 'WINDOW' });
    expect(actor('SPECIAL_PROCEDURE_STARTED')).toMatchObject(reviewer);
    expect(actor('SPECIAL_PROCEDURE_FINISHED')).toMatchObject(head);
    expect(actor('RECTIFIED')).toMatchObject(applicant);
    expect(actor('SUPPLEMENT_REQUESTED')).toMatchObject(reviewer);
    expect(actor('SUPPLEMENT_RECEIVED')).toMatchObject(applicant);
    expect(actor('EXTENDED')).toMatchObject(head);
  });

  it('keeps each party to its own: other departments, other owners and unauthenticated callers see nothing', async () => {
    const code = newCode();
    await register(code);
    const created = ok(
      await call('window', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 3,
        items: ['ZH-S3-02', 'ZH-S3-04'],
        channel: 'window',
        materials: [
          { materialId: 'M090', source: 'upload', contentBase64: PDF },
          { materialId: 'M091', source: 'upload', contentBase64: PDF },
          { materialId: 'M110', source: 'upload', contentBase64: PDF },
        ],
      }),
      201,
    );
    const [zjjCase, cgjCase] = created.caseIds as string[];
    expect((await call(null, 'GET', `/api/v1/cases/${zjjCase}`)).statusCode).toBe(401);
    // a department reads its own case in full and only the opinions of the other department's
    expect(ok(await call('reviewer.zjj', 'GET', `/api/v1/cases/${zjjCase}`)).access).toBe('FULL');
    const other = ok(await call('reviewer.zjj', 'GET', `/api/v1/cases/${cgjCase}`));
    expect(other.access).toBe('OPINIONS_ONLY');
    expect(other.timeline).toEqual([]);
    // a department with no item in the stage sees neither
    expect((await call('reviewer.zrzyj', 'GET', `/api/v1/cases/${zjjCase}`)).statusCode).toBe(404);
    // 香洲 district reviewer sees the 香洲 project, the platform admins see no business data
    expect((await call('sysadmin', 'GET', `/api/v1/projects/${code}`)).statusCode).toBe(404);
    expect((await call('auditor', 'GET', `/api/v1/cases/${zjjCase}`)).statusCode).toBe(404);
    expect(ok(await call('supervisor', 'GET', `/api/v1/projects/${code}`)).stages[0].cases).toHaveLength(2);
    // only the window does the initial check; the applicant cannot
    const denied = await call('applicant', 'POST', `/api/v1/applications/${created.applicationId}/initial-check`, {
      materialChecks: [],
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
  });

  it("moves demo time only for developers, and shows the fake gateway's messages", async () => {
    const before = system.clock.now().getTime();
    expect((await call('supervisor', 'POST', '/api/v1/dev/clock/advance', { hours: 2 })).statusCode).toBe(403);
    expect(system.clock.now().getTime()).toBe(before);
    const moved = ok(await call('developer', 'POST', '/api/v1/dev/clock/advance', { hours: 2 }));
    expect(Date.parse(moved.now as string) - before).toBe(2 * 3_600_000);
    api.signOut();
    const sms = ok(await call('developer', 'GET', '/api/v1/dev/sms'));
    expect(sms.total).toBe(system.fakes.sms!.sent().length);
    expect((sms.items as unknown[]).length).toBe(Math.min(50, system.fakes.sms!.sent().length));
  });

  it('refuses bad input with a problem naming the field and writes nothing', async () => {
    const code = newCode();
    await register(code);
    const counts = async () =>
      Promise.all(
        ['stage_application', 'item_case', 'case_material', 'case_event', 'project', 'engine_process_instance'].map(
          async (t) =>
            Number((await query<{ n: number }>(get(), sql.raw(`select count(*)::int as n from ${t}`)))[0]!.n),
        ),
      );
    const before = await counts();
    const cases: [string | null, 'POST' | 'GET', string, unknown, number, string, string?][] = [
      [
        'applicant',
        'POST',
        '/api/v1/projects',
        {
          code: '2604-4404-bad',
          name: 'x项目',
          ownerName: '某公司',
          ownerUscc: OWNER_USCC,
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        },
        400,
        'VALIDATION_FAILED',
        'body.code',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/projects',
        {
          code: '2604-999999-04-01-000001',
          name: 'x项目',
          ownerName: '某公司',
          ownerUscc: OWNER_USCC,
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        },
        422,
        'PROJECT_CODE_REGION',
        'body.code',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/projects',
        {
          code,
          name: '重复项目',
          ownerName: '某公司',
          ownerUscc: OWNER_USCC,
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        },
        409,
        'PROJECT_EXISTS',
        'body.code',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/projects',
        {
          code: newCode(),
          name: '他人项目',
          ownerName: '别家公司',
          ownerUscc: '91440400MA4OTHER01',
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        },
        403,
        'FORBIDDEN',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        { projectCode: code, stage: '3', items: ['ZH-S3-02'], channel: 'online', materials: [] },
        400,
        'VALIDATION_FAILED',
        'body.stage',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        { projectCode: code, stage: 3, items: ['ZH-S1-01'], channel: 'online', materials: [] },
        422,
        'ITEM_NOT_IN_STAGE',
        'body.items',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        {
          projectCode: code,
          stage: 3,
          items: ['ZH-S3-02'],
          channel: 'online',
          materials: [
            { materialId: 'M090', source: 'upload', contentBase64: Buffer.from('MZ executable').toString('base64') },
          ],
        },
        422,
        'MATERIAL_FILE_TYPE',
        'body.materials.0.contentBase64',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        {
          projectCode: code,
          stage: 3,
          items: ['ZH-S3-02'],
          channel: 'online',
          materials: [{ materialId: 'M999', source: 'upload', contentBase64: PDF }],
        },
        422,
        'MATERIAL_UNKNOWN',
        'body.materials',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        { projectCode: '2604-440402-04-01-999999', stage: 3, items: ['ZH-S3-02'], channel: 'online', materials: [] },
        404,
        'PROJECT_NOT_FOUND',
        'body.projectCode',
      ],
      [
        'applicant',
        'POST',
        '/api/v1/applications',
        { projectCode: code, stage: 3, items: ['ZH-S3-02'], channel: 'window', materials: [] },
        403,
        'FORBIDDEN',
        'body.channel',
      ],
      [
        'window',
        'POST',
        '/api/v1/applications/AUNKNOWN000/initial-check',
        { materialChecks: [] },
        404,
        'APPLICATION_NOT_FOUND',
        'params.id',
      ],
      [
        'reviewer.zjj',
        'POST',
        '/api/v1/tasks/999999999/complete',
        { decision: 'APPROVED' },
        404,
        'TASK_NOT_FOUND',
        'params.id',
      ],
      [
        'reviewer.zjj',
        'POST',
        '/api/v1/tasks/12/complete',
        { decision: 'MAYBE' },
        400,
        'VALIDATION_FAILED',
        'body.decision',
      ],
    ];
    for (const [user, method, url, payload, status, problem, field] of cases) {
      const res = await call(user, method, url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: problem, ...(field ? { field } : {}) });
    }
    const malformed = await system.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${await api.token('applicant')}`, 'content-type': 'application/json' },
      payload: '{"projectCode": ',
    });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    const huge = await call('applicant', 'POST', '/api/v1/projects', {
      code,
      name: 'x'.repeat(40_000),
      ownerName: 'y',
      ownerUscc: OWNER_USCC,
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
    expect(huge.json()).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
    expect(await counts()).toEqual(before);
  });

  it('takes one of three identical applications sent at once, and refuses the others until it is closed', async () => {
    // given a registered project
    const code = newCode();
    await register(code);
    const body = { projectCode: code, stage: 3, items: ['ZH-S3-04', 'ZH-S3-03'], channel: 'online', materials: [] };
    // when the same application is sent three times at once, and once more with the items in another order
    const answers = await Promise.all([1, 2, 3].map(() => call('applicant', 'POST', '/api/v1/applications', body)));
    const reordered = await call('applicant', 'POST', '/api/v1/applications', {
      ...body,
      items: ['ZH-S3-03', 'ZH-S3-04'],
    });
    // then one is created; the others are refused naming the items, nothing half-done is left
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    for (const refused of [...answers.filter((a) => a.statusCode === 409), reordered]) {
      expect(refused.json()).toMatchObject({ status: 409, code: 'APPLICATION_EXISTS', field: 'body.items' });
    }
    const rows = await query<{ id: string; process_instance_key: string | null }>(
      get(),
      sql`select id, process_instance_key from stage_application where project_code = ${code}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.process_instance_key).toBeTruthy();
    // and once it is withdrawn, the same application may be made again
    const created = answers.find((a) => a.statusCode === 201)!.json() as { applicationId: string };
    ok(
      await call('applicant', 'POST', `/api/v1/applications/${created.applicationId}/withdraw`, { reason: '重新申报' }),
      202,
    );
    await waitFor(
      async () =>
        (
          await query<{ state: string }>(
            get(),
            sql`select state from stage_application where id = ${created.applicationId}`,
          )
        )[0]!.state === 'WITHDRAWN',
      { what: 'the withdrawal' },
    );
    ok(await call('applicant', 'POST', '/api/v1/applications', body), 201);
  });
});
