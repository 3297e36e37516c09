/**
 * 哈希链 — the hash of an append-only log row: H(prev_hash || canonical(row)), H = SM3 when this Node
 * offers it (it does from OpenSSL 1.1.1), else SHA-256. The algorithm is stored with each row so a
 * verifier on another machine recomputes with the same one.
 *
 * The hash input is the UTF-8 bytes of `prev_hash`, a newline and the canonical JSON of the row. For
 * any text PostgreSQL can store (Unicode without NUL) that encoding is one-to-one, so a row read back
 * hashes as it did when written — provided the row hashed is the row stored: the audit log hashes
 * the storable form (infra/db/storable-text.ts), never text the database would change or refuse.
 * (Before that, a lone surrogate was hashed as its `\ud800` escape but stored as U+FFFD.) The
 * encoding itself has not changed since the first row, so every row verifies with this function.
 */
import { createHash, getHashes } from 'node:crypto';

export type ChainHashAlgorithm = 'sm3' | 'sha256';

export const CHAIN_HASH_ALGORITHM: ChainHashAlgorithm = getHashes().includes('sm3') ? 'sm3' : 'sha256';

/** JSON with object keys sorted at every level; Dates as ISO strings; undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function chainHash(
  prevHash: string,
  row: unknown,
  algorithm: ChainHashAlgorithm = CHAIN_HASH_ALGORITHM,
): string {
  return createHash(algorithm).update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}
