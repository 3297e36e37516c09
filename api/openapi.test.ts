/**
 * The API's conventions, checked on the OpenAPI document of the whole system (every route mounted):
 * an operationId on every operation, camelCase and unique; errors declared as application/problem+json
 * with the Problem schema; servers and security declared; every list paged by limit and offset with
 * its total (a list not paged is bounded, and says why here); and the document lints clean with
 * Redocly's recommended rules (a rule turned off says why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { openDatabase, type Database } from '../infra/db/client.ts';
import { startTestSystem } from '../test/system-harness.ts';
import type { System } from '../system.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- an OpenAPI document read back as JSON
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const operations = (doc: Json) =>
  Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );

/** Every operation without an operationId, with one that is not camelCase verbNoun, or with one used twice. */
export function operationIdProblems(doc: Json): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { path, method, op } of operations(doc)) {
    const id = op.operationId as string | undefined;
    const where = `${method.toUpperCase()} ${path}`;
    if (!id) {
      problems.push(`${where}: no operationId`);
      continue;
    }
    if (!/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(id)) problems.push(`${where}: operationId ${id} is not camelCase verbNoun`);
    if (seen.has(id)) problems.push(`${where}: operationId ${id} also names ${seen.get(id)}`);
    seen.set(id, where);
  }
  return problems;
}

/**
 * Arrays a GET answers unpaged, each bounded by what it is — never a collection that grows with the
 * data (those are `items`, paged, with `total`).
 */
const BOUNDED: Record<string, string> = {
  'GET /api/v1/me roles': "an account's roles (at most 5)",
  'GET /api/v1/me permissions': "an account's permissions",
  'GET /api/v1/users/{id} roles': "an account's roles (at most 5)",
  'GET /api/v1/users/{id} permissions': "an account's permissions",
  'GET /api/v1/calendar/days days': 'the days of the range asked for (at most 366; longer is refused)',
  'GET /api/v1/calendar/years/{year} holidays': "a year's holidays",
  'GET /api/v1/calendar/years/{year} makeUpDays': "a year's make-up days",
  'GET /api/v1/calendar/regions/{regionCode}/years/{year} holidays': "a year's closures",
  'GET /api/v1/calendar/regions/{regionCode}/years/{year} makeUpDays': "a year's make-up days",
  'GET /api/v1/catalog/stages stages': "the catalogue's stages (four)",
  'GET /api/v1/supervision/rules rules': 'the supervision rules (one per rule code)',
  'GET /api/v1/supervision/time-limits groups':
    'the counts per group (department, district, stage, window or channel) of the whole region',
  'GET /api/v1/projects/{projectCode} stages': "one project's stage applications",
  'GET /api/v1/applications/{id} cases': "one application's item cases (at most 30)",
  'GET /api/v1/applications/{id} materials': "one application's materials (at most 100)",
  'GET /api/v1/applications/{id} timeline': "one application's events",
  'GET /api/v1/cases/{caseId} clocks': "one case's clocks",
  'GET /api/v1/cases/{caseId} specialProcedures': "one case's special procedures",
  'GET /api/v1/cases/{caseId} results': "one case's results",
  'GET /api/v1/cases/{caseId} opinions': 'the opinions on one stage application',
  'GET /api/v1/cases/{caseId} timeline': "one case's events",
  'GET /api/v1/tasks/{id} candidateGroups': "a task's candidate groups",
};

/** Redocly's recommended rules, and where this API asks for more or for less. */
const LINT_RULES = {
  // more: every 4xx declared as problem+json (recommended leaves it off)
  'operation-4xx-problem-details-rfc7807': 'error',
  'operation-operationId': 'error',
  // less: this API is not published to the outside; there is no licence to name
  'info-license': 'off',
} as const;

describe('the OpenAPI document', () => {
  let database: Database;
  let system: System;
  let doc: Json;
  beforeAll(async () => {
    // the document is the same on every database: PGlite only
    database = await openDatabase({});
    system = await startTestSystem(database);
    doc = (await system.app.inject({ method: 'GET', url: '/docs/json' })).json();
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await database?.close();
  });

  it('names every operation once, camelCase verbNoun', () => {
    expect(operations(doc).length).toBeGreaterThan(50);
    expect(operationIdProblems(doc)).toEqual([]);
  });

  it('catches an operation without an operationId, and one used twice', () => {
    const bad = {
      paths: {
        '/a': { get: { operationId: 'getThing' }, post: {} },
        '/b': { get: { operationId: 'getThing' }, put: { operationId: 'Put_b' } },
      },
    };
    expect(operationIdProblems(bad)).toEqual([
      'POST /a: no operationId',
      'GET /b: operationId getThing also names GET /a',
      'PUT /b: operationId Put_b is not camelCase verbNoun',
    ]);
  });

  it('declares every error as application/problem+json with the Problem schema', () => {
    for (const { path, method, op } of operations(doc)) {
      for (const status of ['4XX', '5XX']) {
        const schema = op.responses?.[status]?.content?.['application/problem+json']?.schema;
        expect(schema, `${method} ${path} ${status}`).toBeDefined();
        expect(schema.required, `${method} ${path} ${status}`).toEqual(
          expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'instance']),
        );
        expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['field', 'errors']));
      }
    }
  });

  it('declares the servers, the bearer scheme, and who may call each operation', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    // every operation says it outright: the bearer token, or nothing (public)
    for (const { path, method, op } of operations(doc)) expect(op.security, `${method} ${path}`).toBeDefined();
    expect(
      operations(doc)
        .filter(({ op }) => op.security.length === 0)
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    ).toEqual([
      'get /api/v1/calendar/days',
      'get /api/v1/calendar/deadline',
      'get /api/v1/catalog/items/{code}',
      'get /api/v1/catalog/stages',
      'get /health',
      'get /metrics',
      'post /api/v1/auth/login',
      'post /api/v1/auth/password',
      'post /api/v1/auth/refresh',
    ]);
  });

  it('pages every list by limit and offset with its total; any other array is bounded, and says why', () => {
    const unpaged = new Set<string>();
    for (const { path, op } of operations(doc).filter((o) => o.method === 'get')) {
      const schema = op.responses?.['200']?.content?.['application/json']?.schema;
      // an intersection's parts are its properties too
      const properties = Object.assign(
        {},
        ...((schema?.allOf ?? []) as Json[]).map((part) => part.properties ?? {}),
        schema?.properties ?? {},
      ) as Json;
      for (const [name, property] of Object.entries(properties)) {
        if (property.type !== 'array') continue;
        const where = `GET ${path} ${name}`;
        if (name !== 'items') {
          expect(BOUNDED[where], `${where}: an unpaged list`).toBeDefined();
          unpaged.add(where);
          continue;
        }
        expect(schema.required, where).toEqual(expect.arrayContaining(['items', 'total']));
        const query = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'query').map((p) => p.name);
        expect(query, where).toEqual(expect.arrayContaining(['limit', 'offset']));
      }
    }
    // and the reasons above are all still about something
    expect(Object.keys(BOUNDED).filter((where) => !unpaged.has(where))).toEqual([]);
  });

  it("lints clean with Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'], rules: LINT_RULES });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual(
      [],
    );
  });
});
