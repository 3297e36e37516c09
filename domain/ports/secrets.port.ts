/** Random values and the one-way digest under which the secret ones are stored (never the secret itself). */
export interface Secrets {
  /** A random UUID (accounts, sessions). */
  newId(): string;
  /** A one-time password that meets the password policy (every character class). */
  temporaryPassword(): string;
  /** An opaque token (a refresh token). */
  opaqueToken(): string;
  /** A one-time override code: 10 characters of an alphabet without look-alikes. */
  overrideCode(): string;
  /** The digest a token or code is stored and looked up by. */
  digest(secret: string): string;
}
