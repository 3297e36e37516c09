/** Schemas shared by the routes: the problem body every error answers with, and the account view. */
import { Type } from 'typebox';
import { ROLES, PERMISSIONS } from '../../domain/access/roles.ts';

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String({ description: 'Stable machine code, e.g. VALIDATION_FAILED, ACCOUNT_LOCKED.' }),
  detail: Type.Optional(Type.String()),
  field: Type.Optional(Type.String({ description: 'The offending input, e.g. body.username.' })),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
}, { description: 'application/problem+json (RFC 9457)' });

/**
 * For routes whose body is optional: a POST without a body is read as `{}` (Fastify would otherwise
 * validate the missing body against the object schema and answer 400 "body must be object").
 */
export async function missingBodyAsEmpty(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** Error responses for a route's schema. */
export const PROBLEMS = { '4xx': Problem, '5xx': Problem } as const;

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const PermissionSchema = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  departmentCode: Type.String(),
  regionCode: Type.String(),
  orgUscc: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'Masked (138****5678) unless unmasked with PII_VIEW.' }),
  idNumber: Type.Union([Type.String(), Type.Null()], { description: 'Masked (440402********1234) unless unmasked with PII_VIEW.' }),
  piiMasked: Type.Boolean(),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  passwordExpiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PHONE_PATTERN = '^1[3-9][0-9]{9}$';
export const ID_NUMBER_PATTERN = '^[0-9]{17}[0-9Xx]$';
export const BEARER = [{ bearerAuth: [] }];
