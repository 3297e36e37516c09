/**
 * No action without its audit record (等保 level 3): with the audit log made unwritable (a trigger that
 * refuses every insert — what a full disk, a lost connection or a broken chain head look like from
 * here) every write is refused with 503 AUDIT_UNAVAILABLE and nothing is written — a login, an
 * account and a role change (recorded in their own transaction), a rule-parameter change, an A1
 * override code and a task completion such as a decision (write-ahead). With the log back, each is
 * recorded once, and the chain verifies.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestSystem } from '../../test/system-harness.ts';
import { waitFor } from '../../test/engine-driver.ts';
import { apiClient, type ApiClient } from '../../test/api-client.ts';
import type { System } from '../../system.ts';
import { query } from '../app.fixture.ts';
import { verifyAuditChain } from '../../infra/db/audit.repo.ts';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');

describeEachDatabase('audit fails closed', (get) => {
  let system: System;
  let api: ApiClient;
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    await system?.close();
  });

  const rows = async (table: string, where = sql`true`) =>
    (await query<{ n: number }>(get(), sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!.n;
  const auditDown = async (down: boolean) => {
    if (down) {
      await get().db.execute(
        sql`create or replace function audit_log_down() returns trigger language plpgsql as $$ begin raise exception 'audit store unavailable (test)'; end $$`,
      );
      await get().db.execute(
        sql`create trigger audit_log_down before insert on audit_log for each row execute function audit_log_down()`,
      );
    } else {
      await get().db.execute(sql`drop trigger audit_log_down on audit_log`);
    }
  };
  const refused = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
  };

  it('refuses every write, and writes nothing, while the audit log cannot be written', async () => {
    // given a case with its window task open, and everyone signed in
    const code = '2604-440402-04-01-880001';
    expect(
      (
        await api.call('applicant', 'POST', '/api/v1/projects', {
          code,
          name: '审计故障项目',
          ownerName: '珠海示例建设有限公司',
          ownerUscc: '91440400MA4DEMO001',
          regionCode: '440402',
          flowType: 'SOCIAL_INVEST',
        })
      ).statusCode,
    ).toBe(201);
    const created = await api.call('applicant', 'POST', '/api/v1/applications', {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03'],
      channel: 'online',
      materials: ['M100', 'M101', 'M102', 'M103', 'M104'].map((materialId) => ({
        materialId,
        source: 'upload',
        contentBase64: PDF,
      })),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { applicationId, caseIds } = created.json() as { applicationId: string; caseIds: string[] };
    const task = await waitFor(
      async () => {
        const list = (await api.call('window', 'GET', '/api/v1/tasks?scope=group')).json() as {
          items: { id: string; applicationId: string; elementId: string }[];
        };
        return list.items.find((t) => t.applicationId === applicationId && t.elementId === 'Task_InitialCheck');
      },
      { what: 'the initial check', timeoutMs: 20_000 },
    );
    for (const user of ['sysadmin', 'supervisor', 'window', 'admin.zjj']) await api.token(user);
    const reviewerId = (
      await query<{ id: string }>(get(), sql`select id from user_account where username = 'reviewer.zjj'`)
    )[0]!.id;
    const counts = async () => ({
      audit: await rows('audit_log'),
      sessions: await rows('auth_session'),
      users: await rows('user_account'),
      parameters: await rows('rule_parameter'),
      overrides: await rows('override_code'),
      reviewerRoles: (
        await query<{ roles: string[] }>(get(), sql`select roles from user_account where id = ${reviewerId}`)
      )[0]!.roles,
    });
    const before = await counts();

    // when the audit log cannot be written
    await auditDown(true);
    try {
      // then a login (its record is in the session's transaction) …
      refused(
        await api.call(null, 'POST', '/api/v1/auth/login', { username: 'reviewer.zjj', password: 'Zhuhai@2026' }),
      );
      // … an account, and a role change …
      refused(
        await api.call('sysadmin', 'POST', '/api/v1/users', {
          username: 'audit.down',
          displayName: '审计故障',
          roles: ['SUPERVISOR'],
          departmentCode: 'ZH_GGB',
        }),
      );
      refused(
        await system.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${reviewerId}`,
          headers: { authorization: `Bearer ${await api.token('admin.zjj')}` },
          payload: { roles: ['DEPT_HEAD'] },
        }),
      );
      // … an A1 parameter change and an override code (write-ahead) …
      refused(
        await api.call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', {
          params: { min_case_dwell_s: 60 },
          reason: '审计故障演练',
        }),
      );
      refused(
        await api.call('supervisor', 'POST', `/api/v1/supervision/cases/${caseIds[0]}/override-codes`, {
          reason: '审计故障演练',
        }),
      );
      // … and a task completion (a decision goes the same way) are all refused
      refused(
        await api.call('window', 'POST', `/api/v1/tasks/${task.id}/complete`, {
          materialChecks: [{ materialId: 'M100', ok: true }],
        }),
      );
      // and nothing was written
      expect(await counts()).toEqual(before);
      const open = await api.call('window', 'GET', `/api/v1/tasks/${task.id}`);
      expect(open.statusCode).toBe(200);
      expect((await system.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
        /audit_append_failures_total [1-9]/,
      );
    } finally {
      await auditDown(false);
    }

    // when the log is back, then the same actions go through, each with its record
    const login = await api.call(null, 'POST', '/api/v1/auth/login', {
      username: 'reviewer.zjj',
      password: 'Zhuhai@2026',
    });
    expect(login.statusCode).toBe(200);
    expect(await rows('audit_log')).toBe(before.audit + 1);
    const change = await api.call('supervisor', 'POST', '/api/v1/supervision/rules/A1/parameters', {
      params: { min_case_dwell_s: 60 },
      reason: '审计恢复',
    });
    expect(change.statusCode).toBe(201);
    const [started, outcome] = await query<{ seq: number; outcome: string; details: Record<string, unknown> }>(
      get(),
      sql`select seq::int as seq, outcome, details from audit_log order by seq desc limit 2`,
    ).then((r) => r.reverse());
    expect(started).toMatchObject({ outcome: 'started' });
    expect(outcome).toMatchObject({
      outcome: '201',
      details: { startedSeq: started!.seq, scope: '*', params: { min_case_dwell_s: 60 } },
    });
    expect(await verifyAuditChain(get().db)).toMatchObject({ ok: true, problemCount: 0 });
  });

  it('refuses a decision, an override code and an A1 parameter change carrying text PostgreSQL cannot store, and writes nothing', async () => {
    // given (the same case as above: its task, its supervisor)
    const task = (
      (await api.call('window', 'GET', '/api/v1/tasks?scope=group')).json() as {
        items: { id: string; caseId: string | null; applicationId: string }[];
      }
    ).items[0]!;
    const caseId = (await query<{ id: string }>(get(), sql`select id from item_case order by id limit 1`))[0]!.id;
    const before = {
      audit: await rows('audit_log'),
      parameters: await rows('rule_parameter'),
      overrides: await rows('override_code'),
    };
    // when / then each is refused at the edge, naming the field
    const cases: [string, string, object, string][] = [
      [
        'window',
        `/api/v1/tasks/${task.id}/complete`,
        { decision: 'APPROVED', conditions: '同意\ud800' },
        'body.conditions',
      ],
      ['supervisor', `/api/v1/supervision/cases/${caseId}/override-codes`, { reason: '秒办核准\u0000' }, 'body.reason'],
      [
        'supervisor',
        '/api/v1/supervision/rules/A1/parameters',
        { params: { min_case_dwell_s: 60 }, reason: '\udc00调整' },
        'body.reason',
      ],
    ];
    for (const [user, url, payload, field] of cases) {
      const res = await api.call(user, 'POST', url, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_CHARACTERS', field });
    }
    // and nothing was done: only the refusals are on record, and the chain verifies
    expect({ parameters: await rows('rule_parameter'), overrides: await rows('override_code') }).toEqual({
      parameters: before.parameters,
      overrides: before.overrides,
    });
    expect(await rows('audit_log')).toBe(before.audit + cases.length);
    expect(await verifyAuditChain(get().db)).toMatchObject({ ok: true });
    // and the nightly check reports on /metrics
    expect((await system.app.inject({ method: 'GET', url: '/metrics' })).body).toContain(
      'audit_chain_last_verified_timestamp_seconds',
    );
  });

  it('records an account change once, in its own transaction, with before and after', async () => {
    // given
    const before = await rows('audit_log');
    const reviewerId = (
      await query<{ id: string }>(get(), sql`select id from user_account where username = 'reviewer.zjj'`)
    )[0]!.id;
    // when
    const res = await system.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${reviewerId}`,
      headers: { authorization: `Bearer ${await api.token('admin.zjj')}` },
      payload: { permissions: ['PII_VIEW'] },
    });
    // then
    expect(res.statusCode, res.body).toBe(200);
    expect(await rows('audit_log')).toBe(before + 1);
    const [row] = await query<{ outcome: string; target: string; details: Record<string, unknown> }>(
      get(),
      sql`select outcome, target, details from audit_log order by seq desc limit 1`,
    );
    expect(row).toMatchObject({
      outcome: '200',
      target: `user:${reviewerId}`,
      details: { before: { permissions: [] }, after: { permissions: ['PII_VIEW'] } },
    });
  });
});
