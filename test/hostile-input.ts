/**
 * fast-check arbitraries for fuzzing the API: values a route's JSON schema accepts, with hostile
 * leaves mixed in — text PostgreSQL cannot store, numbers past any column, wrong types, very long
 * strings — plus hostile raw bodies (12,000-deep nesting) and raw URL components (`%00`, `%ZZ`, an
 * encoded lone surrogate). The point is to get past validation often enough to reach the handlers.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

/** Leaves no storage can take, no column can hold, or no schema expects. */
export const HOSTILE_LEAF: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  'x\u0000',
  'x\ud800',
  '\udc00y',
  'e\u0301',
  '𠮷',
  '',
  ' ',
  'a'.repeat(5000),
  "' or 1=1 --",
  '%ZZ',
  '../..',
  '\u202e',
  '\uFEFF',
  1e20,
  1e308,
  -1e308,
  2147483648,
  -2147483649,
  1.5,
  -1,
  0,
  2 ** 53 + 2,
  null,
  true,
  [],
  {},
  { __proto__x: 1 },
);

/** Raw bodies that are JSON but not what anyone expects. */
export const HOSTILE_RAW_BODY: fc.Arbitrary<string> = fc.constantFrom(
  `${'['.repeat(12_000)}${']'.repeat(12_000)}`,
  `${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}`,
  '"\\u0000"',
  '"\\ud800"',
  '{"\\ud800":1}',
  '1e308',
  '-99999999999999999999',
  'null',
  '[]',
  '{"__proto__":{"x":1}}',
  '{',
  '',
);

/** Raw (already percent-encoded, or deliberately not) URL components. */
export const HOSTILE_URL_PART: fc.Arbitrary<string> = fc.constantFrom(
  '%00',
  'a%00b',
  '%ZZ',
  '%E0%A4',
  '%ED%A0%80',
  '%C0%AF',
  '1e308',
  '99999999999999999999',
  '-1',
  '0',
  '1.5',
  'a'.repeat(300),
  'a'.repeat(5000),
  '%F0%A0%AE%B7',
  'e%CC%81',
  '..%2F..',
  '%2e%2e',
  'x\ud800',
  'null',
  'true',
  '%20',
);

const ISO = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Characters PostgreSQL cannot store (or, leading, PGlite does not read back), to hide inside otherwise valid text. */
const UNSTORABLE = fc.constantFrom('\u0000', '\ud800', '\udc00', '\ufeff');
/** Numbers of the right type that no int4 (or no double, exactly) holds. */
const HUGE_NUMBER = fc.constantFrom(1e20, 1e308, -1e308, 2147483648, -2147483649, 2 ** 53 + 2);

/**
 * A value `schema` accepts, most of the time; otherwise hostile of the expected type (valid text with
 * NUL or a lone surrogate inside, a number past every column), and now and then anything at all.
 */
export function valueFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const leaf = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: HOSTILE_LEAF });
  const text = (valid: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 10, arbitrary: valid },
      {
        weight: 3,
        arbitrary: fc
          .tuple(valid, UNSTORABLE, fc.nat())
          .map(([v, bad, at]) => `${v.slice(0, at % (v.length + 1))}${bad}${v.slice(at % (v.length + 1))}`),
      },
      { weight: 1, arbitrary: HOSTILE_LEAF },
    );
  const number = (valid: fc.Arbitrary<number>) =>
    fc.oneof(
      { weight: 10, arbitrary: valid },
      { weight: 3, arbitrary: HUGE_NUMBER },
      { weight: 1, arbitrary: HOSTILE_LEAF },
    );
  if (schema === null || typeof schema !== 'object') return HOSTILE_LEAF;
  const s = schema as Schema;
  if ('const' in s) return leaf(fc.constant(s.const));
  if (Array.isArray(s.enum)) return leaf(fc.constantFrom(...(s.enum as unknown[])));
  for (const key of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(s[key])) return fc.oneof(...(s[key] as unknown[]).map((x) => valueFor(x, depth)));
  if (Array.isArray(s.allOf))
    return fc
      .tuple(...(s.allOf as unknown[]).map((x) => valueFor(x, depth)))
      .map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object')));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return text(fc.uuid());
      if (s.format === 'date-time') return text(ISO);
      if (typeof s.pattern === 'string')
        return text(
          fc
            .stringMatching(new RegExp(s.pattern))
            .filter((v) => v.length <= ((s.maxLength as number | undefined) ?? 1e9)),
        );
      return text(
        fc.string({
          minLength: Math.max((s.minLength as number | undefined) ?? 0, 1),
          maxLength: Math.min((s.maxLength as number | undefined) ?? 20, 20),
        }),
      );
    }
    case 'integer':
      return number(
        fc.integer({
          min: Math.max((s.minimum as number | undefined) ?? -1000, -1e6),
          max: Math.min((s.maximum as number | undefined) ?? 1000, 1e6),
        }),
      );
    case 'number':
      return number(
        fc.double({
          min: Math.max((s.minimum as number | undefined) ?? -1000, -1e6),
          max: Math.min((s.maximum as number | undefined) ?? 1000, 1e6),
          noNaN: true,
        }),
      );
    case 'boolean':
      return leaf(fc.boolean());
    case 'null':
      return leaf(fc.constant(null));
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const min = (s.minItems as number | undefined) ?? 0;
      return leaf(
        fc.array(valueFor(s.items, depth + 1), {
          minLength: min,
          maxLength: Math.max(min, Math.min((s.maxItems as number | undefined) ?? 3, 3)),
        }),
      );
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(properties)) record[name] = valueFor(sub, depth + 1);
      const known = fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
      const extra = s.patternProperties
        ? fc.dictionary(
            fc.string({ maxLength: 8 }),
            valueFor(Object.values(s.patternProperties as object)[0], depth + 1),
            { maxKeys: 2 },
          )
        : fc.constant({});
      return leaf(fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a })));
    }
    default:
      return fc.oneof(fc.jsonValue({ maxDepth: 2 }), HOSTILE_LEAF);
  }
}

/** A URL component for a value: percent-encoded when it can be, raw when it has no UTF-8 form. */
export function urlPart(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}
