import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { createPiiCrypto, SM4_AVAILABLE } from './pii-crypto.ts';
import { createTokenSigner, hashOpaqueToken, newOpaqueToken } from './access-token.ts';
import { canonicalJson, chainHash, CHAIN_HASH_ALGORITHM } from './chain-hash.ts';

describe('password hashing', () => {
  it('verifies the right password only, with a per-user salt', async () => {
    // given two hashes of the same password
    const a = await hashPassword('Zhuhai@2026');
    const b = await hashPassword('Zhuhai@2026');
    // then they differ (salt) and both verify
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('Zhuhai@2026', a)).toBe(true);
    expect(await verifyPassword('zhuhai@2026', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('PII crypto', () => {
  const key = 'test-pii-key-0123456789';
  it.each(['sm4cbc-hsm3', 'aes256gcm'] as const)(
    'round-trips with %s and never yields the same ciphertext twice',
    (scheme) => {
      const pii = createPiiCrypto(key, { scheme });
      const c1 = pii.encryptPii('440402199001011234');
      const c2 = pii.encryptPii('440402199001011234');
      expect(c1).not.toBe(c2);
      expect(c1).not.toContain('1234');
      expect(c1.startsWith(`v1.${scheme}.`)).toBe(true);
      expect(pii.decryptPii(c1)).toBe('440402199001011234');
    },
  );

  it('uses SM4 when Node offers it', () => {
    expect(createPiiCrypto(key).scheme).toBe(SM4_AVAILABLE ? 'sm4cbc-hsm3' : 'aes256gcm');
  });

  it('refuses a tampered ciphertext', () => {
    for (const scheme of ['sm4cbc-hsm3', 'aes256gcm'] as const) {
      const pii = createPiiCrypto(key, { scheme });
      const parts = pii.encryptPii('13812345678').split('.');
      parts[3] = Buffer.from('tampered').toString('base64url');
      expect(() => pii.decryptPii(parts.join('.'))).toThrow();
    }
  });

  it('blind index: equal for equal values (normalised), differs by key', () => {
    const pii = createPiiCrypto(key);
    expect(pii.blindIndex('138 1234 5678')).toBe(pii.blindIndex('13812345678'));
    expect(pii.blindIndex('44040219900101123x')).toBe(pii.blindIndex('44040219900101123X'));
    expect(createPiiCrypto('another-key-0123456789').blindIndex('13812345678')).not.toBe(pii.blindIndex('13812345678'));
  });
});

describe('access tokens', () => {
  const signer = createTokenSigner('test-token-secret-0123456789');
  const now = new Date('2026-06-01T08:00:00Z');
  const claims = { sub: 'u1', sid: 's1', iat: now.getTime() / 1000, exp: now.getTime() / 1000 + 900 };
  it('verifies its own tokens until they expire', () => {
    const token = signer.sign(claims);
    expect(signer.verify(token, now)).toEqual({ ok: true, claims });
    expect(signer.verify(token, new Date(now.getTime() + 900_000))).toEqual({ ok: false, reason: 'expired' });
  });
  it('refuses a forged or foreign token', () => {
    const token = signer.sign(claims);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
    expect(signer.verify(forged, now)).toEqual({ ok: false, reason: 'signature' });
    expect(createTokenSigner('other-secret-0123456789').verify(token, now).ok).toBe(false);
    expect(signer.verify('a.b', now)).toEqual({ ok: false, reason: 'malformed' });
  });
  it('opaque tokens are random and stored hashed', () => {
    const t = newOpaqueToken();
    expect(t).not.toBe(newOpaqueToken());
    expect(hashOpaqueToken(t)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('chain hash', () => {
  it('canonical JSON sorts keys so the same row always hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: new Date('2026-01-01T00:00:00Z') } })).toBe(
      '{"a":{"c":"2026-01-01T00:00:00.000Z","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(chainHash('p', { a: 1, b: 2 })).toBe(chainHash('p', { b: 2, a: 1 }));
    expect(chainHash('p', { a: 1 })).not.toBe(chainHash('q', { a: 1 }));
    expect(CHAIN_HASH_ALGORITHM).toBe('sm3');
  });
});
