/**
 * PostgreSQL restarted under load: every connection of the system is cut (pg_terminate_backend, what a
 * restart does to the clients) while requests are running. Each request either succeeds or fails
 * cleanly — 503 problem+json saying the database or the audit log was unavailable, never a 500 — and
 * the system serves again by itself afterwards, /health included.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { describePostgres, TEST_DATABASE_URL } from '../test/db.ts';
import { startTestSystem } from '../test/system-harness.ts';
import { waitFor } from '../test/engine-driver.ts';
import { apiClient, type ApiClient } from '../test/api-client.ts';
import { queryRows } from '../infra/db/client.ts';
import { sql } from 'drizzle-orm';
import type { System } from '../system.ts';
import type { ManualClock } from '../infra/clock.ts';

describePostgres('PostgreSQL restarted under load', (get) => {
  let system: System & { clock: ManualClock };
  let api: ApiClient;
  let n = 0;
  beforeAll(async () => {
    system = await startTestSystem(get());
    await system.app.ready();
    api = apiClient(system.app);
  });
  afterAll(async () => {
    await system?.close();
  });

  const cutEveryConnection = async () => {
    const [row] = await queryRows<{ db: string }>(get().db, sql`select current_database() as db`);
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${row!.db} and pid <> pg_backend_pid()`;
    } finally {
      await admin.end();
    }
  };

  it('answers every request in flight cleanly, and serves again without a restart of its own', async () => {
    // given requests running in a loop: reads and writes (accounts created by the department admin)
    await api.token('admin.zjj');
    const answers: { status: number; code?: string }[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const write = api.call('admin.zjj', 'POST', '/api/v1/users', {
          username: `restart.${(n += 1)}`,
          displayName: '重启测试',
          roles: ['REVIEWER'],
          departmentCode: 'ZH_ZJJ',
        });
        const read = api.call('admin.zjj', 'GET', '/api/v1/me');
        for (const res of await Promise.all([write, read])) {
          answers.push({
            status: res.statusCode,
            ...(res.statusCode >= 400 ? { code: (res.json() as { code?: string }).code } : {}),
          });
        }
      }
    })();
    // when every connection of the system is cut, three times
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      await cutEveryConnection();
    }
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await load;
    // then no answer was a 500; the failures say the database (or the audit log on it) was unavailable
    expect(answers.length).toBeGreaterThan(10);
    const failures = answers.filter((a) => a.status >= 500);
    for (const f of failures) expect([503]).toContain(f.status);
    for (const f of failures) expect(['DATABASE_UNAVAILABLE', 'AUDIT_UNAVAILABLE']).toContain(f.code);
    // and the system serves again by itself: writes, reads and a healthy /health
    await waitFor(async () => (await api.call('admin.zjj', 'GET', '/api/v1/me')).statusCode === 200, {
      what: 'reads again',
      timeoutMs: 20_000,
    });
    expect(
      (
        await api.call('admin.zjj', 'POST', '/api/v1/users', {
          username: `restart.after.${n}`,
          displayName: '重启之后',
          roles: ['REVIEWER'],
          departmentCode: 'ZH_ZJJ',
        })
      ).statusCode,
    ).toBe(201);
    const health = await system.app.inject({ method: 'GET', url: '/health' });
    expect(health.json().database).toMatchObject({ ok: true });
  });
});
