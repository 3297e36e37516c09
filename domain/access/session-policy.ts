/**
 * 会话 — session rules (BRIEF §7): access tokens live 15 minutes; a session ends after 30 minutes
 * without use (idle) and 12 hours after login (absolute), whatever the refreshes.
 */
export const SESSION_POLICY = {
  accessTokenMs: 15 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
} as const;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionState = 'active' | 'revoked' | 'idle-expired' | 'absolute-expired';

export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.createdAt.getTime() + SESSION_POLICY.absoluteMs) return 'absolute-expired';
  if (now.getTime() >= session.lastSeenAt.getTime() + SESSION_POLICY.idleMs) return 'idle-expired';
  return 'active';
}
