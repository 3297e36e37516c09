/**
 * Job-side helpers of the workers' input mapping: the variables as the diagram hands them on (absent,
 * null, empty) turned into what the use cases take.
 */
import type { Static } from 'typebox';
import type { Actor } from '../domain/case/case-event.ts';
import type { Person } from './variables.schemas.ts';

/** The person a variable names, or null when it names none (the use case then records the system). */
export function personOf(value: Static<typeof Person> | null | undefined): Actor | null {
  return value ? { userId: value.userId, role: value.role, departmentCode: value.departmentCode ?? null } : null;
}

/** A text variable: null when absent, null or empty. */
export function textOf(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
