/**
 * 可存储文本 — what PostgreSQL `text` and `jsonb` can hold: Unicode without U+0000. A JavaScript
 * string may hold two things that are not: NUL (PostgreSQL refuses the 0x00 byte in text and the
 * `\u0000` escape in jsonb) and a lone UTF-16 surrogate (no UTF-8 form: the drivers write U+FFFD
 * into a text column instead — silently — and jsonb refuses the `\ud800` escape). And one thing
 * PostgreSQL stores but a driver does not give back: a text value that starts with U+FEFF (a
 * byte-order mark) loses it when PGlite reads it (its UTF-8 decoder drops a leading BOM).
 *
 * The API refuses NUL and lone surrogates at the edge (`textFault`) and drops leading BOMs
 * (`withoutLeadingBom`); the audit log, which must never lose a record, stores the storable form
 * (`toStorableText` / `toStorableJson`: each of the three replaced by U+FFFD) and hashes exactly that.
 */

export type TextFault = 'NUL' | 'LONE_SURROGATE';

// eslint-disable-next-line no-control-regex -- NUL is exactly what we look for
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above
const NUL_G = /\u0000/g;
const LONE_SURROGATE_G = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LEADING_BOM = /^\ufeff+/;

/** Why PostgreSQL could not store `s` as it is, or null when it can. */
export function textFault(s: string): TextFault | null {
  if (NUL.test(s)) return 'NUL';
  if (LONE_SURROGATE.test(s)) return 'LONE_SURROGATE';
  return null;
}

/** `s` without the byte-order marks it starts with (PGlite would drop one when reading it back). */
export function withoutLeadingBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.replace(LEADING_BOM, '') : s;
}

/**
 * `s` as every driver reads it back: NUL, lone surrogates (what a driver writes for one) and leading
 * byte-order marks replaced by U+FFFD.
 */
export function toStorableText(s: string): string {
  const text = s.charCodeAt(0) === 0xfeff ? s.replace(LEADING_BOM, (boms) => '\ufffd'.repeat(boms.length)) : s;
  return textFault(text) === null ? text : text.replace(NUL_G, '\ufffd').replace(LONE_SURROGATE_G, '\ufffd');
}

/**
 * A JSON value exactly as jsonb will give it back: what JSON.stringify keeps (no undefined, no
 * functions; Dates as ISO strings; non-finite numbers as null; bigints as decimal strings), with every
 * string and key made storable. Hashing this value and storing it gives the same bytes back.
 */
export function toStorableJson(value: unknown): unknown {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return json === undefined ? null : clean(JSON.parse(json) as unknown);
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, toStorableText(k), {
        value: clean(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}
