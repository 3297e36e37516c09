/**
 * 口令策略 (等保 2.0 level 3; BRIEF §7): length ≥ 8 with 3 of 4 character classes, expiry after 90
 * days, no reuse of the last 5, and lockout for 30 minutes after 5 failures within 15 minutes.
 * Pure: the caller passes the time and the stored counters.
 */
import { DomainError } from '../errors.ts';

export const PASSWORD_POLICY = {
  minLength: 8,
  maxLength: 128,
  minClasses: 3,
  maxAgeDays: 90,
  historyDepth: 5,
  lockout: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 30 * 60_000 },
} as const;

const CLASSES: readonly RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Throws PASSWORD_TOO_WEAK (field given) unless the password meets the complexity rules. */
export function assertPasswordStrength(password: string, context: { username?: string; field?: string } = {}): void {
  const field = context.field ?? 'newPassword';
  if (password.length < PASSWORD_POLICY.minLength || password.length > PASSWORD_POLICY.maxLength) {
    throw new DomainError(
      'PASSWORD_TOO_WEAK',
      `口令长度应为 ${PASSWORD_POLICY.minLength}–${PASSWORD_POLICY.maxLength} 位`,
      { field },
    );
  }
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if (classes < PASSWORD_POLICY.minClasses) {
    throw new DomainError('PASSWORD_TOO_WEAK', '口令应包含大写字母、小写字母、数字、符号中的至少三类', { field });
  }
  if (context.username && password.toLowerCase().includes(context.username.toLowerCase())) {
    throw new DomainError('PASSWORD_TOO_WEAK', '口令不能包含用户名', { field });
  }
}

export function passwordExpiresAt(changedAt: Date): Date {
  return new Date(changedAt.getTime() + PASSWORD_POLICY.maxAgeDays * 86_400_000);
}

export function isPasswordExpired(changedAt: Date, now: Date): boolean {
  return now.getTime() >= passwordExpiresAt(changedAt).getTime();
}

/** The login-failure counters stored with the account. */
export interface FailureState {
  failedCount: number;
  failedWindowStart: Date | null;
  lockedUntil: Date | null;
}

export function isLocked(state: FailureState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() < state.lockedUntil.getTime();
}

/** The counters after one more failure at `now`: a window of 15 min; the 5th failure in it locks. */
export function registerFailure(state: FailureState, now: Date): FailureState {
  const { maxFailures, windowMs, lockMs } = PASSWORD_POLICY.lockout;
  const inWindow =
    state.failedWindowStart !== null &&
    now.getTime() - state.failedWindowStart.getTime() < windowMs &&
    !lockExpired(state, now);
  const failedCount = inWindow ? state.failedCount + 1 : 1;
  const failedWindowStart = inWindow ? state.failedWindowStart : now;
  const lockedUntil = failedCount >= maxFailures ? new Date(now.getTime() + lockMs) : state.lockedUntil;
  return { failedCount, failedWindowStart, lockedUntil };
}

/** A lock that has run out starts a fresh window (the failures that caused it are spent). */
function lockExpired(state: FailureState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() >= state.lockedUntil.getTime();
}

export const NO_FAILURES: FailureState = { failedCount: 0, failedWindowStart: null, lockedUntil: null };
