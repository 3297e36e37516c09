/**
 * 电子监察 over HTTP on the whole system: time-limit supervision in the supervisor's region only; the A1
 * guard refusing a decision taken seconds after acceptance until a supervisor's one-time override
 * code is given; the flag it raises explained by the department and confirmed by the supervisor.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../../infra/clock.ts';
import { apiClient, DOUMEN_SUPERVISOR, seedAccounts, type ApiClient } from '../../test/api-client.ts';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');

describeEachDatabase('supervision API', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  beforeAll(async () => {
    system = await startTestSystem(get());
    await seedAccounts(system, get(), [DOUMEN_SUPERVISOR]);
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    await system?.close();
  });

  const call = (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.call(user, method, url, payload);
  const ok = async (p: Promise<LightMyRequestResponse>, status = 200) => {
    const r = await p;
    expect(r.statusCode, r.body).toBe(status);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/bench JSON is read loosely
    return r.json() as Record<string, any>;
  };
  const task = (user: string, elementId: string, caseId: string | null) =>
    waitFor(
      async () => {
        const { items } = await ok(call(user, 'GET', '/api/v1/tasks?scope=group'));
        return (items as { id: string; elementId: string; caseId: string | null }[]).find(
          (t) => t.elementId === elementId && (!caseId || t.caseId === caseId),
        );
      },
      { what: elementId, timeoutMs: 20_000 },
    );

  it("shows lights in the region, refuses a seconds-fast decision until overridden, and keeps the flag's history", async () => {
    const code = '2604-440402-04-01-900001';
    await ok(
      call('applicant', 'POST', '/api/v1/projects', {
        code,
        name: '监察测试项目',
        ownerName: '珠海示例建设有限公司',
        ownerUscc: '91440400MA4DEMO001',
        regionCode: '440402',
        flowType: 'SOCIAL_INVEST',
      }),
      201,
    );
    const created = await ok(
      call('applicant', 'POST', '/api/v1/applications', {
        projectCode: code,
        stage: 3,
        items: ['ZH-S3-03'],
        channel: 'online',
        materials: ['M100', 'M101', 'M102', 'M103', 'M104'].map((materialId) => ({
          materialId,
          source: 'upload',
          contentBase64: PDF,
        })),
      }),
      201,
    );
    const caseId = (created.caseIds as string[])[0]!;
    expect(
      (
        await ok(
          call('window', 'POST', `/api/v1/applications/${created.applicationId}/initial-check`, { materialChecks: [] }),
        )
      ).outcome,
    ).toBe('RECEIPT');

    // time-limit supervision: the city sees the case with its light; 斗门 does not; a reviewer may not look
    const city = await ok(call('supervisor', 'GET', '/api/v1/supervision/time-limits?groupBy=department'));
    const row = (city.items as { caseId: string; light: string; remainingDays: number; clock: string }[]).find(
      (c) => c.caseId === caseId,
    )!;
    expect(row).toMatchObject({ clock: 'ADMIN', light: 'GREEN', remainingDays: 2 });
    expect(
      (city.groups as { key: string; open: number }[]).find((g) => g.key === 'ZH_ZJJ')!.open,
    ).toBeGreaterThanOrEqual(1);
    // by window: the account that issued the receipt; by channel: online
    const byWindow = await ok(call('supervisor', 'GET', '/api/v1/supervision/time-limits?groupBy=window'));
    expect(
      (byWindow.items as { caseId: string; receivedBy: string; channel: string }[]).find((c) => c.caseId === caseId),
    ).toMatchObject({ receivedBy: 'window', channel: 'online' });
    expect(
      (byWindow.groups as { key: string; open: number }[]).find((g) => g.key === 'window')?.open,
    ).toBeGreaterThanOrEqual(1);
    const byChannel = await ok(call('supervisor', 'GET', '/api/v1/supervision/time-limits?groupBy=channel'));
    expect((byChannel.groups as { key: string }[]).map((g) => g.key)).toContain('online');
    const doumen = await ok(call('supervisor.dm', 'GET', '/api/v1/supervision/time-limits'));
    expect((doumen.items as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
    // nor in its figures: 斗门 has no open case, so no count and no group (by department or by district)
    expect(doumen).toMatchObject({
      regionCode: '440403',
      counts: { open: 0, green: 0, yellow: 0, red: 0, paused: 0 },
      groups: [],
    });
    expect((await ok(call('supervisor.dm', 'GET', '/api/v1/supervision/time-limits?groupBy=district'))).groups).toEqual(
      [],
    );
    expect((city.groups as { key: string }[]).length).toBeGreaterThan(0);
    expect((await call('reviewer.zjj', 'GET', '/api/v1/supervision/time-limits')).statusCode).toBe(403);

    // the department reviews, the lead holds the joint review, the head decides at once: refused (A1)
    await ok(
      call('reviewer.zjj', 'POST', `/api/v1/tasks/${(await task('reviewer.zjj', 'Task_Review', caseId)).id}/complete`, {
        action: 'OPINION',
        opinion: '材料齐全,符合条件',
      }),
    );
    await ok(
      call(
        'reviewer.zjj',
        'POST',
        `/api/v1/tasks/${(await task('reviewer.zjj', 'Task_JointReview', null)).id}/complete`,
        { conclusion: '会审通过' },
      ),
    );
    const decide = await task('head.zjj', 'Task_Decide', caseId);
    const refused = await call('head.zjj', 'POST', `/api/v1/tasks/${decide.id}/complete`, { decision: 'APPROVED' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING', field: 'body.override' });
    const wrong = await call('head.zjj', 'POST', `/api/v1/tasks/${decide.id}/complete`, {
      decision: 'APPROVED',
      override: { code: 'NOTACODE', reason: '加急项目' },
    });
    expect(wrong.json()).toMatchObject({ code: 'ANOMALY_A1_SECONDS_HANDLING' });
    // a supervisor issues a one-time code; the decision goes through with it, once
    expect(
      (
        await call('reviewer.zjj', 'POST', `/api/v1/supervision/cases/${caseId}/override-codes`, {
          reason: '市重点项目加急',
        })
      ).statusCode,
    ).toBe(403);
    const issued = await ok(
      call('supervisor', 'POST', `/api/v1/supervision/cases/${caseId}/override-codes`, { reason: '市重点项目加急' }),
      201,
    );
    await ok(
      call('head.zjj', 'POST', `/api/v1/tasks/${decide.id}/complete`, {
        decision: 'APPROVED',
        override: { code: issued.code, reason: '市重点项目,经工改办核准加急办结' },
      }),
    );

    // the override raised an A1 flag: the department explains, the supervisor confirms; history kept
    const { items } = await ok(call('supervisor', 'GET', `/api/v1/supervision/anomalies?rule=A1&caseId=${caseId}`));
    expect(items).toHaveLength(1);
    const flag = items[0] as { id: number; status: string; source: string };
    expect(flag).toMatchObject({ status: 'OPEN', source: 'guard' });
    // 斗门's supervisor neither sees the 香洲 flag nor may move it, nor issue a code for the 香洲 case
    expect((await ok(call('supervisor.dm', 'GET', '/api/v1/supervision/anomalies'))).items).toEqual([]);
    expect((await ok(call('supervisor.dm', 'GET', `/api/v1/supervision/anomalies?caseId=${caseId}`))).items).toEqual(
      [],
    );
    expect(
      (
        await call('supervisor.dm', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
          to: 'DISMISSED',
          note: '越区撤销',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call('supervisor.dm', 'POST', `/api/v1/supervision/cases/${caseId}/override-codes`, {
          reason: '越区签发核准码',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await ok(call('reviewer.zrzyj', 'GET', `/api/v1/supervision/anomalies?caseId=${caseId}`))).items as unknown[],
    ).toEqual([]);
    expect(
      (
        await call('reviewer.zrzyj', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
          to: 'EXPLAINED',
          note: '越权说明',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call('head.zjj', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
          to: 'CONFIRMED',
          note: '自行确认',
        })
      ).statusCode,
    ).toBe(403);
    await ok(
      call('head.zjj', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
        to: 'EXPLAINED',
        note: '经工改办核准的加急件',
      }),
    );
    const confirmed = await ok(
      call('supervisor', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
        to: 'CONFIRMED',
        note: '核准加急,情况属实',
      }),
    );
    expect(confirmed.status).toBe('CONFIRMED');
    expect((confirmed.history as { to: string }[]).map((h) => h.to)).toEqual(['EXPLAINED', 'CONFIRMED']);
    const again = await call('supervisor', 'POST', `/api/v1/supervision/anomalies/${flag.id}/transition`, {
      to: 'DISMISSED',
      note: '改为撤销',
    });
    expect(again.json()).toMatchObject({ code: 'FLAG_ILLEGAL_TRANSITION' });

    // the month's report: the case, its department and the A1 flag in the city's; nothing in 斗门's
    const month = system.clock.now().toISOString().slice(0, 7);
    const report = await ok(call('supervisor', 'GET', `/api/v1/reports/monthly/${month}`));
    expect(report.volumes.accepted).toBe(1);
    expect(report.volumes.byDecision).toEqual({ APPROVED: 1 });
    expect(report.anomalies.byRule.A1).toBe(1);
    expect(report.departments.map((d: { key: string }) => d.key)).toEqual(['ZH_ZJJ']);
    expect((await ok(call('supervisor.dm', 'GET', `/api/v1/reports/monthly/${month}`))).volumes.accepted).toBe(0);
    const html = await call('supervisor', 'GET', `/api/v1/reports/monthly/${month}?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<svg');
    expect(html.body).toContain('住房和城乡建设局');
    expect((await call('head.zjj', 'GET', `/api/v1/reports/monthly/${month}`)).statusCode).toBe(403);
    expect((await call('supervisor', 'GET', '/api/v1/reports/monthly/2026-13')).statusCode).toBe(400);
  });

  it("keeps the rules' parameters as versioned data: city supervisors set them city-wide or per item, with a reason; bad input changes nothing", async () => {
    // given the rules as shipped
    const before = await ok(call('supervisor', 'GET', '/api/v1/supervision/rules'));
    const a1 = (before.rules as { code: string; city: Record<string, number>; version: number }[]).find(
      (r) => r.code === 'A1',
    )!;
    expect(a1.city.min_case_dwell_s).toBe(600);
    // when a district supervisor, a reviewer, or bad parameters try — then refused, nothing recorded
    const body = {
      itemCode: 'ZH-S3-03',
      params: { min_case_dwell_s: 300 },
      reason: '施工许可并联审查提速,经市工改办会议研究',
    };
    expect((await call('supervisor.dm', 'POST', '/api/v1/supervision/rules/A1/parameters', body)).statusCode).toBe(403);
    expect((await call('reviewer.zjj', 'POST', '/api/v1/supervision/rules/A1/parameters', body)).statusCode).toBe(403);
    expect(
      (
        await call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', {
          ...body,
          params: { min_case_dwell: 300 },
        })
      ).json(),
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.params.min_case_dwell' });
    expect(
      (
        await call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', {
          ...body,
          params: { min_case_dwell_s: -1 },
        })
      ).json(),
    ).toMatchObject({ status: 400, field: 'body.params.min_case_dwell_s' });
    expect(
      (
        await call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', { ...body, itemCode: 'ZH-NOPE' })
      ).json(),
    ).toMatchObject({ status: 422, code: 'RULE_ITEM_UNKNOWN', field: 'body.itemCode' });
    expect((await call('supervisor', 'POST', '/api/v1/supervision/rules/A99/parameters', body)).json()).toMatchObject({
      status: 404,
      code: 'RULE_NOT_FOUND',
    });
    expect((await ok(call('supervisor', 'GET', '/api/v1/supervision/rules'))).parameterVersion).toBe(
      before.parameterVersion,
    );
    // when the city supervisor sets it for one item, then lowers A2's city-wide threshold
    const change = await ok(call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', body), 201);
    expect(change).toMatchObject({ rule: 'A1', scope: 'ZH-S3-03', params: { min_case_dwell_s: 300 } });
    await ok(
      call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', {
        params: { burst_n: 8 },
        reason: '窗口集中办结属正常',
      }),
      201,
    );
    // then the item override and the city parameter are in force, the others keep their defaults, and the history keeps both changes
    const after = await ok(call('supervisor', 'GET', '/api/v1/supervision/rules'));
    const a1After = (
      after.rules as { code: string; city: Record<string, number>; items: Record<string, Record<string, number>> }[]
    ).find((r) => r.code === 'A1')!;
    expect(a1After.items['ZH-S3-03']).toEqual({ min_case_dwell_s: 300 });
    expect(a1After.city).toMatchObject({ burst_n: 8, min_case_dwell_s: 600 });
    expect(
      (
        (await ok(call('supervisor', 'GET', '/api/v1/supervision/rules/changes'))).items as {
          rule: string;
          scope: string;
        }[]
      )
        .slice(0, 2)
        .map((h) => h.scope),
    ).toEqual(['*', 'ZH-S3-03']);
    expect(after.parameterVersion).toBeGreaterThan(before.parameterVersion);
  });
});
