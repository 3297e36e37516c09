/**
 * GET /api/v1/sync/status and POST /api/v1/sync/parked/{dfsjzj}/resend on the running system: a
 * project the fake province refuses is parked with its reason, supervisors see it, others get 403,
 * the resend (audited) sends it again once the cause is gone, and the relay delivers it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import type { System } from '../../system.ts';
import type { ManualClock } from '../../infra/clock.ts';
import { DEMO_PASSWORD } from '../app.fixture.ts';

describeEachDatabase('provincial sync routes', (get) => {
  let system: System & { clock: ManualClock };
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
  });
  afterAll(async () => {
    await system?.close();
  });

  async function call(username: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const login = await system.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { authorization: `Bearer ${(login.json() as { accessToken: string }).accessToken}` };
    return system.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  }

  it('parks a refused record, shows it to supervisors only, and re-sends it on request (audited)', async () => {
    // given the province refuses a project record
    const code = '2604-440402-04-01-300001';
    const dfsjzj = `XM-${code}-001`;
    const province = system.fakes.province!;
    province.rejectKeys([dfsjzj]);
    await system.applications.registerProject({
      code,
      name: '珠海某厂房项目',
      ownerName: '珠海某实业有限公司',
      ownerUscc: '91440400MA4W000002',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
    // when the relay has pushed it
    const parked = await waitFor(
      async () => {
        const res = await call('supervisor', 'GET', '/api/v1/sync/parked');
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: { dfsjzj: string; sjsczt: number; sbyy: string | null }[]; total: number };
        return body.items.some((p) => p.dfsjzj === dfsjzj) ? body : null;
      },
      { what: 'the parked project record' },
    );
    // then supervisors see it parked with the province's reason; the unit row behind it waits
    const status = (await call('supervisor', 'GET', '/api/v1/sync/status')).json() as {
      parkedCount: number;
      backlog: number;
    };
    expect(status.parkedCount).toBe(1);
    expect(parked.total).toBe(1);
    expect(parked.items[0]).toMatchObject({ dfsjzj, sjsczt: -1, sbyy: expect.any(String) });
    expect(status.backlog).toBe(1);
    expect(province.receivedCount(dfsjzj)).toBe(0);

    // others get a 403 problem
    const forbidden = await call('reviewer.zjj', 'GET', '/api/v1/sync/status');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
    expect((forbidden.json() as { code: string }).code).toBe('FORBIDDEN');
    expect((await call('reviewer.zjj', 'POST', `/api/v1/sync/parked/${dfsjzj}/resend`, {})).statusCode).toBe(403);
    expect((await call('supervisor', 'POST', '/api/v1/sync/parked/XM-none/resend', {})).statusCode).toBe(404);
    expect((await call('reviewer.zjj', 'GET', '/api/v1/sync/parked')).statusCode).toBe(403);
    expect((await call('supervisor', 'GET', '/api/v1/sync/parked?limit=0')).statusCode).toBe(400);

    // when the cause is gone and a supervisor re-sends it
    province.rejectKeys([]);
    const resent = await call('supervisor', 'POST', `/api/v1/sync/parked/${dfsjzj}/resend`); // no body: re-send as it was
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toMatchObject({ action: 'requeued' });
    // then the relay delivers it and the unit behind it, and the outbox is clear
    await waitFor(
      async () =>
        province.receivedCount(dfsjzj) === 1 && province.receivedCount(`DW-${code}-001-91440400MA4W000002-1`) === 1,
      { what: 'delivery after resend' },
    );
    const after = (await call('supervisor', 'GET', '/api/v1/sync/status')).json() as {
      parkedCount: number;
      backlog: number;
    };
    expect(after).toMatchObject({ parkedCount: 0, backlog: 0 });
    // and the resend is in the audit log
    const audit = await call(
      'auditor',
      'GET',
      `/api/v1/audit?action=${encodeURIComponent('POST /api/v1/sync/parked/:dfsjzj/resend')}`,
    );
    expect(audit.statusCode, audit.body).toBe(200);
    const entries = (
      audit.json() as { items: { outcome: string; actorUsername: string | null; details: Record<string, unknown> }[] }
    ).items;
    expect(entries.map((e) => [e.actorUsername, e.outcome])).toEqual(
      expect.arrayContaining([
        ['supervisor', '200'],
        ['reviewer.zjj', '403'],
      ]),
    );
    expect(entries.find((e) => e.outcome === '200')!.details).toMatchObject({ dfsjzj, action: 'requeued' });
  });
});
