/** 口令散列 — a slow, salted one-way hash of passwords; the stored form carries its parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time; false (never a throw) for a malformed stored hash. */
  verify(password: string, stored: string): Promise<boolean>;
}
