import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedByOutsideError, RetryableOutsideError } from '../outside-errors.ts';
import { createSmsClient } from './sms.client.ts';
import { startFakeSms, type FakeSms } from './sms.fake-server.ts';
import type { SmsSendRequest } from './sms.port.ts';

const API_KEY = 'test-sms-key';
let fake: FakeSms;

beforeAll(async () => {
  fake = await startFakeSms({ port: 0, host: '127.0.0.1', apiKey: API_KEY });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await fake.setDown(false);
  fake.setFailWith(undefined);
  fake.setDelay(0);
});

let n = 0;
function receipt(overrides: Partial<SmsSendRequest> = {}): SmsSendRequest {
  n += 1;
  return {
    templateId: 'FORMAL_RECEIPT',
    params: {
      itemName: '建筑工程施工许可',
      caseNo: `ZH2025060300${n}`,
      receivedAt: '2025年6月3日 10:15',
      limitDays: '3',
    },
    phones: ['13800138000'],
    idempotencyKey: `case-${n}:approval.send-receipt:1`,
    ...overrides,
  };
}
const client = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  createSmsClient({ baseUrl: fake.url, apiKey: options.apiKey ?? API_KEY, timeoutMs: options.timeoutMs ?? 2000 });

describe('SMS client against the fake gateway', () => {
  it('sends a rendered message and lists it on GET /messages', async () => {
    // given a formal receipt
    const request = receipt();
    // when it is sent
    const { messageId } = await client().send(request);
    // then the gateway recorded the rendered text, also over HTTP
    const message = fake.sent().find((m) => m.messageId === messageId);
    expect(message?.text).toContain('已于2025年6月3日 10:15正式收件，承诺办理时限3个工作日');
    const listed = (await (await fetch(`${fake.url}/messages`)).json()) as { messages: { messageId: string }[] };
    expect(listed.messages.map((m) => m.messageId)).toContain(messageId);
  });

  it('sends once per idempotency key', async () => {
    // given a message already sent
    const request = receipt();
    const first = await client().send(request);
    // when it is sent again with the same key
    const second = await client().send(request);
    // then the same message id comes back and the gateway holds it once
    expect(second.messageId).toBe(first.messageId);
    expect(fake.sent().filter((m) => m.idempotencyKey === request.idempotencyKey)).toHaveLength(1);
  });

  it('refuses a reused key with different content', async () => {
    const request = receipt();
    await client().send(request);
    await expect(client().send({ ...request, phones: ['13900139000'] })).rejects.toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('rejects a wrong API key as not retryable', async () => {
    // given a client with the wrong key / when it sends / then 401, not retryable
    const error = await client({ apiKey: 'wrong' })
      .send(receipt())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedByOutsideError);
    expect(error).toMatchObject({ status: 401, code: 'INVALID_API_KEY', retryable: false });
  });

  it('rejects a bad phone number, naming it', async () => {
    // given one good and one bad number
    const request = receipt({ phones: ['13800138000', '12345678901'] });
    // when sent
    const error = await client()
      .send(request)
      .catch((e: unknown) => e);
    // then the reason names the bad number and nothing was sent
    expect(error).toBeInstanceOf(RejectedByOutsideError);
    expect((error as RejectedByOutsideError).reason).toContain('12345678901');
    expect(fake.sent().some((m) => m.idempotencyKey === request.idempotencyKey)).toBe(false);
  });

  it('rejects a missing template parameter, naming it', async () => {
    const request = receipt({ params: { itemName: '建筑工程施工许可', caseNo: 'X1', receivedAt: '2025年6月3日' } });
    await expect(client().send(request)).rejects.toMatchObject({
      status: 400,
      code: 'MISSING_PARAMS',
      reason: expect.stringContaining('limitDays'),
    });
  });

  it('reports a gateway that is down as retryable, and recovers', async () => {
    // given the gateway is down (connection refused)
    await fake.setDown(true);
    // when a message is sent / then the failure is a retryable network error
    await expect(client().send(receipt())).rejects.toMatchObject({ kind: 'network', retryable: true });
    // and when it is back up the send goes through
    await fake.setDown(false);
    await expect(client().send(receipt())).resolves.toHaveProperty('messageId');
  });

  it('reports 503 and 429 as retryable', async () => {
    fake.setFailWith(503);
    await expect(client().send(receipt())).rejects.toMatchObject({ kind: 'server', detail: { status: 503 } });
    fake.setFailWith(429);
    const error = await client()
      .send(receipt())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableOutsideError);
    expect(error).toMatchObject({ kind: 'throttled' });
  });

  it('reports a slow gateway as a retryable timeout', async () => {
    // given a gateway slower than the client's timeout
    fake.setDelay(500);
    // when a message is sent / then it times out, retryably
    await expect(client({ timeoutMs: 100 }).send(receipt())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });
});
