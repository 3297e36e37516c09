/** Schemas shared by the routes: the problem body every error answers with, paging, and the account view. */
import { Type, type TSchema } from 'typebox';
import { ROLES, PERMISSIONS } from '../../domain/access/roles.ts';
import { INT4 } from '../edge/request-schemas.ts';

export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri', description: 'The problem type: one URI per code.' }),
    title: Type.String({
      description: 'What kind of problem, the same for every occurrence (by status), e.g. 请求无效.',
    }),
    status: Type.Integer({ description: 'The HTTP status, repeated.' }),
    code: Type.String({ description: 'Stable machine code, e.g. VALIDATION_FAILED, ACCOUNT_LOCKED.' }),
    detail: Type.String({
      description: 'This occurrence, for people (Chinese), e.g. 项目 2026-440402-04-01-000001 已登记.',
    }),
    field: Type.Optional(
      Type.String({ description: 'The offending input, e.g. body.username, querystring.limit, params.id.' }),
    ),
    instance: Type.String({ description: 'The request path this occurrence is about.' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String({ description: 'In Chinese.' }) }), {
        description: 'Every failure when there are several (schema failures, lint problems).',
      }),
    ),
  },
  { title: 'Problem', description: 'application/problem+json (RFC 9457) with the stable code and the field' },
);

/**
 * For routes whose body is optional: a POST without a body is read as `{}` (Fastify would otherwise
 * validate the missing body against the object schema and answer 400 "body must be object").
 */
export async function missingBodyAsEmpty(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
/** Error responses for a route's schema: problem+json (the error handler answers every error so). */
export const PROBLEMS = {
  '4xx': problemResponse(
    'Refused: the request is not valid, not allowed or not possible now (the code says which; nothing was done).',
  ),
  '5xx': problemResponse('Not done: the server or something it depends on is not available (5xx details never leak).'),
} as const;

/** One of `values`: a literal while there is one (an anyOf of one says nothing more), a union of literals after. */
const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(values.length === 1 ? Type.Literal(values[0]!) : Type.Union(values.map((v) => Type.Literal(v))));
export const RoleSchema = oneOf(ROLES);
export const PermissionSchema = oneOf(PERMISSIONS);

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  departmentCode: Type.String(),
  regionCode: Type.String(),
  orgUscc: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()], {
    description: 'Masked (138****5678) unless unmasked with PII_VIEW.',
  }),
  idNumber: Type.Union([Type.String(), Type.Null()], {
    description: 'Masked (440402********1234) unless unmasked with PII_VIEW.',
  }),
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
/** A route anyone may call (declared, so the OpenAPI says so rather than leaving it unsaid). */
export const PUBLIC: { bearerAuth: string[] }[] = [];

/**
 * 分页 — every list: `limit` (1–200, default 50) and `offset` (default 0) in, `items` and `total` out.
 * `total` counts every match, so a list longer than one page says so; nothing is cut off silently.
 */
export const DEFAULT_LIMIT = 50;
export const PAGING = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_LIMIT, description: 'Items per page (default 50).' }),
  ),
  offset: Type.Optional(
    Type.Integer({ minimum: 0, maximum: INT4.maximum, default: 0, description: 'Items to skip (default 0).' }),
  ),
};
/** `sort`: one of the keys, `-` first for descending; the first key is the default. */
export const sortOf = <K extends string>(keys: readonly [K, ...K[]], description = '') =>
  Type.Optional(
    Type.Union(
      keys.map((k) => Type.Literal(k)),
      { default: keys[0], description: `Order of the list (- descending; default ${keys[0]}). ${description}`.trim() },
    ),
  );
/** The page asked for, defaults filled in. */
export const pageOf = (query: { limit?: number; offset?: number }) => ({
  limit: query.limit ?? DEFAULT_LIMIT,
  offset: query.offset ?? 0,
});
/** A page of `item`, with `extra` fields beside the list. */
export const Page = <T extends TSchema>(item: T, extra: Record<string, TSchema> = {}) =>
  Type.Object({
    ...extra,
    items: Type.Array(item),
    total: Type.Integer({
      minimum: 0,
      description: 'How many match in all: more than the items when the list goes on past this page.',
    }),
  });
