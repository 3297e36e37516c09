/**
 * The one business error of the domain. `code` is a stable machine code (SCREAMING_SNAKE) that the API
 * maps to a status and a problem body; `message` is for people; `details` carries the facts.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
