/**
 * Input hygiene at the edge, through the app: every hostile input is a 4xx problem+json naming the
 * field — never a 5xx, never a row written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../test/db.ts';
import { startTestApp, type TestApp } from '../app.fixture.ts';
import { verifyAuditChain } from '../../infra/db/audit.repo.ts';

const json = (payload: string): Pick<InjectOptions, 'headers' | 'payload'> => ({
  headers: { 'content-type': 'application/json' },
  payload,
});
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface Case {
  name: string;
  user: string | null;
  request: InjectOptions;
  status: number;
  code: string;
  field?: string;
}

const CASES: Case[] = [
  // text PostgreSQL cannot store, wherever it comes from
  {
    name: 'NUL in a body string',
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x\u0000', password: 'p' } },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'body.username',
  },
  {
    name: 'lone surrogate in a body string',
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x\ud800', password: 'p' } },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'body.username',
  },
  {
    name: 'lone surrogate deep in a body array',
    user: 'sysadmin',
    request: {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'fuzz01', displayName: 'x', departmentCode: 'ZH_ZJJ', roles: ['REVIEWER', '\udc00'] },
    },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'body.roles.1',
  },
  {
    name: 'lone surrogate in a body key',
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', ...json('{"username":"a","password":"b","k\\ud800":1}') },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'body.k\\ud800',
  },
  {
    name: 'NUL escaped in raw JSON',
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', ...json('{"username":"a\\u0000","password":"b"}') },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'body.username',
  },
  {
    name: 'NUL in the query',
    user: 'auditor',
    request: { method: 'GET', url: '/api/v1/audit?target=a%00b' },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'querystring.target',
  },
  {
    name: 'NUL in a query name',
    user: 'auditor',
    request: { method: 'GET', url: '/api/v1/audit?a%00=1' },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'querystring.a\\u0000',
  },
  {
    name: 'NUL in a path parameter',
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/users/a%00b' },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'params.id',
  },
  {
    name: 'NUL in a header',
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/me', headers: { 'user-agent': 'a\u0000b' } },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'headers.user-agent',
  },
  {
    name: 'lone surrogate in a header',
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/me', headers: { 'x-client': 'a\ud800' } },
    status: 400,
    code: 'INVALID_CHARACTERS',
    field: 'headers.x-client',
  },
  // percent-encoding
  {
    name: "%ZZ in the path (the router's refusal)",
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/users/%ZZ' },
    status: 400,
    code: 'BAD_URL',
    field: 'url',
  },
  {
    name: 'an encoded lone surrogate in the path (not UTF-8)',
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/users/a%ED%A0%80' },
    status: 400,
    code: 'BAD_URL',
    field: 'url',
  },
  {
    name: '%ZZ in the query',
    user: 'auditor',
    request: { method: 'GET', url: '/api/v1/audit?target=%ZZ' },
    status: 400,
    code: 'BAD_URL',
    field: 'querystring.target',
  },
  {
    name: 'an encoded lone surrogate in the query',
    user: 'auditor',
    request: { method: 'GET', url: '/api/v1/audit?target=%ED%A0%80' },
    status: 400,
    code: 'BAD_URL',
    field: 'querystring.target',
  },
  {
    name: '%ZZ on a route that does not exist',
    user: null,
    request: { method: 'GET', url: '/nowhere/%ZZ' },
    status: 400,
    code: 'BAD_URL',
    field: 'url',
  },
  // lengths and sizes
  {
    name: '5,000-character path parameter',
    user: 'sysadmin',
    request: { method: 'GET', url: `/api/v1/users/${'a'.repeat(5000)}` },
    status: 414,
    code: 'URI_TOO_LONG',
    field: 'params',
  },
  {
    name: '10,000-character query',
    user: 'auditor',
    request: { method: 'GET', url: `/api/v1/audit?target=${'a'.repeat(10_000)}` },
    status: 414,
    code: 'URI_TOO_LONG',
    field: 'url',
  },
  {
    name: "body over the route's limit",
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'x'.repeat(8 * 1024) } },
    status: 413,
    code: 'BODY_TOO_LARGE',
    field: 'body',
  },
  {
    name: 'array nested 12,000 deep',
    user: 'supervisor',
    request: { method: 'POST', url: '/api/v1/reports/monthly/2026-12/archive', ...json(nested(12_000)) },
    status: 400,
    code: 'BODY_TOO_DEEP',
    field: 'body',
  },
  {
    name: 'value nested 12,000 deep in a field',
    user: 'supervisor',
    request: {
      method: 'POST',
      url: '/api/v1/reports/monthly/2026-12/archive',
      ...json(`{"narrative":${nested(12_000)}}`),
    },
    status: 400,
    code: 'BODY_TOO_DEEP',
    field: 'body',
  },
  {
    name: 'brackets inside strings do not count as depth',
    user: 'supervisor',
    request: {
      method: 'POST',
      url: '/api/v1/reports/monthly/2026-12/archive',
      ...json(`{"narrative":"${'[{'.repeat(100)}\\"["}`),
    },
    status: 409,
    code: 'REPORT_MONTH_NOT_ENDED',
  },
  {
    name: '100,001 values',
    user: 'supervisor',
    request: {
      method: 'POST',
      url: '/api/v1/reports/monthly/2026-12/archive',
      ...json(`[${Array(100_001).fill(0).join(',')}]`),
    },
    status: 400,
    code: 'BODY_TOO_COMPLEX',
    field: 'body',
  },
  // media types and malformed bodies
  {
    name: 'text/plain',
    user: null,
    request: {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=a',
    },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'headers.content-type',
  },
  {
    name: 'application/xml',
    user: null,
    request: {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'headers.content-type',
  },
  {
    name: 'malformed JSON',
    user: null,
    request: { method: 'POST', url: '/api/v1/auth/login', ...json('{"username":') },
    status: 400,
    code: 'MALFORMED_BODY',
    field: 'body',
  },
  {
    name: 'prototype poisoning',
    user: null,
    request: {
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json('{"username":"a","password":"b","__proto__":{"admin":true}}'),
    },
    status: 400,
    code: 'MALFORMED_BODY',
    field: 'body',
  },
  // numbers past their column
  {
    name: 'offset=1e308',
    user: 'sysadmin',
    request: { method: 'GET', url: '/api/v1/users?offset=1e308' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.offset',
  },
  {
    name: 'version past int4 (a route without its own maximum)',
    user: 'supervisor',
    request: { method: 'GET', url: '/api/v1/reports/monthly/2026-05?version=99999999999999999999' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.version',
  },
  {
    name: 'beforeSeq past a JS-exact bigint',
    user: 'auditor',
    request: { method: 'GET', url: '/api/v1/audit?beforeSeq=99999999999999999999' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.beforeSeq',
  },
];

describeEachDatabase('input hygiene at the edge', (db) => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(db());
  });
  afterAll(async () => {
    await t?.close();
  });
  const token = async (user: string | null) => {
    if (!user) return null;
    if (!tokens.has(user)) tokens.set(user, (await t.login(user)).accessToken);
    return tokens.get(user)!;
  };

  it.each(CASES)('$name → $status $code', async ({ user, request, status, code, field }) => {
    // given
    const users = await t.rows('user_account');
    // when
    const res = await t.call(await token(user), request);
    // then
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code, ...(field ? { field } : {}) });
    expect(await t.rows('user_account')).toBe(users);
  });

  it('refuses a login with a lone surrogate, and the audit chain stays intact', async () => {
    // given
    const before = await t.rows('audit_log');
    // when
    const res = await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x\ud800', password: 'whatever' },
    });
    // then the refusal is audited like any other, and every row verifies
    expect(res.statusCode).toBe(400);
    expect(await t.rows('audit_log')).toBe(before + 1);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, problemCount: 0 });
  });

  it('normalises names to NFC before they are stored', async () => {
    // given a display name typed with a combining accent (NFD)
    const admin = await token('sysadmin');
    const id = await t.userId('developer');
    // when
    const res = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { displayName: 'Ame\u0301lie 开发' },
    });
    // then it is stored in the composed form
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().displayName).toBe('Am\u00e9lie 开发');
  });

  it('drops a leading byte-order mark (PGlite would drop it reading the value back) and the audit chain holds', async () => {
    const res = await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '\ufeffapplicant', password: 'Zhuhai@2026' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.call(null, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '\ufeffnobody', password: 'x' },
    });
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('normalises query values to NFC before lookups', async () => {
    const auditor = await token('auditor');
    const res = await t.call(auditor, {
      method: 'GET',
      url: `/api/v1/audit?target=${encodeURIComponent('user:e\u0301')}`,
    });
    expect(res.statusCode).toBe(200);
  });
});

describeEachDatabase('input hygiene behind a proxy', (db) => {
  it('refuses a client address that is not an IP address', async () => {
    const t = await startTestApp(db(), { trustProxy: true });
    try {
      const res = await t.call(null, {
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': 'not-an-address' },
        payload: { username: 'a', password: 'b' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_HEADER', field: 'headers.x-forwarded-for' });
      const ok = await t.call(null, {
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { username: 'applicant', password: 'Zhuhai@2026' },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
