import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanJsonBody, nestsDeeperThan } from './json-body.parser.ts';
import { EdgeRefusal } from './edge-refusal.ts';

/** Depth of a parsed value, the slow and obvious way. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const refusal = (fn: () => unknown): EdgeRefusal => {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdgeRefusal) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('JSON body depth pre-scan', () => {
  it.each([
    ['flat', '{"a":1}', 1, false],
    ['at the limit', '[[[]]]', 3, false],
    ['past the limit', '[[[[]]]]', 3, true],
    ['brackets inside a string', '{"a":"[[[[[[["}', 1, false],
    ['an escaped quote inside a string', '{"a":"\\"[[[[["}', 1, false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\"}', 1, false],
    ['a deep value after a tricky string', '{"a":"\\\\","b":[[[]]]}', 3, true],
  ])('%s', (_name, text, max, deeper) => {
    expect(nestsDeeperThan(text, max)).toBe(deeper);
  });

  it('agrees with the depth of the parsed value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(nestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });
});

describe('JSON body walk', () => {
  it('names the field of a string PostgreSQL cannot store', () => {
    expect(refusal(() => cleanJsonBody({ items: [{ name: 'ok' }, { name: 'x\ud800' }] }))).toMatchObject({
      code: 'INVALID_CHARACTERS',
      field: 'body.items.1.name',
    });
    expect(refusal(() => cleanJsonBody({ ['a\u0000']: 1 }))).toMatchObject({ field: 'body.a\\u0000' });
    expect(refusal(() => cleanJsonBody('\u0000'))).toMatchObject({ field: 'body' });
  });

  it('normalises string values to NFC in place and leaves numbers alone', () => {
    const body = { name: 'Ame\u0301lie', list: ['e\u0301', 1, null, true] };
    expect(cleanJsonBody(body)).toEqual({ name: 'Am\u00e9lie', list: ['\u00e9', 1, null, true] });
  });

  it('counts values without recursion', () => {
    expect(refusal(() => cleanJsonBody(Array(11).fill({ a: 1 }), { maxValues: 20 }))).toMatchObject({
      code: 'BODY_TOO_COMPLEX',
    });
    expect(() => cleanJsonBody(Array(5).fill({ a: 1 }), { maxValues: 20 })).not.toThrow();
  });
});
