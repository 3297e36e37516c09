/** 个人信息加密 — personal data (ID numbers, phones) encrypted at rest, with a keyed blind index for equality search. */
export interface PiiCipher {
  encryptPii(plaintext: string): string;
  decryptPii(ciphertext: string): string;
  /** Deterministic keyed digest for lookups by equality. */
  blindIndex(value: string): string;
}
