import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { textFault, toStorableJson, toStorableText, withoutLeadingBom } from './storable-text.ts';
import { canonicalJson } from '../crypto/chain-hash.ts';

describe('storable text', () => {
  it.each([
    ['plain', 'abc 珠海 𠮷', null],
    ['NUL', 'a\u0000b', 'NUL'],
    ['lone high surrogate', 'x\ud800', 'LONE_SURROGATE'],
    ['lone low surrogate', '\udc00y', 'LONE_SURROGATE'],
    ['reversed pair', '\udc00\ud800', 'LONE_SURROGATE'],
    ['a pair (astral)', '\ud842\udfb7', null],
  ])('%s', (_name, text, fault) => {
    expect(textFault(text)).toBe(fault);
    expect(textFault(toStorableText(text))).toBeNull();
  });

  it('leaves storable text alone and replaces only what cannot be stored or read back', () => {
    expect(toStorableText('珠海 𠮷')).toBe('珠海 𠮷');
    expect(toStorableText('a\u0000b\ud800c\udfffd')).toBe('a\ufffdb\ufffdc\ufffdd');
    // a leading byte-order mark: PGlite's decoder drops it when reading text back; one inside stays
    expect(toStorableText('\ufeff\ufeffa\ufeffb')).toBe('\ufffd\ufffda\ufeffb');
    expect(withoutLeadingBom('\ufeff\ufeffa\ufeffb')).toBe('a\ufeffb');
  });

  it('gives JSON exactly as it comes back from a JSON round trip, with storable strings and keys', () => {
    // given
    const value = {
      at: new Date('2026-06-01T00:00:00Z'),
      n: 10n,
      skip: undefined,
      inf: Infinity,
      'k\ud800': ['\u0000'],
      __proto__x: 1,
    };
    // then
    expect(toStorableJson(value)).toEqual({
      at: '2026-06-01T00:00:00.000Z',
      n: '10',
      inf: null,
      'k\ufffd': ['\ufffd'],
      __proto__x: 1,
    });
    expect(toStorableJson(undefined)).toBeNull();
  });

  it('is idempotent and its canonical JSON survives a round trip (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const stored = toStorableJson({ value, text });
        expect(toStorableJson(stored)).toEqual(stored);
        expect(canonicalJson(JSON.parse(JSON.stringify(stored)))).toBe(canonicalJson(stored));
      }),
      { numRuns: 300 },
    );
  });
});
