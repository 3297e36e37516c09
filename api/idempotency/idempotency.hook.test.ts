import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { query, startTestApp, type TestApp } from '../app.fixture.ts';

describeEachDatabase('exactly-once writes with an Idempotency-Key', (db) => {
  let t: TestApp;
  let admin = '';
  let other = '';
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(db());
    admin = (await t.login('admin.zjj')).accessToken;
    other = (await t.login('sysadmin')).accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = () => ({
    username: `idem.user.${(n += 1)}`,
    displayName: '幂等测试',
    roles: ['REVIEWER'],
    departmentCode: 'ZH_ZJJ',
  });
  const create = (token: string, body: object, key?: string) =>
    t.call(token, {
      method: 'POST',
      url: '/api/v1/users',
      payload: body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const users = async (username: string) =>
    Number(
      (
        await query<{ n: number }>(db(), sql`select count(*)::int as n from user_account where username = ${username}`)
      )[0]!.n,
    );

  it('answers a repeat with the first answer and creates nothing twice', async () => {
    // given a new account sent with a key
    const body = newUser();
    const first = await create(admin, body, 'create-1');
    // when the same request is sent again with the same key
    const again = await create(admin, body, 'create-1');
    // then the same 201 and body come back, marked as replayed, and there is one account
    expect(first.statusCode).toBe(201);
    expect({ status: again.statusCode, body: again.json(), replayed: again.headers['idempotent-replayed'] }).toEqual({
      status: 201,
      body: first.json(),
      replayed: 'true',
    });
    expect(await users(body.username)).toBe(1);
  });

  it('answers the action even when its record cannot be written afterwards (the database went away), never a 500', async () => {
    // given a database that refuses to record the outcome of one key
    await db().db.execute(sql`create or replace function refuse_idem() returns trigger language plpgsql as $$
      begin if new.key = 'record-fails' and new.state = 'DONE' then raise exception 'disk gone'; end if; return new; end $$`);
    await db().db.execute(
      sql`create trigger refuse_idem before update on idempotency_record for each row execute function refuse_idem()`,
    );
    try {
      // when an account is created with that key
      const body = newUser();
      const res = await create(admin, body, 'record-fails');
      // then the caller gets its 201 with the account, which exists once
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ user: { username: body.username } });
      expect(await users(body.username)).toBe(1);
    } finally {
      await db().db.execute(sql`drop trigger refuse_idem on idempotency_record`);
    }
  });

  it('refuses the same key with another request, and keeps keys apart per caller', async () => {
    // given a key already used for one account
    const body = newUser();
    await create(admin, body, 'create-2');
    // when it is sent with another account's details, and the same key is used by another caller
    const reused = await create(admin, newUser(), 'create-2');
    const elsewhere = await create(
      other,
      { ...newUser(), roles: ['DEPT_ADMIN'], departmentCode: 'XZ_ZJJ', requestRef: '珠工改办函〔2026〕9号' },
      'create-2',
    );
    // then the first is refused naming the header; the other caller's request runs as its own
    expect(reused.json()).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'headers.idempotency-key',
    });
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps a refusal too: the repeat of a 4xx is the same 4xx, without a second attempt', async () => {
    // given a request refused for its content
    const body = { ...newUser(), roles: ['SYSTEM_ADMIN'] };
    const first = await create(admin, body, 'create-3');
    // when repeated with the key / then the same refusal, replayed
    const again = await create(admin, body, 'create-3');
    expect(first.statusCode).toBe(403);
    expect({
      status: again.statusCode,
      code: again.json().code,
      replayed: again.headers['idempotent-replayed'],
    }).toEqual({ status: 403, code: first.json().code, replayed: 'true' });
  });

  it('lets one of three simultaneous repeats act; the others get its answer or a clear 409, never a 500', async () => {
    // given one account sent three times at once with the same key
    const body = newUser();
    const answers = await Promise.all([1, 2, 3].map(() => create(admin, body, 'create-4')));
    // then exactly one account exists; every answer is the first answer or IDEMPOTENCY_IN_PROGRESS
    expect(await users(body.username)).toBe(1);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    for (const a of answers.filter((x) => x.statusCode !== 201))
      expect(a.json()).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('refuses a malformed key and documents the header', async () => {
    // when a key with spaces is sent
    const bad = await create(admin, newUser(), 'not a key');
    // then 400 naming the header; the OpenAPI lists it on writes
    expect(bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'headers.idempotency-key' });
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.paths['/api/v1/users'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]),
    );
  });
});
