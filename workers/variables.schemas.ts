/**
 * The shapes of the process variables more than one worker reads (names: domain/process-contract.ts
 * VARIABLES). A diagram's `get or else(x, null)` hands on null for a value not given, so optional
 * values accept null as well as absence.
 */
import { Type, type TSchema } from 'typebox';

/** An id or code: a non-empty string. */
export const Id = Type.String({ minLength: 1 });

/** Absent, null, or `schema`. */
export const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * A person as the case API sets it when they complete a user task (`completedBy`, renamed per step):
 * a department-less person (an applicant) has departmentCode null.
 */
export const Person = Type.Object({
  userId: Type.String({ minLength: 1 }),
  role: Type.String({ minLength: 1 }),
  departmentCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
