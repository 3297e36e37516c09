/**
 * Bounds for every number a route accepts. A number goes into a column — int4 for nearly every
 * integer (counts, versions, ids, limits, offsets), bigint for the few that say so in their schema —
 * so an integer a route's schema leaves unbounded gets the int4 range, and an unbounded number the
 * range where a double is exact; `?version=99999999999999999999` or `offset=1e308` is then a 400
 * VALIDATION_FAILED naming the field instead of a database error. Added as an `onRoute` hook before
 * the routes, so it covers every route, also the ones registered later by plugins; the bounds show
 * in the OpenAPI document. `registeredRoutes(app)` lists what was registered (the fuzz test uses it).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export const INT4 = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;
export const SAFE_NUMBER = { minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER } as const;
/** For integers that land in a bigint column (sequence numbers): what a JS number holds exactly. */
export const BIGINT_SAFE = { minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Gives every integer/number in `schema` (walked without recursion) the bounds it lacks; in place. */
export function boundNumbers(schema: unknown): void {
  const stack: unknown[] = [schema];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isSchema(node) || seen.has(node)) continue;
    seen.add(node);
    const types = Array.isArray(node.type) ? node.type : [node.type];
    const bounds = types.includes('integer') ? INT4 : types.includes('number') ? SAFE_NUMBER : null;
    if (bounds) {
      if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.minimum = bounds.minimum;
      if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.maximum = bounds.maximum;
    }
    for (const key of ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else']) stack.push(node[key]);
    for (const key of ['properties', 'patternProperties'])
      if (isSchema(node[key])) stack.push(...Object.values(node[key]));
    for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'])
      if (Array.isArray(node[key])) stack.push(...(node[key] as unknown[]));
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
  config: RouteOptions['config'];
}

const routes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered after `addRequestSchemaBounds` (HEAD routes Fastify adds itself excluded). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routes.get(app) ?? [];
}

export function addRequestSchemaBounds(app: FastifyInstance): void {
  const list: RegisteredRoute[] = [];
  routes.set(app, list);
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (schema) for (const part of ['querystring', 'params', 'body', 'headers']) boundNumbers(schema[part]);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method !== 'HEAD') list.push({ method, url: route.url, schema: route.schema, config: route.config });
    }
  });
}
