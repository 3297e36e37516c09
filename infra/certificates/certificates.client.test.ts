import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedByOutsideError, RetryableOutsideError } from '../outside-errors.ts';
import { parseCertificateIdentifier } from './certificate-identifier.ts';
import { createCertificatesClient } from './certificates.client.ts';
import { startFakeCertificates, type FakeCertificates } from './certificates.fake-server.ts';
import type { IssueCertificateRequest } from './certificates.port.ts';
import { fileHash } from './file-hash.ts';

const API_KEY = 'test-cert-key';
let fake: FakeCertificates;

beforeAll(async () => {
  fake = await startFakeCertificates({
    port: 0,
    host: '127.0.0.1',
    apiKey: API_KEY,
    now: () => new Date('2025-06-20T02:00:00Z'),
  });
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
function permit(overrides: Partial<IssueCertificateRequest> = {}): IssueCertificateRequest {
  n += 1;
  return {
    typeCode: '11100000000013338W032',
    typeName: '建筑工程施工许可证',
    certificateNumber: `440400202506200${n}`,
    holder: { name: '珠海某某建设有限公司', code: '91440400MA4UXXXX0X', codeType: '001' },
    issuer: { name: '珠海市住房和城乡建设局', uscc: '11440400007000000X' },
    relatedItem: { code: '11440400007000000X4000117001', name: '建筑工程施工许可证核发' },
    businessData: { XMDM: '2304-440402-04-01-123456', JSDW: '珠海某某建设有限公司', HTJG: 12000 },
    validFrom: '2025-06-20',
    areaCode: '440400',
    idempotencyKey: `case-${n}:approval.issue-certificate:1`,
    ...overrides,
  };
}
const client = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  createCertificatesClient({
    baseUrl: fake.url,
    apiKey: options.apiKey ?? API_KEY,
    timeoutMs: options.timeoutMs ?? 2000,
  });

describe('e-certificate client against the fake provincial service', () => {
  it('issues a certificate with a national identifier, a file hash and a verified seal', async () => {
    // given a permit to issue
    const request = permit();
    // when it is issued
    const issued = await client().issue(request);
    // then the identifier is well formed for this type and issuer, and the hash matches the served file
    const parsed = parseCertificateIdentifier(issued.identifier);
    expect(parsed).toMatchObject({
      valid: true,
      parts: { typeCode: request.typeCode, issuerCode: request.issuer.uscc, version: '001' },
    });
    expect(issued).toMatchObject({ status: '01', sealVerified: true, hashAlgorithm: 'SM3' });
    const file = await (await fetch(issued.fileUrl)).text();
    expect(fileHash(file)).toBe(issued.fileHash);
    expect(file).toContain(issued.identifier);
  });

  it('issues once per idempotency key', async () => {
    const request = permit();
    const first = await client().issue(request);
    const second = await client().issue(request);
    expect(second.identifier).toBe(first.identifier);
    expect(fake.certificates().filter((c) => c.idempotencyKey === request.idempotencyKey)).toHaveLength(1);
  });

  it('verifies, revokes with a reason, then verifies as revoked', async () => {
    // given an issued certificate
    const { identifier } = await client().issue(permit());
    expect(await client().verify(identifier)).toMatchObject({
      found: true,
      valid: true,
      status: '01',
      statusName: '有效',
    });
    // when it is revoked
    const revoked = await client().revoke(identifier, '申请人以欺骗手段取得许可');
    // then it is 03 撤销 and no longer valid; revoking again is harmless
    expect(revoked).toEqual({ identifier, status: '03' });
    expect(await client().verify(identifier)).toMatchObject({
      valid: false,
      status: '03',
      statusName: '撤销',
      revokedReason: '申请人以欺骗手段取得许可',
    });
    await expect(client().revoke(identifier, '重复')).resolves.toEqual({ identifier, status: '03' });
  });

  it('answers not found for a well-formed unknown identifier, and rejects a malformed one', async () => {
    const unknown = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
    expect(await client().verify(unknown)).toEqual({ found: false, identifier: unknown, valid: false });
    await expect(client().verify('1.2.156.3005.2.bad')).rejects.toMatchObject({
      status: 400,
      code: 'MALFORMED_IDENTIFIER',
    });
    await expect(client().revoke(unknown, '无')).rejects.toMatchObject({ status: 404 });
  });

  it('carries the validation reason into RejectedByOutsideError', async () => {
    // given a request without an area code
    const request = permit({ areaCode: '4404' });
    // when issued / then rejected, naming the field
    const error = await client()
      .issue(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedByOutsideError);
    expect((error as RejectedByOutsideError).reason).toContain('areaCode');
  });

  it('rejects a wrong API key', async () => {
    await expect(client({ apiKey: 'nope' }).issue(permit())).rejects.toMatchObject({ status: 401, retryable: false });
  });

  it('reports down, 500 and slow as retryable', async () => {
    // given each fault in turn / when a certificate is issued / then the error is retryable
    await fake.setDown(true);
    await expect(client().issue(permit())).rejects.toMatchObject({ kind: 'network' });
    await fake.setDown(false);
    fake.setFailWith(500);
    await expect(client().issue(permit())).rejects.toBeInstanceOf(RetryableOutsideError);
    fake.setFailWith(undefined);
    fake.setDelay(400);
    await expect(client({ timeoutMs: 100 }).verify('1.2.156.3005.2.x')).rejects.toMatchObject({ kind: 'timeout' });
  });
});
