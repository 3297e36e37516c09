/**
 * 文件摘要 — the digest of a certificate file. The standard asks for SM3 (GB/T 32905); Node's
 * OpenSSL build provides it on this platform. Where it does not, sha256 is used and said so in
 * the algorithm name, never silently.
 */
import { createHash, getHashes } from 'node:crypto';

export type FileHashAlgorithm = 'SM3' | 'SHA256';

export const FILE_HASH_ALGORITHM: FileHashAlgorithm = getHashes().includes('sm3') ? 'SM3' : 'SHA256';

/** Lower-case hex digest of the bytes, with FILE_HASH_ALGORITHM. */
export function fileHash(bytes: Uint8Array | string): string {
  return createHash(FILE_HASH_ALGORITHM === 'SM3' ? 'sm3' : 'sha256')
    .update(bytes)
    .digest('hex');
}
