/** A refusal's field as the caller's body names it (a shortcut's `type` is the task's `procedureType`). */
import { DomainError } from '../../domain/errors.ts';

export function renameField(map: Record<string, string>) {
  return (err: unknown): never => {
    if (err instanceof DomainError && typeof err.details?.field === 'string' && map[err.details.field]) {
      throw new DomainError(err.code, err.message, { ...err.details, field: map[err.details.field] });
    }
    throw err;
  };
}
