import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { query, startTestApp, type TestApp } from '../app.fixture.ts';
import { DEMO_ACCOUNTS, type DemoAccount } from '../../infra/demo/demo-accounts.ts';

const TARGET: DemoAccount = {
  username: 'target.zjj',
  displayName: '目标账号',
  roles: ['REVIEWER'],
  departmentCode: 'ZH_ZJJ',
  regionCode: '440400',
  phone: '13912345678',
  idNumber: '440402199001011234',
};
const ROLE_USERS = DEMO_ACCOUNTS.map((a) => a.username);

type Expect = Record<string, number>;
/** Status per demo user; absent users get `otherwise`. */
const only = (allowed: Expect, otherwise = 403): Expect =>
  Object.fromEntries(ROLE_USERS.map((u) => [u, allowed[u] ?? otherwise]));

describeEachDatabase('account administration and authorization', (db) => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  let targetId = '';
  beforeAll(async () => {
    t = await startTestApp(db(), { accounts: [TARGET] });
    for (const username of ROLE_USERS) tokens.set(username, (await t.login(username)).accessToken);
    targetId = await t.userId('target.zjj');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the role × endpoint matrix', () => {
    let n = 0;
    const endpoints: {
      name: string;
      request: () => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object };
      expected: Expect;
    }[] = [
      { name: 'GET /api/v1/me', request: () => ({ method: 'GET', url: '/api/v1/me' }), expected: only({}, 200) },
      {
        name: 'GET /api/v1/users',
        request: () => ({ method: 'GET', url: '/api/v1/users' }),
        expected: only({ 'admin.zjj': 200, supervisor: 200, sysadmin: 200, secadmin: 200 }),
      },
      {
        name: 'GET /api/v1/users/{id}',
        request: () => ({ method: 'GET', url: `/api/v1/users/${targetId}` }),
        expected: only({ 'admin.zjj': 200, supervisor: 200, sysadmin: 200, secadmin: 200 }),
      },
      {
        name: 'POST /api/v1/users (a ZH_ZJJ reviewer)',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: `new.reviewer.${(n += 1)}`,
            displayName: '新经办人',
            roles: ['REVIEWER'],
            departmentCode: 'ZH_ZJJ',
          },
        }),
        expected: only({ 'admin.zjj': 201 }),
      },
      {
        name: 'POST /api/v1/users (a district department admin)',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: `new.admin.${(n += 1)}`,
            displayName: '香洲住建管理员',
            roles: ['DEPT_ADMIN'],
            departmentCode: 'XZ_ZJJ',
            requestRef: '珠工改办函〔2026〕1号',
          },
        }),
        expected: only({ sysadmin: 201 }),
      },
      {
        name: 'PATCH /api/v1/users/{id}',
        request: () => ({
          method: 'PATCH',
          url: `/api/v1/users/${targetId}`,
          payload: { displayName: '目标账号(改)' },
        }),
        expected: only({ 'admin.zjj': 200 }),
      },
      {
        name: 'POST /api/v1/users/{id}/reset-password',
        request: () => ({ method: 'POST', url: `/api/v1/users/${targetId}/reset-password` }),
        expected: only({ 'admin.zjj': 200, secadmin: 200 }),
      },
      {
        name: 'GET /api/v1/audit',
        request: () => ({ method: 'GET', url: '/api/v1/audit?limit=5' }),
        expected: only({ auditor: 200 }),
      },
      {
        name: 'GET /api/v1/calendar/deadline',
        request: () => ({ method: 'GET', url: '/api/v1/calendar/deadline?start=2026-06-01T01:00:00Z&workingDays=5' }),
        expected: only({}, 200),
      },
      {
        name: 'GET /api/v1/calendar/days',
        request: () => ({ method: 'GET', url: '/api/v1/calendar/days?from=2026-06-01&to=2026-06-07' }),
        expected: only({}, 200),
      },
    ];
    const rows = endpoints.flatMap((e) =>
      ROLE_USERS.map((user) => ({ endpoint: e.name, user, status: e.expected[user]!, e })),
    );
    it.each(rows)('$endpoint as $user → $status', async ({ user, status, e }) => {
      // when
      const res = await t.call(tokens.get(user)!, e.request());
      // then
      expect(res.statusCode, res.body).toBe(status);
      if (status >= 400) expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    });

    const anonymous = endpoints.map((e) => ({ endpoint: e.name, e, status: e.name.includes('calendar') ? 200 : 401 }));
    it.each(anonymous)('$endpoint without a token → $status', async ({ e, status }) => {
      const res = await t.call(null, e.request());
      expect(res.statusCode).toBe(status);
      if (status === 401) expect(res.json()).toMatchObject({ code: 'AUTH_REQUIRED', field: 'authorization' });
    });
  });

  describe('scope', () => {
    it('a department admin lists only its own department; a supervisor the city', async () => {
      const admin = (await t.call(tokens.get('admin.zjj')!, { method: 'GET', url: '/api/v1/users?limit=200' })).json();
      expect(admin.items.length).toBeGreaterThan(0);
      expect(new Set(admin.items.map((u: { departmentCode: string }) => u.departmentCode))).toEqual(
        new Set(['ZH_ZJJ']),
      );
      expect(
        (await t.call(tokens.get('admin.zjj')!, { method: 'GET', url: '/api/v1/users?departmentCode=ZH_ZRZYJ' })).json()
          .code,
      ).toBe('FORBIDDEN');
      const sup = (await t.call(tokens.get('supervisor')!, { method: 'GET', url: '/api/v1/users?limit=200' })).json();
      expect(sup.total).toBeGreaterThan(admin.total);
    });

    it('a department admin cannot create outside its department or give a role it does not manage', async () => {
      const admin = tokens.get('admin.zjj')!;
      const create = (payload: object) =>
        t.call(admin, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'x.blocked', displayName: 'x', ...payload },
        });
      expect((await create({ roles: ['REVIEWER'], departmentCode: 'ZH_ZRZYJ' })).json().code).toBe('FORBIDDEN');
      expect((await create({ roles: ['DEPT_ADMIN'], departmentCode: 'ZH_ZJJ' })).json().code).toBe('FORBIDDEN');
      expect((await create({ roles: ['AUDIT_ADMIN', 'REVIEWER'], departmentCode: 'ZH_ZJJ' })).json().code).toBe(
        'ROLES_INCOMPATIBLE',
      );
      expect(
        (
          await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${targetId}`, payload: { roles: ['SUPERVISOR'] } })
        ).json().code,
      ).toBe('FORBIDDEN');
    });

    it("the system admin sets up a department admin only with 市工改办's request reference (办法 §23)", async () => {
      const res = await t.call(tokens.get('sysadmin')!, {
        method: 'POST',
        url: '/api/v1/users',
        payload: { username: 'admin.dm', displayName: '斗门管理员', roles: ['DEPT_ADMIN'], departmentCode: 'DM_ZJJ' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'REQUEST_REF_REQUIRED', field: 'requestRef' });
    });
  });

  describe('permission changes and the audit hook', () => {
    it('audits every write with actor, department, address, route, target and outcome; role changes with before and after', async () => {
      // when the department admin gives the target DEPT_HEAD and PII_VIEW
      const res = await t.call(tokens.get('admin.zjj')!, {
        method: 'PATCH',
        url: `/api/v1/users/${targetId}`,
        payload: { roles: ['REVIEWER', 'DEPT_HEAD'], permissions: ['PII_VIEW'] },
      });
      expect(res.statusCode).toBe(200);
      // then the audit log has it
      const [row] = await query<Record<string, unknown>>(
        t.database,
        sql`select * from audit_log where action = 'PATCH /api/v1/users/:id' and outcome = '200' order by seq desc limit 1`,
      );
      expect(row).toMatchObject({
        actor_username: 'admin.zjj',
        actor_department: 'ZH_ZJJ',
        client_address: '127.0.0.1',
        target: `user:${targetId}`,
      });
      expect(row!.actor_roles).toEqual(['DEPT_ADMIN']);
      expect(row!.details).toMatchObject({
        before: { roles: ['REVIEWER'], permissions: [] },
        after: { roles: ['REVIEWER', 'DEPT_HEAD'], permissions: ['PII_VIEW'] },
      });
      // and a refused write is audited with its code
      await t.call(tokens.get('reviewer.zjj')!, {
        method: 'PATCH',
        url: `/api/v1/users/${targetId}`,
        payload: { disabled: true },
      });
      const [refused] = await query<Record<string, unknown>>(
        t.database,
        sql`select * from audit_log where actor_username = 'reviewer.zjj' and action = 'PATCH /api/v1/users/:id' order by seq desc limit 1`,
      );
      expect(refused).toMatchObject({ outcome: '403', details: { code: 'FORBIDDEN' } });
    });

    it('a disabled account is logged out and cannot log in', async () => {
      const session = await t.login('target.zjj').catch(() => null);
      expect(session).toBeNull(); // its password was reset above: PASSWORD_EXPIRED until changed
      const res = await t.call(tokens.get('admin.zjj')!, {
        method: 'PATCH',
        url: `/api/v1/users/${targetId}`,
        payload: { disabled: true },
      });
      expect(res.json().disabled).toBe(true);
      await t.call(tokens.get('admin.zjj')!, {
        method: 'PATCH',
        url: `/api/v1/users/${targetId}`,
        payload: { disabled: false },
      });
    });
  });

  describe('personal data', () => {
    it('is encrypted at rest with a blind index', async () => {
      const [raw] = await query<{ phone_enc: string; phone_idx: string; id_number_enc: string }>(
        t.database,
        sql`select phone_enc, phone_idx, id_number_enc from user_account where username = 'target.zjj'`,
      );
      expect(raw!.phone_enc).not.toContain('13912345678');
      expect(raw!.id_number_enc).not.toContain('1234');
      expect(raw!.phone_enc.startsWith(`v1.${t.pii.scheme}.`)).toBe(true);
      expect(t.pii.decryptPii(raw!.phone_enc)).toBe('13912345678');
      expect(raw!.phone_idx).toBe(t.pii.blindIndex('13912345678'));
    });

    it('is masked in responses', async () => {
      const res = (await t.call(tokens.get('admin.zjj')!, { method: 'GET', url: `/api/v1/users/${targetId}` })).json();
      expect(res).toMatchObject({ phone: '139****5678', idNumber: '440402********1234', piiMasked: true });
    });

    it('unmasks only with PII_VIEW, and audits each unmasked read', async () => {
      // given a department admin without PII_VIEW
      const denied = await t.call(tokens.get('admin.zjj')!, {
        method: 'GET',
        url: `/api/v1/users/${targetId}?unmask=true`,
      });
      expect(denied.statusCode).toBe(403);
      // when the supervisor (PII_VIEW) asks
      const before = await t.rows('audit_log');
      const res = await t.call(tokens.get('supervisor')!, {
        method: 'GET',
        url: `/api/v1/users/${targetId}?unmask=true`,
      });
      // then the data is shown in full and the read is in the audit log
      expect(res.json()).toMatchObject({ phone: '13912345678', idNumber: '440402199001011234', piiMasked: false });
      expect(await t.rows('audit_log')).toBe(before + 1);
      const [row] = await query<Record<string, unknown>>(
        t.database,
        sql`select * from audit_log order by seq desc limit 1`,
      );
      expect(row).toMatchObject({
        action: 'pii.unmask',
        actor_username: 'supervisor',
        target: `user:${targetId}`,
        outcome: 'ok',
      });
    });

    it('is found by exact phone through the blind index', async () => {
      const res = (
        await t.call(tokens.get('supervisor')!, { method: 'GET', url: '/api/v1/users?phone=13912345678' })
      ).json();
      expect(res.items.map((u: { username: string }) => u.username)).toEqual(['target.zjj']);
    });
  });

  describe('bad input: a 4xx problem with code and field, and nothing changed', () => {
    const TABLES = ['user_account', 'auth_session', 'refresh_token', 'password_history'];
    const snapshot = async () => Promise.all(TABLES.map((name) => t.rows(name)));
    const cases: {
      name: string;
      token: string | null;
      request: () => Parameters<TestApp['call']>[1];
      status: number;
      code: string;
      field: string;
    }[] = [
      {
        name: 'malformed JSON',
        token: null,
        request: () => ({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{"username": "applicant",',
        }),
        status: 400,
        code: 'MALFORMED_BODY',
        field: 'body',
      },
      {
        name: 'wrong type (number for a string)',
        token: null,
        request: () => ({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 12345, password: 'Zhuhai@2026' },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.username',
      },
      {
        name: 'missing field',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'missing.roles', displayName: 'x', departmentCode: 'ZH_ZJJ' },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.roles',
      },
      {
        name: 'unknown field',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: 'extra.field',
            displayName: 'x',
            roles: ['REVIEWER'],
            departmentCode: 'ZH_ZJJ',
            isRoot: true,
          },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.isRoot',
      },
      {
        name: 'unknown role',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'bad.role', displayName: 'x', roles: ['ROOT'], departmentCode: 'ZH_ZJJ' },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.roles.0',
      },
      {
        name: 'malformed phone',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: 'bad.phone',
            displayName: 'x',
            roles: ['REVIEWER'],
            departmentCode: 'ZH_ZJJ',
            phone: '12345',
          },
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body.phone',
      },
      {
        name: 'unknown department',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'bad.dept', displayName: 'x', roles: ['REVIEWER'], departmentCode: 'ZH_NOPE' },
        }),
        status: 422,
        code: 'DEPARTMENT_UNKNOWN',
        field: 'departmentCode',
      },
      {
        name: 'duplicate username',
        token: 'admin.zjj',
        request: () => ({
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'reviewer.zjj', displayName: 'x', roles: ['REVIEWER'], departmentCode: 'ZH_ZJJ' },
        }),
        status: 409,
        code: 'USER_EXISTS',
        field: 'username',
      },
      {
        name: 'oversized body',
        token: null,
        request: () => ({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'applicant', password: 'x'.repeat(8 * 1024) },
        }),
        status: 413,
        code: 'BODY_TOO_LARGE',
        field: 'body',
      },
      {
        name: 'unknown id',
        token: 'admin.zjj',
        request: () => ({
          method: 'PATCH',
          url: '/api/v1/users/00000000-0000-4000-8000-000000000000',
          payload: { displayName: 'x' },
        }),
        status: 404,
        code: 'USER_NOT_FOUND',
        field: 'id',
      },
      {
        name: 'malformed id',
        token: 'admin.zjj',
        request: () => ({ method: 'PATCH', url: '/api/v1/users/not-a-uuid', payload: { displayName: 'x' } }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'params.id',
      },
      {
        name: 'empty patch',
        token: 'admin.zjj',
        request: () => ({ method: 'PATCH', url: `/api/v1/users/${targetId}`, payload: {} }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body',
      },
      {
        name: 'weak new password',
        token: null,
        request: () => ({
          method: 'POST',
          url: '/api/v1/auth/password',
          payload: { username: 'head.zjj', currentPassword: 'Zhuhai@2026', newPassword: 'short' },
        }),
        status: 422,
        code: 'PASSWORD_TOO_WEAK',
        field: 'newPassword',
      },
      {
        name: 'bad query type',
        token: 'auditor',
        request: () => ({ method: 'GET', url: '/api/v1/audit?limit=lots' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'querystring.limit',
      },
    ];
    it.each(cases)('$name → $status $code ($field)', async ({ token, request, status, code, field }) => {
      // given
      const before = await snapshot();
      // when
      const res = await t.call(token ? tokens.get(token)! : null, request());
      // then
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status, code, field });
      expect(await snapshot()).toEqual(before);
    });
  });
});
