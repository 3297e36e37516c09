/**
 * A bounded fuzz of every route the app registers (the whole system: case, supervision, sync, dev
 * routes included), as a hostile user would: schema-shaped requests with hostile leaves, hostile raw
 * bodies, path parameters and query values, hostile headers, signed in as various roles or not at
 * all. Whatever happens: no 5xx, every 4xx is application/problem+json with a code, and afterwards
 * the audit chain verifies. Bounded to a few hundred requests; a failure prints the seed and the
 * request that broke it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../test/db.ts';
import { startTestSystem } from '../test/system-harness.ts';
import { HOSTILE_RAW_BODY, HOSTILE_URL_PART, urlPart, valueFor } from '../test/hostile-input.ts';
import type { System } from '../system.ts';
import { registeredRoutes, type RegisteredRoute } from './edge/request-schemas.ts';
import { eq } from 'drizzle-orm';
import { verifyAuditChain } from '../infra/db/audit.repo.ts';
import { auditLog } from '../infra/db/schema.ts';
import { DEMO_PASSWORD } from './app.fixture.ts';

const USERS = [
  null,
  'applicant',
  'window',
  'reviewer.zjj',
  'head.zjj',
  'supervisor',
  'sysadmin',
  'admin.zjj',
  'secadmin',
  'auditor',
  'developer',
] as const;
type User = (typeof USERS)[number];
/** Who a route is for, so most requests get past authorization and reach the handler. */
const MEANT_FOR: [RegExp, User[]][] = [
  [/^\/api\/v1\/users/, ['sysadmin', 'admin.zjj', 'secadmin']],
  [/^\/api\/v1\/audit/, ['auditor']],
  [/^\/api\/v1\/(supervision|reports|sync)\//, ['supervisor']],
  [/^\/api\/v1\/(tasks|cases|special-procedures)/, ['window', 'reviewer.zjj', 'head.zjj']],
  [/^\/api\/v1\/(projects|applications)/, ['applicant', 'window']],
  [/^\/api\/v1\/(deployments|processes|dev)/, ['developer']],
  [/^\/api\/v1\/auth\//, [null]],
];
/** Requests per route; FUZZ_RUNS=500 for a longer hunt. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 10);

interface Schemas {
  params?: unknown;
  querystring?: unknown;
  body?: unknown;
}

function requestFor(route: RegisteredRoute): fc.Arbitrary<{ user: User; request: InjectOptions & { url: string } }> {
  const schema = (route.schema ?? {}) as Schemas;
  const paramNames = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const paramSchemas = (schema.params as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const params = fc.tuple(
    ...paramNames.map((name) =>
      fc.oneof(
        { weight: 4, arbitrary: valueFor(paramSchemas[name] ?? { type: 'string' }).map(urlPart) },
        { weight: 1, arbitrary: HOSTILE_URL_PART },
      ),
    ),
  );
  const queryProps = (schema.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const named = Object.entries(queryProps).map(([name, s]) =>
    fc
      .oneof({ weight: 4, arbitrary: valueFor(s).map(urlPart) }, { weight: 1, arbitrary: HOSTILE_URL_PART })
      .map((v) => `${name}=${v}`),
  );
  const query = fc.array(
    fc.oneof(...named.map((arbitrary) => ({ weight: 4, arbitrary })), {
      weight: 1,
      arbitrary: fc.tuple(HOSTILE_URL_PART, HOSTILE_URL_PART).map(([k, v]) => `${k}=${v}`),
    }),
    { minLength: named.length ? 1 : 0, maxLength: 3 },
  );
  const body =
    route.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          {
            weight: 6,
            arbitrary: (schema.body ? valueFor(schema.body) : fc.jsonValue({ maxDepth: 2 })).map(
              (v) => JSON.stringify(v) ?? 'null',
            ),
          },
          { weight: 1, arbitrary: HOSTILE_RAW_BODY },
        );
  const headers = fc.oneof(
    { weight: 12, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { 'user-agent': 'a\u0000b' },
        { 'x-forwarded-for': 'x\ud800' },
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/xml' },
        { 'idempotency-key': 'k\u0000' },
      ),
    },
  );
  const meantFor = MEANT_FOR.find(([pattern]) => pattern.test(route.url))?.[1];
  const user = meantFor
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...meantFor) },
        { weight: 1, arbitrary: fc.constantFrom(...USERS) },
      )
    : fc.constantFrom(...USERS);
  return fc
    .record({ user, params, query, body, headers })
    .map(({ user, params: values, query: pairs, body: payload, headers: extra }) => {
      let i = 0;
      const path = route.url.replace(/:(\w+)|\*/g, () => values[i++] ?? 'x');
      const url = `${path}${pairs.length ? `?${pairs.join('&')}` : ''}`.replace(/format=pdf/g, 'format=json'); // printing a PDF takes seconds: not what this test is about
      return {
        user,
        request: {
          method: route.method as InjectOptions['method'],
          url,
          headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
          ...(payload !== undefined ? { payload } : {}),
        },
      };
    });
}

describeEachDatabase('fuzzing every route', (get) => {
  let system: System;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
  });
  afterAll(async () => {
    await system?.close();
  });

  /** A token, or none when the account cannot sign in any more (a fuzzed clock jump can expire every password). */
  const token = async (user: string): Promise<string | null> => {
    const known = tokens.get(user);
    if (known) return known;
    const res = await system.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user, password: DEMO_PASSWORD },
    });
    if (res.statusCode !== 200) return null;
    tokens.set(user, (res.json() as { accessToken: string }).accessToken);
    return tokens.get(user)!;
  };
  const send = async (user: string | null, request: InjectOptions): Promise<LightMyRequestResponse> => {
    const bearer = user ? await token(user) : null;
    const res = await system.app.inject({
      ...request,
      headers: { ...(request.headers ?? {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    });
    // a fuzzed logout, account change or clock jump ends sessions: sign in again next time
    if (user && res.statusCode === 401) tokens.delete(user);
    return res;
  };

  it('answers every hostile request with a 4xx problem or a success, never a 5xx, and the audit chain holds', async () => {
    const routes = registeredRoutes(system.app);
    expect(routes.length).toBeGreaterThan(40);
    // routes that end sessions or move the clock go last, so they disturb the others least
    const last = (r: RegisteredRoute) => (/logout|\/dev\//.test(r.url) ? 1 : 0);
    for (const route of [...routes].sort((a, b) => last(a) - last(b))) {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ user, request }) => {
          const res = await send(user, request);
          const where = `${request.method} ${request.url.slice(0, 200)} as ${user ?? 'anonymous'} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
            expect(typeof (res.json() as { code?: unknown }).code, where).toBe('string');
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    const report = await verifyAuditChain(get().db);
    const broken = await Promise.all(
      report.problems
        .slice(0, 3)
        .map(async (p) => JSON.stringify((await get().db.select().from(auditLog).where(eq(auditLog.seq, p.seq)))[0])),
    );
    expect(report.problems, broken.join('\n')).toEqual([]);
  }, 180_000);
});
