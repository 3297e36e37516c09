/**
 * 请求签名 — how a push to the provincial system is signed (our proposal until the province
 * publishes its scheme). Four headers:
 *   X-App-Id     our system id (PROVINCE_APP_ID)
 *   X-Timestamp  milliseconds since the epoch, decimal
 *   X-Nonce      32 random hex characters, never reused
 *   X-Signature  hex( HMAC-SHA256( appSecret, appId + timestamp + nonce + hex(SHA-256(body)) ) )
 * The body is hashed as the exact bytes sent (UTF-8). The receiver refuses an unknown app id, a
 * timestamp more than 5 minutes from its clock, a nonce it has seen, or a signature that differs.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = {
  appId: 'x-app-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function signature(appSecret: string, appId: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', appSecret).update(`${appId}${timestamp}${nonce}${bodyHash}`, 'utf8').digest('hex');
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function signedHeaders(input: {
  appId: string;
  appSecret: string;
  body: string;
  nowMs: number;
  nonce: string;
}): Record<string, string> {
  const timestamp = String(input.nowMs);
  return {
    [SIGNATURE_HEADERS.appId]: input.appId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: input.nonce,
    [SIGNATURE_HEADERS.signature]: signature(input.appSecret, input.appId, timestamp, input.nonce, input.body),
  };
}

export type SignatureCheck =
  | { ok: true; appId: string }
  | {
      ok: false;
      code: 'MISSING_SIGNATURE' | 'UNKNOWN_APP' | 'STALE_TIMESTAMP' | 'NONCE_REUSED' | 'BAD_SIGNATURE';
      message: string;
    };

/** The receiver's side. `useNonce` returns false when the nonce was seen before (and records it). */
export function checkSignature(input: {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
  secretOf: (appId: string) => string | undefined;
  nowMs: number;
  useNonce: (nonce: string) => boolean;
}): SignatureCheck {
  const get = (name: string) => {
    const v = input.headers[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const appId = get(SIGNATURE_HEADERS.appId);
  const timestamp = get(SIGNATURE_HEADERS.timestamp);
  const nonce = get(SIGNATURE_HEADERS.nonce);
  const given = get(SIGNATURE_HEADERS.signature);
  if (!appId || !timestamp || !nonce || !given)
    return { ok: false, code: 'MISSING_SIGNATURE', message: '缺少签名请求头' };
  const secret = input.secretOf(appId);
  if (secret === undefined) return { ok: false, code: 'UNKNOWN_APP', message: `未知的接入系统：${appId}` };
  if (!/^\d+$/.test(timestamp) || Math.abs(input.nowMs - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, code: 'STALE_TIMESTAMP', message: '请求时间戳超出允许范围（±5分钟）' };
  }
  const expected = Buffer.from(signature(secret, appId, timestamp, nonce, input.body), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, code: 'BAD_SIGNATURE', message: '签名校验失败' };
  }
  if (!input.useNonce(nonce)) return { ok: false, code: 'NONCE_REUSED', message: '随机数已使用（疑似重放）' };
  return { ok: true, appId };
}
