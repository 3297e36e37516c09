/**
 * The engine's errors. A command it refuses raises an EngineError with a stable code; a job handler
 * that meets a failure no retry can mend throws a NonRetryableError, and its job fails with 0 retries.
 */

export type EngineErrorCode =
  'NOT_FOUND' | 'INVALID_STATE' | 'DEPLOY_INVALID' | 'MESSAGE_ALREADY_EXISTS' | 'INVALID_ARGUMENT' | 'UNAVAILABLE';

export interface EngineErrorDetails {
  elementIds?: string[];
  problems?: { elementId: string; message: string }[];
}

/** A refused command, with a stable code. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details: EngineErrorDetails = {},
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A failure no retry can mend (bad input, broken contract): the job fails with 0 retries. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}
