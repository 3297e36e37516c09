import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/db.ts';
import { watchDiskSpace } from '../infra/db/disk-space.ts';
import { startTestApp, type TestApp } from './app.fixture.ts';

describeEachDatabase('a data disk running out of space', (db) => {
  let t: TestApp;
  let token = '';
  // the real free space of the temporary directory, read against a minimum above it and one below
  const tight = watchDiskSpace(os.tmpdir(), Number.MAX_SAFE_INTEGER);
  const roomy = watchDiskSpace(os.tmpdir(), 0);
  let full = false;
  const disk = { status: () => (full ? tight : roomy).status() };
  beforeAll(async () => {
    t = await startTestApp(db(), { storage: disk });
    token = (await t.login('admin.zjj')).accessToken;
  });
  afterAll(async () => {
    await t?.close();
    tight.stop();
    roomy.stop();
  });

  it('refuses every write cleanly while reads go on, and takes writes again once there is room', async () => {
    // given less free space than the minimum
    full = true;
    const users = await t.rows('user_account');
    // when a write and a read are made
    const write = await t.call(token, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'disk.full', displayName: '磁盘测试', roles: ['REVIEWER'], departmentCode: 'ZH_ZJJ' },
    });
    const read = await t.call(token, { method: 'GET', url: '/api/v1/me' });
    // then the write is refused with a problem saying why, nothing is written, the read is served
    expect(write.statusCode).toBe(503);
    expect(write.headers['content-type']).toContain('application/problem+json');
    expect(write.headers['retry-after']).toBe('60');
    expect(write.json()).toMatchObject({ code: 'STORAGE_FULL' });
    expect(await t.rows('user_account')).toBe(users);
    expect(read.statusCode).toBe(200);
    // when space is back / then the write goes through
    full = false;
    expect(
      (
        await t.call(token, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'disk.full', displayName: '磁盘测试', roles: ['REVIEWER'], departmentCode: 'ZH_ZJJ' },
        })
      ).statusCode,
    ).toBe(201);
  });
});
