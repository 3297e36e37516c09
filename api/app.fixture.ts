/**
 * A test app on a real database (from describeEachDatabase): a manual clock, the city calendar, the
 * demo accounts and helpers to log in and call with a token. Through `inject`, no port.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../infra/clock.ts';
import { createLogger } from '../infra/logger.ts';
import { queryRows, type Database } from '../infra/db/client.ts';
import { createPiiCrypto } from '../infra/crypto/pii-crypto.ts';
import { openCalendarBook } from '../infra/calendar/calendar-book.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { buildApp, type AppDeps } from './app.ts';
import { wireUseCases } from '../use-cases.ts';
import { DEMO_ACCOUNTS, seedDemoAccounts, type DemoAccount } from '../infra/demo/demo-accounts.ts';

export const TEST_SECRETS = {
  tokenSecret: 'test-token-secret-0123456789abcdef',
  piiKey: 'test-pii-key-0123456789abcdefghij',
};
export const DEMO_PASSWORD = 'Zhuhai@2026';
export const TEST_START = new Date('2026-06-01T01:00:00Z');

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  database: Database;
  pii: ReturnType<typeof createPiiCrypto>;
  login(
    username: string,
    password?: string,
  ): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  call(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  userId(username: string): Promise<string>;
  rows(table: string): Promise<number>;
  close(): Promise<void>;
}

export async function startTestApp(
  database: Database,
  options: { accounts?: readonly DemoAccount[]; clock?: ManualClock; logLevel?: string } & Partial<
    Pick<AppDeps, 'rateLimit' | 'metrics' | 'storage' | 'trustProxy'>
  > = {},
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(TEST_START);
  const pii = createPiiCrypto(TEST_SECRETS.piiKey);
  await seedDemoAccounts({
    database,
    pii,
    clock,
    password: DEMO_PASSWORD,
    accounts: [...DEMO_ACCOUNTS, ...(options.accounts ?? [])],
  });
  const logger = createLogger(options.logLevel ?? 'silent', { pretty: false });
  const calendars = await openCalendarBook({ database, logger });
  const app = await buildApp({
    logger,
    health: async () => ({
      status: 'ok',
      database: { ok: true, kind: database.kind, latencyMs: 0 },
      engine: { kind: 'none', deployedProcesses: [] },
      scheduler: null,
      time: clock.now().toISOString(),
    }),
    clock,
    database,
    useCases: wireUseCases({
      database,
      clock,
      secrets: TEST_SECRETS,
      departments: ZHUHAI_CATALOG.departments,
      calendars,
      catalog: indexCatalog(ZHUHAI_CATALOG),
      chromiumPath: '/usr/bin/chromium',
    }),
    rateLimit: options.rateLimit ?? { max: 100_000, loginMax: 100_000 },
    metrics: options.metrics ?? [],
    ...(options.storage ? { storage: options.storage } : {}),
    trustProxy: options.trustProxy ?? false,
  });
  await app.ready();
  const call = (token: string | null, o: InjectOptions) =>
    app.inject({ ...o, headers: { ...(o.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  return {
    app,
    clock,
    database,
    pii,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async userId(username) {
      return (await query<{ id: string }>(database, sql`select id from user_account where username = ${username}`))[0]!
        .id;
    },
    async rows(table) {
      return Number((await query<{ n: number }>(database, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);
    },
    close: () => app.close(),
  };
}

/** Rows of a raw query on either driver. */
export async function query<T>(database: Database, statement: ReturnType<typeof sql>): Promise<T[]> {
  return queryRows<T>(database.db, statement);
}
