import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/db.ts';
import { startTestApp, type TestApp } from './app.fixture.ts';

/** Every route this API serves, as OpenAPI paths, with the parts its schema must declare. */
const ROUTES: { method: string; path: string; parts: ('body' | 'query' | 'params')[] }[] = [
  { method: 'get', path: '/health', parts: [] },
  { method: 'get', path: '/metrics', parts: [] },
  { method: 'post', path: '/api/v1/auth/login', parts: ['body'] },
  { method: 'post', path: '/api/v1/auth/refresh', parts: ['body'] },
  { method: 'post', path: '/api/v1/auth/logout', parts: [] },
  { method: 'post', path: '/api/v1/auth/password', parts: ['body'] },
  { method: 'get', path: '/api/v1/me', parts: [] },
  { method: 'post', path: '/api/v1/users', parts: ['body'] },
  { method: 'get', path: '/api/v1/users', parts: ['query'] },
  { method: 'get', path: '/api/v1/users/{id}', parts: ['params', 'query'] },
  { method: 'patch', path: '/api/v1/users/{id}', parts: ['params', 'body'] },
  { method: 'post', path: '/api/v1/users/{id}/reset-password', parts: ['params'] },
  { method: 'get', path: '/api/v1/audit', parts: ['query'] },
  { method: 'get', path: '/api/v1/calendar/deadline', parts: ['query'] },
  { method: 'get', path: '/api/v1/calendar/days', parts: ['query'] },
  { method: 'get', path: '/api/v1/calendar/years', parts: ['query'] },
  { method: 'get', path: '/api/v1/calendar/years/{year}', parts: ['params', 'query'] },
  { method: 'put', path: '/api/v1/calendar/years/{year}', parts: ['params', 'body'] },
  { method: 'get', path: '/api/v1/calendar/regions/{regionCode}/years/{year}', parts: ['params', 'query'] },
  { method: 'put', path: '/api/v1/calendar/regions/{regionCode}/years/{year}', parts: ['params', 'body'] },
  { method: 'get', path: '/api/v1/reports/monthly/{month}', parts: ['params', 'query'] },
  { method: 'post', path: '/api/v1/reports/monthly/{month}/archive', parts: ['params', 'body'] },
  { method: 'get', path: '/api/v1/reports/monthly/{month}/versions', parts: ['params'] },
];

describeEachDatabase('the app', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db(), { metrics: [() => '# TYPE sync_lag_seconds gauge\nsync_lag_seconds 0\n'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('/docs/json', () => {
    it('lists every route with its input and response schemas', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
      expect(doc.openapi).toMatch(/^3\./);
      const served = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
        .sort();
      expect(served).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
      for (const route of ROUTES) {
        const op = doc.paths[route.path][route.method];
        expect(Object.keys(op.responses), `${route.method} ${route.path}`).toEqual(
          expect.arrayContaining([expect.stringMatching(/^2/)]),
        );
        if (route.path.startsWith('/api/')) expect(Object.keys(op.responses)).toContain('4XX');
        if (route.parts.includes('body'))
          expect(op.requestBody?.content?.['application/json']?.schema, route.path).toBeDefined();
        if (route.parts.includes('query'))
          expect(
            op.parameters.some((p: { in: string }) => p.in === 'query'),
            route.path,
          ).toBe(true);
        if (route.parts.includes('params'))
          expect(
            op.parameters.some((p: { in: string }) => p.in === 'path'),
            route.path,
          ).toBe(true);
      }
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('serves Swagger UI at /docs under a CSP that lets it run', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('swagger-initializer.js');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect((await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })).statusCode).toBe(200);
    });
  });

  describe('security headers and limits', () => {
    it('sends helmet headers on API answers', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['strict-transport-security']).toBeDefined();
    });

    it('rate-limits login more strictly than the rest', async () => {
      // given an app allowing 3 logins a minute
      const strict = await startTestApp(t.database, { rateLimit: { max: 1000, loginMax: 3 } });
      try {
        const attempt = () =>
          strict.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'nobody', password: 'Nobody@2026' },
          });
        for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).toBe(401);
        // when the fourth comes
        const res = await attempt();
        // then
        expect(res.statusCode).toBe(429);
        expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
        expect(
          (
            await strict.app.inject({
              method: 'GET',
              url: '/api/v1/calendar/deadline?start=2026-06-01T01:00:00Z&workingDays=1',
            })
          ).statusCode,
        ).toBe(200);
      } finally {
        await strict.close();
      }
    });

    it('an unknown route is a problem too', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('/metrics', () => {
    it('renders HTTP counts and latency, and every renderer passed in', async () => {
      await t.app.inject({ method: 'GET', url: '/health' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
      expect(res.body).toContain(
        'http_request_duration_seconds_bucket{method="GET",route="/health",status="200",le="+Inf"}',
      );
      expect(res.body).toContain('sync_lag_seconds 0');
    });
  });

  describe('calendar', () => {
    it('gives the deadline N working days on (the start day not counted)', async () => {
      // given Friday 2026-05-29 10:00 Shanghai, 3 working days
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calendar/deadline?start=2026-05-29T02:00:00Z&workingDays=3',
      });
      // then Wednesday 2026-06-03 23:59:59 Shanghai
      expect(res.json()).toEqual({
        start: '2026-05-29T02:00:00.000Z',
        workingDays: 3,
        deadline: '2026-06-03T15:59:59.000Z',
      });
    });

    it('lists days with working and holiday flags (国庆 2026)', async () => {
      const res = (
        await t.app.inject({ method: 'GET', url: '/api/v1/calendar/days?from=2026-09-30&to=2026-10-10' })
      ).json();
      const day = (date: string) => res.days.find((d: { date: string }) => d.date === date);
      expect(day('2026-09-30')).toMatchObject({ working: true, holiday: false, weekday: 3 });
      expect(day('2026-10-01')).toMatchObject({ working: false, holiday: true });
      expect(res.days).toHaveLength(11);
    });

    it('refuses an unknown year, a reversed or too long range, and bad input', async () => {
      const get = (url: string) => t.app.inject({ method: 'GET', url });
      expect((await get('/api/v1/calendar/deadline?start=2031-01-05T02:00:00Z&workingDays=3')).json()).toMatchObject({
        code: 'CALENDAR_YEAR_UNKNOWN',
        status: 422,
      });
      expect((await get('/api/v1/calendar/days?from=2031-01-01&to=2031-01-02')).json()).toMatchObject({
        code: 'CALENDAR_YEAR_UNKNOWN',
      });
      expect((await get('/api/v1/calendar/days?from=2026-01-01&to=2027-01-02')).json()).toMatchObject({
        code: 'CALENDAR_RANGE_TOO_LONG',
        field: 'query.to',
        status: 400,
      });
      expect((await get('/api/v1/calendar/days?from=2026-02-01&to=2026-01-01')).json()).toMatchObject({
        code: 'INVALID_DATE',
        field: 'query.to',
      });
      expect((await get('/api/v1/calendar/days?from=2026-02-30&to=2026-03-01')).json()).toMatchObject({
        code: 'INVALID_DATE',
        status: 400,
      });
      expect((await get('/api/v1/calendar/deadline?start=yesterday&workingDays=3')).json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'querystring.start',
      });
      expect((await get('/api/v1/calendar/deadline?start=2026-06-01T00:00:00Z&workingDays=-1')).json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'querystring.workingDays',
      });
    });
  });

  describe('audit log endpoint', () => {
    it('pages newest first and filters, for the audit admin', async () => {
      const auditor = (await t.login('auditor')).accessToken;
      const page1 = (await t.call(auditor, { method: 'GET', url: '/api/v1/audit?limit=2' })).json();
      expect(page1.items).toHaveLength(2);
      expect(page1.total).toBeGreaterThan(2);
      expect(page1.items[0].seq).toBeGreaterThan(page1.items[1].seq);
      // the next page, held still against newer entries by beforeSeq
      const page2 = (
        await t.call(auditor, {
          method: 'GET',
          url: `/api/v1/audit?limit=2&offset=2&beforeSeq=${page1.items[0].seq + 1}`,
        })
      ).json();
      expect(page2.items[0].seq).toBeLessThan(page1.items[1].seq);
      expect(page2.total).toBe(page1.total);
      const logins = (
        await t.call(auditor, {
          method: 'GET',
          url: '/api/v1/audit?action=POST%20/api/v1/auth/login&outcome=200&actorUsername=auditor',
        })
      ).json();
      expect(logins.items.length).toBeGreaterThanOrEqual(1);
      expect(logins.items[0]).toMatchObject({
        action: 'POST /api/v1/auth/login',
        outcome: '200',
        actorUsername: 'auditor',
        actorRoles: ['AUDIT_ADMIN'],
        actorDepartment: 'PLATFORM',
        hashAlg: 'sm3',
      });
    });
  });
});
