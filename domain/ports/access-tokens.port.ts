/** Access tokens: short-lived, signed, naming the account and its session; checked against the session on every request. */
export interface AccessClaims {
  /** user id */
  sub: string;
  /** session id */
  sid: string;
  /** issued at / expires, seconds since the epoch */
  iat: number;
  exp: number;
}

export type VerifyResult =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export interface AccessTokens {
  sign(claims: AccessClaims): string;
  verify(token: string, now: Date): VerifyResult;
}
