/**
 * Access and refresh tokens. Access tokens are compact and JWT-shaped — `header.payload.signature`,
 * base64url, HMAC-SHA-256 over the first two parts — short-lived (15 min) and checked against the
 * session on every request. Refresh tokens are opaque random strings; only their SHA-256 is stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessClaims, AccessTokens } from '../../domain/ports/access-tokens.port.ts';

export type { AccessClaims, VerifyResult } from '../../domain/ports/access-tokens.port.ts';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** The access-token port (domain/ports/access-tokens.port.ts), HMAC-SHA-256. */
export type TokenSigner = AccessTokens;

export function createTokenSigner(secret: string): TokenSigner {
  if (secret.length < 16) throw new Error('token secret too short (at least 16 characters)');
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    sign(claims) {
      const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
      const signature = Buffer.from(parts[2]!, 'base64url');
      const expected = mac(`${parts[0]}.${parts[1]}`);
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
        return { ok: false, reason: 'signature' };
      let claims: AccessClaims;
      try {
        claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as AccessClaims;
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number')
        return { ok: false, reason: 'malformed' };
      if (now.getTime() >= claims.exp * 1000) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
  };
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
