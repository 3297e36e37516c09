/** An access token for a session: 15 minutes, never past the session's absolute end (12 h after login). */
import { SESSION_POLICY } from '../../domain/access/session-policy.ts';
import type { AccessTokens } from '../../domain/ports/access-tokens.port.ts';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export function accessToken(
  tokens: AccessTokens,
  userId: string,
  sessionId: string,
  sessionCreatedAt: Date,
  now: Date,
): { token: string; expiresIn: number } {
  const exp = Math.min(
    now.getTime() + SESSION_POLICY.accessTokenMs,
    sessionCreatedAt.getTime() + SESSION_POLICY.absoluteMs,
  );
  const token = tokens.sign({
    sub: userId,
    sid: sessionId,
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(exp / 1000),
  });
  return { token, expiresIn: Math.max(0, Math.floor((exp - now.getTime()) / 1000)) };
}
