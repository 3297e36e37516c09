/**
 * 输入文本 — the one rule for text entering the API, wherever it comes from (body, query, path,
 * headers): text PostgreSQL cannot store (NUL, a lone UTF-16 surrogate; infra/db/storable-text.ts) is
 * refused naming the field, and everything else is normalised to Unicode NFC, so that storage,
 * lookups, uniqueness and the audit hash all see one form of the same name (decision: api/README.md).
 */
import { textFault, withoutLeadingBom } from '../../infra/db/storable-text.ts';
import { EdgeRefusal } from './edge-refusal.ts';

// eslint-disable-next-line no-control-regex -- the ASCII range: NFC leaves it alone
const NON_ASCII = /[^\u0000-\u007f]/;

export function invalidCharacters(field: string, fault: 'NUL' | 'LONE_SURROGATE'): EdgeRefusal {
  const what = fault === 'NUL' ? '空字符 NUL (U+0000)' : '不成对的 UTF-16 代理项';
  return new EdgeRefusal(400, 'INVALID_CHARACTERS', `${field} 含有无法保存的字符：${what}`, field);
}

/**
 * `s` in NFC without leading byte-order marks (they carry no text, and PGlite drops one when it reads
 * the value back), or an INVALID_CHARACTERS refusal naming `field`.
 */
export function cleanText(s: string, field: string): string {
  const fault = textFault(s);
  if (fault) throw invalidCharacters(field, fault);
  return NON_ASCII.test(s) ? withoutLeadingBom(s).normalize('NFC') : s;
}

/** A field name safe to show and store even when it comes from a hostile key. */
export function fieldName(key: string): string {
  return textFault(key) ? JSON.stringify(key).slice(1, -1) : key;
}
