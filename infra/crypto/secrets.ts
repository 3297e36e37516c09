/**
 * The secrets port (domain/ports/secrets.port.ts) on node:crypto: UUIDs, temporary passwords that
 * meet the password policy, opaque refresh tokens, one-time override codes, and the SHA-256 under
 * which tokens and codes are stored.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import { hashOpaqueToken, newOpaqueToken } from './access-token.ts';

const ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=@!'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters, every class present, shuffled — meets the password policy. */
export function temporaryPassword(): string {
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)]!);
  const all = ALPHABETS.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export const nodeSecrets: Secrets = {
  newId: () => randomUUID(),
  temporaryPassword,
  opaqueToken: newOpaqueToken,
  overrideCode: () => Array.from(randomBytes(10), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join(''),
  digest: hashOpaqueToken,
};
