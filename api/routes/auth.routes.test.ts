import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { ManualClock } from '../../infra/clock.ts';
import { DEMO_PASSWORD, query, startTestApp, TEST_START, type TestApp } from '../app.fixture.ts';
import type { DemoAccount } from '../../infra/demo/demo-accounts.ts';

const staff = (username: string): DemoAccount => ({
  username,
  displayName: username,
  roles: ['REVIEWER'],
  departmentCode: 'ZH_ZJJ',
  regionCode: '440400',
});
const MIN = 60_000;

describeEachDatabase('auth routes', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db(), {
      accounts: ['lock.me', 'lock.two', 'expire.me', 'reuse.me', 'idle.me', 'absolute.me', 'rotate.me'].map(staff),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const refresh = (refreshToken: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const me = (token: string) => t.call(token, { method: 'GET', url: '/api/v1/me' });

  it('logs in with the right password and answers with tokens and the masked user', async () => {
    // when
    const res = await login('reviewer.zjj', DEMO_PASSWORD);
    // then
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(900);
    expect(body.user).toMatchObject({
      username: 'reviewer.zjj',
      roles: ['REVIEWER'],
      departmentCode: 'ZH_ZJJ',
      phone: '138****8003',
      piiMasked: true,
    });
    expect((await me(body.accessToken)).json().username).toBe('reviewer.zjj');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const [u, p] of [
      ['reviewer.zjj', 'Wrong@2026'],
      ['nobody', DEMO_PASSWORD],
    ] as const) {
      const res = await login(u, p);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', field: 'password' });
    }
  });

  it('locks after 5 failures in 15 minutes for 30 minutes, counted in the database', async () => {
    // given four failures
    for (let i = 0; i < 4; i += 1)
      expect((await login('lock.me', 'Wrong@2026')).json().code).toBe('AUTH_INVALID_CREDENTIALS');
    // when the fifth comes
    const fifth = await login('lock.me', 'Wrong@2026');
    // then the account is locked, even for the right password
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', field: 'username' });
    expect((await login('lock.me', DEMO_PASSWORD)).json().code).toBe('ACCOUNT_LOCKED');
    const [row] = await query<{ failed_count: number; locked_until: Date | string }>(
      t.database,
      (await import('drizzle-orm')).sql`select failed_count, locked_until from user_account where username = 'lock.me'`,
    );
    expect(row!.failed_count).toBe(5);
    expect(new Date(row!.locked_until).toISOString()).toBe(new Date(t.clock.now().getTime() + 30 * MIN).toISOString());
    // and 30 minutes later it is released
    t.clock.advance(29 * MIN);
    expect((await login('lock.me', DEMO_PASSWORD)).json().code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(1 * MIN);
    expect((await login('lock.me', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('the lock holds for a second process on the same database (a restart, another node)', async () => {
    // given five failures through this app
    for (let i = 0; i < 5; i += 1) await login('lock.two', 'Wrong@2026');
    // when another app instance on the same database is asked
    const other = await startTestApp(t.database, { clock: t.clock });
    try {
      const res = await other.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'lock.two', password: DEMO_PASSWORD },
      });
      // then it refuses too
      expect(res.json().code).toBe('ACCOUNT_LOCKED');
    } finally {
      await other.close();
    }
  });

  it('an expired password (90 days) answers PASSWORD_EXPIRED until it is changed', async () => {
    // given a separate clock 91 days on, sharing the database
    const later = new ManualClock(new Date(t.clock.now().getTime() + 91 * 86_400_000));
    const app = await startTestApp(t.database, { clock: later });
    try {
      // when expire.me logs in
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'expire.me', password: DEMO_PASSWORD },
      });
      // then
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'PASSWORD_EXPIRED', field: 'password' });
      // and after the change the new password works
      const change = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { username: 'expire.me', currentPassword: DEMO_PASSWORD, newPassword: 'New#Pass2026' },
      });
      expect(change.statusCode).toBe(200);
      expect(
        (
          await app.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'expire.me', password: 'New#Pass2026' },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a weak new password and any of the last 5', async () => {
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { username: 'reuse.me', currentPassword, newPassword },
      });
    expect((await change(DEMO_PASSWORD, 'weakweak')).json()).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      field: 'newPassword',
    });
    expect((await change(DEMO_PASSWORD, DEMO_PASSWORD)).json()).toMatchObject({
      code: 'PASSWORD_REUSED',
      field: 'newPassword',
    });
    // given four more passwords after the first
    let current = DEMO_PASSWORD;
    for (const next of ['Second#2026', 'Third#2026', 'Fourth#2026', 'Fifth#2026']) {
      expect((await change(current, next)).statusCode).toBe(200);
      current = next;
    }
    // then each of the last five is refused, the sixth-last is allowed again
    for (const old of ['Second#2026', 'Third#2026', 'Fifth#2026', DEMO_PASSWORD])
      expect((await change(current, old)).json().code).toBe('PASSWORD_REUSED');
    expect((await change(current, 'Sixth#2026')).statusCode).toBe(200);
    expect((await change('Sixth#2026', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('rotates refresh tokens; a reused one revokes the whole family', async () => {
    // given a login and one rotation
    const first = (await login('rotate.me', DEMO_PASSWORD)).json();
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const { refreshToken: r2, accessToken: a2 } = second.json();
    expect(r2).not.toBe(first.refreshToken);
    expect((await me(a2)).statusCode).toBe(200);
    // when the first refresh token is presented again
    const reuse = await refresh(first.refreshToken);
    // then it is refused and the session is gone: the newer tokens no longer work
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'AUTH_REFRESH_REUSED', field: 'refreshToken' });
    expect((await refresh(r2)).json().code).toBe('AUTH_SESSION_EXPIRED');
    expect((await me(a2)).json().code).toBe('AUTH_SESSION_EXPIRED');
    expect((await refresh('not-a-token')).json().code).toBe('AUTH_REFRESH_INVALID');
  });

  it('access tokens expire after 15 minutes', async () => {
    const { accessToken } = (await login('reviewer.zjj', DEMO_PASSWORD)).json();
    t.clock.advance(15 * MIN);
    expect((await me(accessToken)).json().code).toBe('AUTH_TOKEN_EXPIRED');
    expect((await me('garbage.token.here')).json().code).toBe('AUTH_TOKEN_INVALID');
    expect((await t.call(null, { method: 'GET', url: '/api/v1/me' })).json()).toMatchObject({
      code: 'AUTH_REQUIRED',
      status: 401,
    });
  });

  it('a session idle for 30 minutes ends; use keeps it alive', async () => {
    // given a session used every 14 minutes for 56 minutes
    let tokens = (await login('idle.me', DEMO_PASSWORD)).json();
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(14 * MIN);
      const res = await refresh(tokens.refreshToken);
      expect(res.statusCode).toBe(200);
      tokens = res.json();
    }
    // when it is left alone for 30 minutes
    t.clock.advance(30 * MIN);
    // then it is over
    const res = await refresh(tokens.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_SESSION_EXPIRED' });
  });

  it('a session ends 12 hours after login however active', async () => {
    let tokens = (await login('absolute.me', DEMO_PASSWORD)).json();
    const started = t.clock.now().getTime();
    while (t.clock.now().getTime() + 20 * MIN < started + 12 * 3_600_000) {
      t.clock.advance(20 * MIN);
      const res = await refresh(tokens.refreshToken);
      expect(res.statusCode).toBe(200);
      tokens = res.json();
    }
    // the last access token never outlives the session
    expect(tokens.expiresIn).toBeLessThanOrEqual((started + 12 * 3_600_000 - t.clock.now().getTime()) / 1000);
    t.clock.set(new Date(started + 12 * 3_600_000));
    expect((await refresh(tokens.refreshToken)).json().code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('logout ends the session', async () => {
    const tokens = (await login('reviewer.zjj', DEMO_PASSWORD)).json();
    const out = await t.call(tokens.accessToken, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect((await me(tokens.accessToken)).json().code).toBe('AUTH_SESSION_EXPIRED');
    expect((await refresh(tokens.refreshToken)).json().code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('starts the test clock where the fixture says', () => {
    expect(t.clock.now().getTime()).toBeGreaterThan(TEST_START.getTime());
  });
});
