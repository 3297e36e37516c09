/**
 * 个人信息加密 — field encryption of ID numbers and phones at rest, plus an HMAC blind index so an
 * encrypted value can still be looked up by equality.
 *
 * Algorithm: SM4 (国密) when this Node's OpenSSL offers it. Node 20 lists `sm4-cbc` but no `sm4-gcm`,
 * so SM4 runs as SM4-CBC + HMAC-SM3 (encrypt-then-MAC, BRIEF §7 "SM4 (GCM/CBC+HMAC)"); without SM4
 * we use AES-256-GCM. Each ciphertext names its scheme (`v1.sm4cbc-hsm3.…` or `v1.aes256gcm.…`), so
 * either decrypts anywhere that has the cipher. Keys are derived from one secret with HKDF: separate
 * keys for encryption, the MAC and the blind index. The blind index is HMAC-SM3 (or HMAC-SHA-256)
 * of the normalised value under its own key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  getCiphers,
  getHashes,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export type PiiScheme = 'sm4cbc-hsm3' | 'aes256gcm';

export interface PiiCrypto {
  readonly scheme: PiiScheme;
  readonly indexHash: 'sm3' | 'sha256';
  encryptPii(plaintext: string): string;
  decryptPii(ciphertext: string): string;
  /** Deterministic keyed digest for lookups by equality (normalised: spaces removed, upper case). */
  blindIndex(value: string): string;
}

export const SM4_AVAILABLE = getCiphers().includes('sm4-cbc');
export const SM3_AVAILABLE = getHashes().includes('sm3');

export function normalisePii(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

export function createPiiCrypto(secret: string, options: { scheme?: PiiScheme } = {}): PiiCrypto {
  if (secret.length < 16) throw new Error('PII key too short (at least 16 characters)');
  const scheme: PiiScheme = options.scheme ?? (SM4_AVAILABLE && SM3_AVAILABLE ? 'sm4cbc-hsm3' : 'aes256gcm');
  const indexHash = SM3_AVAILABLE ? 'sm3' : 'sha256';
  const key = (info: string, length: number) =>
    Buffer.from(hkdfSync('sha256', secret, 'zhuhai-approval-pii', info, length));
  const aesKey = key('aes-256-gcm', 32);
  const sm4Key = key('sm4-cbc', 16);
  const macKey = key('sm4-cbc-hmac-sm3', 32);
  const indexKey = key('blind-index', 32);

  function encryptPii(plaintext: string): string {
    if (scheme === 'aes256gcm') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        scheme,
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    }
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', sm4Key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const head = ['v1', scheme, iv.toString('base64url'), body.toString('base64url')].join('.');
    return `${head}.${createHmac('sm3', macKey).update(head).digest('base64url')}`;
  }

  function decryptPii(ciphertext: string): string {
    const [version, kind, ivText, bodyText, tagText] = ciphertext.split('.');
    if (version !== 'v1' || !ivText || bodyText === undefined || !tagText) throw new Error('not a PII ciphertext');
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (kind === 'aes256gcm') {
      const decipher = createDecipheriv('aes-256-gcm', aesKey, iv);
      decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    }
    if (kind !== 'sm4cbc-hsm3') throw new Error(`unknown PII scheme ${kind}`);
    const expected = createHmac('sm3', macKey).update([version, kind, ivText, bodyText].join('.')).digest();
    const tag = Buffer.from(tagText, 'base64url');
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected))
      throw new Error('PII ciphertext failed authentication');
    const decipher = createDecipheriv('sm4-cbc', sm4Key, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  function blindIndex(value: string): string {
    return createHmac(indexHash, indexKey).update(normalisePii(value)).digest('hex');
  }

  return { scheme, indexHash, encryptPii, decryptPii, blindIndex };
}
