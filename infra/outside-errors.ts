/**
 * The two ways a call to an outside system (外部系统: SMS gateway, 省数字空间, 省工改系统) can fail.
 * The type is chosen where the failure is seen, so callers never guess:
 * - `RetryableOutsideError` — nothing was decided: network, timeout, 5xx, 429, unreadable answer.
 *   Try again later with the same idempotency key.
 * - `RejectedByOutsideError` — the outside system answered "no" (4xx): bad input, bad credentials,
 *   unknown identifier. Retrying the same request cannot succeed; a person must look.
 * Both carry `retryable`, so the engine adapter can map them without importing this file.
 */

export type OutsideSystem = 'sms' | 'certificates' | 'province';

export type RetryableKind = 'network' | 'timeout' | 'server' | 'throttled' | 'bad-response';

abstract class OutsideError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    readonly system: OutsideSystem,
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class RetryableOutsideError extends OutsideError {
  readonly retryable = true;
  constructor(
    system: OutsideSystem,
    operation: string,
    readonly kind: RetryableKind,
    readonly detail: { status?: number; reason?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(
      system,
      operation,
      `${system} ${operation}: ${kind}${detail.status ? ` ${detail.status}` : ''}${detail.reason ? ` — ${detail.reason}` : ''}`,
      { cause: detail.cause },
    );
    this.name = 'RetryableOutsideError';
  }

  get status(): number | undefined {
    return this.detail.status;
  }
}

export class RejectedByOutsideError extends OutsideError {
  readonly retryable = false;
  constructor(
    system: OutsideSystem,
    operation: string,
    readonly status: number,
    /** The outside system's own reason, as it sent it (often Chinese). */
    readonly reason: string,
    /** The outside system's machine code, when it sends one. */
    readonly code?: string,
  ) {
    super(system, operation, `${system} ${operation}: rejected ${status}${code ? ` ${code}` : ''} — ${reason}`);
    this.name = 'RejectedByOutsideError';
  }
}

export function isRetryableOutsideError(err: unknown): err is RetryableOutsideError {
  return err instanceof RetryableOutsideError;
}
