import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedByOutsideError, RetryableOutsideError } from '../outside-errors.ts';
import { chinaTimestamp } from './china-time.ts';
import { newNonce, signedHeaders } from './province-signature.ts';
import { createProvinceClient } from './province.client.ts';
import { startFakeProvince, type FakeProvince } from './province.fake-server.ts';
import type { ProvinceEnvelope, ProvinceRecord } from './province.port.ts';

const APP = { appId: 'ZH-GGXT', appSecret: 'test-secret' };
let fake: FakeProvince;

beforeAll(async () => {
  fake = await startFakeProvince({ port: 0, host: '127.0.0.1', apps: { [APP.appId]: APP.appSecret } });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await fake.setDown(false);
  fake.setFailWith(undefined);
  fake.setDelay(0);
  fake.rejectKeys([]);
});

const client = (options: { appSecret?: string; timeoutMs?: number } = {}) =>
  createProvinceClient({ baseUrl: fake.url, ...APP, ...options, timeoutMs: options.timeoutMs ?? 2000 });
const envelope = (records: ProvinceRecord[]): ProvinceEnvelope => ({
  msgId: randomUUID(),
  sentAt: chinaTimestamp(new Date()),
  source: 'ZH-GGXT',
  xzqhdm: '440400',
  records,
});

/** A project, one case of it and one step of that case, with keys unique to this test. */
function chain() {
  const id = randomUUID().slice(0, 8);
  const gcdm = `2304-440402-04-01-123456-${id}`;
  const slbm = `ZH${id}`;
  const project: ProvinceRecord = {
    table: 'SPGL_XMJBXXB',
    op: 'UPSERT',
    dfsjzj: `proj-${id}`,
    data: { XMDM: '2304-440402-04-01-123456', GCDM: gcdm, XMMC: '珠海某某产业园项目' },
  };
  const itemCase: ProvinceRecord = {
    table: 'SPGL_XMSPSXBLXXB',
    op: 'UPSERT',
    dfsjzj: `case-${id}`,
    data: { GCDM: gcdm, SPSXSLBM: slbm, SPSXBM: '440400-GC-001', SPBMMC: '珠海市住房和城乡建设局' },
  };
  const step: ProvinceRecord = {
    table: 'SPGL_XMSPSXBLXXXXB',
    op: 'INSERT',
    dfsjzj: `evt-${id}`,
    data: { SPSXSLBM: slbm, BLCS: '审批科', BLR: '张三', BLZT: 3, BLSJ: '2025-06-04 09:30:00', SJYXBS: 1 },
  };
  return { project, itemCase, step, gcdm, slbm };
}

describe('province client against the fake provincial system', () => {
  it('pushes a signed batch and gets one OK per record', async () => {
    // given a project, its case and a step, in order
    const { project, itemCase, step } = chain();
    // when pushed in one batch
    const result = await client().push(envelope([project, itemCase, step]));
    // then each is OK and stored, and the envelope arrived as sent
    expect(result.results).toEqual([project, itemCase, step].map((r) => ({ dfsjzj: r.dfsjzj, status: 'OK' })));
    expect(fake.records().map((r) => r.dfsjzj)).toEqual(
      expect.arrayContaining([project.dfsjzj, itemCase.dfsjzj, step.dfsjzj]),
    );
    expect(fake.envelopes().at(-1)).toMatchObject({
      source: 'ZH-GGXT',
      xzqhdm: '440400',
      sentAt: expect.stringMatching(/\+08:00$/),
    });
  });

  it('refuses a batch signed with the wrong secret', async () => {
    // given a client with the wrong secret / when it pushes / then 401, not retryable, nothing stored
    const { project } = chain();
    const error = await client({ appSecret: 'wrong' })
      .push(envelope([project]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedByOutsideError);
    expect(error).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(fake.receivedCount(project.dfsjzj)).toBe(0);
  });

  it('refuses a tampered body, a stale timestamp and a replayed nonce', async () => {
    // given one signed request
    const { project } = chain();
    const body = JSON.stringify(envelope([project]));
    const headers = signedHeaders({ ...APP, body, nowMs: Date.now(), nonce: newNonce() });
    const post = (b: string, h: Record<string, string>) =>
      fetch(`${fake.url}/v1/batches`, {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/json' },
        body: b,
      });
    // when the body is changed under the same headers / then 401
    expect((await post(body.replace('珠海', '广州'), headers)).status).toBe(401);
    // when signed ten minutes ago / then 401 STALE_TIMESTAMP
    const stale = signedHeaders({ ...APP, body, nowMs: Date.now() - 10 * 60_000, nonce: newNonce() });
    expect(await (await post(body, stale)).json()).toMatchObject({ code: 'STALE_TIMESTAMP' });
    // when the same signed request is sent twice / then the second is a replay
    expect((await post(body, headers)).status).toBe(200);
    expect(await (await post(body, headers)).json()).toMatchObject({ code: 'NONCE_REUSED' });
  });

  it('rejects a bad record without failing the batch, with the reason', async () => {
    // given a good project and a case missing SPSXSLBM
    const { project, itemCase } = chain();
    const bad: ProvinceRecord = { ...itemCase, data: { ...itemCase.data, SPSXSLBM: '' } };
    // when pushed together
    const { results } = await client().push(envelope([project, bad]));
    // then the project is OK and the case is rejected naming the field
    expect(results[0]).toEqual({ dfsjzj: project.dfsjzj, status: 'OK' });
    expect(results[1]).toMatchObject({
      status: 'REJECTED',
      code: 'MISSING_FIELDS',
      reason: expect.stringContaining('SPSXSLBM'),
    });
  });

  it('rejects a step before its case, and a case before its project', async () => {
    // given a step and a case whose parents the province has never received
    const { itemCase, step } = chain();
    // when pushed (step first) / then both are rejected as unknown references
    const { results } = await client().push(envelope([step, itemCase]));
    expect(results.map((r) => r.status === 'REJECTED' && r.code)).toEqual(['UNKNOWN_CASE', 'UNKNOWN_PROJECT']);
    expect(fake.receivedCount(step.dfsjzj)).toBe(0);
  });

  it('acknowledges a resent record and stores it once', async () => {
    // given a chain already pushed
    const { project, itemCase, step } = chain();
    await client().push(envelope([project, itemCase, step]));
    // when the same step is pushed again (at-least-once delivery)
    const { results } = await client().push(envelope([step]));
    // then it is OK, counted as received twice, stored once, listed as a duplicate
    expect(results).toEqual([{ dfsjzj: step.dfsjzj, status: 'OK' }]);
    expect(fake.receivedCount(step.dfsjzj)).toBe(2);
    expect(fake.records().filter((r) => r.dfsjzj === step.dfsjzj)).toHaveLength(1);
    expect(fake.duplicates()).toContainEqual({ dfsjzj: step.dfsjzj, table: 'SPGL_XMSPSXBLXXXXB', sameData: true });
  });

  it('accepts a correction (SJYXBS = 0) as a new record, and wants its reason', async () => {
    const { project, itemCase, step } = chain();
    await client().push(envelope([project, itemCase, step]));
    const correction: ProvinceRecord = {
      ...step,
      dfsjzj: `${step.dfsjzj}-fix`,
      data: { ...step.data, SJYXBS: 0, SJWXYY: '办理时间录入错误' },
    };
    const noReason: ProvinceRecord = {
      ...correction,
      dfsjzj: `${step.dfsjzj}-fix2`,
      data: { ...step.data, SJYXBS: 0 },
    };
    const { results } = await client().push(envelope([correction, noReason]));
    expect(results.map((r) => r.status)).toEqual(['OK', 'REJECTED']);
    expect(
      fake.records().filter((r) => r.data.SPSXSLBM === step.data.SPSXSLBM && r.table === 'SPGL_XMSPSXBLXXXXB'),
    ).toHaveLength(2);
  });

  it('rejects chosen keys on demand', async () => {
    const { project } = chain();
    fake.rejectKeys([project.dfsjzj]);
    const { results } = await client().push(envelope([project]));
    expect(results[0]).toMatchObject({ status: 'REJECTED', code: 'REFUSED', reason: expect.any(String) });
  });

  it('reports a malformed envelope as rejected', async () => {
    const bad = { ...envelope([chain().project]), sentAt: '2025-06-03T02:15:02Z' };
    await expect(client().push(bad)).rejects.toMatchObject({ status: 400, reason: expect.stringContaining('sentAt') });
  });

  it('reports down, 500 and slow as retryable', async () => {
    // given each fault in turn / when a batch is pushed / then the error is retryable
    const batch = () => envelope([chain().project]);
    await fake.setDown(true);
    await expect(client().push(batch())).rejects.toMatchObject({ kind: 'network', retryable: true });
    await fake.setDown(false);
    fake.setFailWith(500);
    await expect(client().push(batch())).rejects.toBeInstanceOf(RetryableOutsideError);
    fake.setFailWith(undefined);
    fake.setDelay(400);
    await expect(client({ timeoutMs: 100 }).push(batch())).rejects.toMatchObject({ kind: 'timeout' });
  });
});
