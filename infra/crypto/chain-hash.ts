/**
 * 哈希链 — the hash of an append-only log row: H(prev_hash || canonical(row)), H = SM3 when this Node
 * offers it (it does from OpenSSL 1.1.1), else SHA-256. The algorithm is stored with each row so a
 * verifier on another machine recomputes with the same one.
 */
import { createHash, getHashes } from 'node:crypto';

export type ChainHashAlgorithm = 'sm3' | 'sha256';

export const CHAIN_HASH_ALGORITHM: ChainHashAlgorithm = getHashes().includes('sm3') ? 'sm3' : 'sha256';

/** JSON with object keys sorted at every level; Dates as ISO strings; undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function chainHash(prevHash: string, row: unknown, algorithm: ChainHashAlgorithm = CHAIN_HASH_ALGORITHM): string {
  return createHash(algorithm).update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}
