/**
 * 电子证照标识 — the national e-certificate identifier (GB/T 36904-2018):
 *   1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<顺序号>.<版本号>.<校验位>
 * e.g. 1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F
 * - 类型代码 (type code): the defining authority's USCC (18) + a 3-digit type number.
 * - 颁发机构代码 (issuer code): the issuing authority's USCC (18).
 * - 顺序号 (sequence): digits; 版本号 (version): 3 digits; 校验位 (check character): [0-9A-Z].
 *
 * Check character — MUST BE CONFIRMED against the text of GB/T 36904. Secondary sources say it is
 * ISO/IEC 7064 MOD 37,36 (GB/T 17710); which characters it covers is our inference: computed over
 * type code + issuer code + sequence + version concatenated (no prefix, no dots), it reproduces the
 * published example's "F". The algorithm is a parameter so it can be swapped without other changes.
 */

export const CERTIFICATE_IDENTIFIER_PREFIX = '1.2.156.3005.2';

export interface CertificateIdentifierParts {
  typeCode: string;
  issuerCode: string;
  sequence: string;
  version: string;
}

export interface CheckCharacterAlgorithm {
  readonly name: string;
  /** The check character for the payload (type + issuer + sequence + version, concatenated). */
  compute(payload: string): string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 hybrid system MOD 37,36 over [0-9A-Z] (GB/T 17710-2008). */
export const iso7064Mod3736: CheckCharacterAlgorithm = {
  name: 'ISO/IEC 7064 MOD 37,36',
  compute(payload) {
    let p = 36;
    for (const char of payload.toUpperCase()) {
      const value = ALPHABET.indexOf(char);
      if (value < 0) throw new RangeError(`not a [0-9A-Z] character: "${char}"`);
      const s = (p + value) % 36 || 36;
      p = (s * 2) % 37;
    }
    return ALPHABET[(37 - p) % 36] as string;
  },
};

const SEGMENT = {
  typeCode: /^[0-9A-Z]{18}\d{3}$/,
  issuerCode: /^[0-9A-Z]{18}$/,
  sequence: /^\d{1,20}$/,
  version: /^\d{3}$/,
} as const;

export class InvalidCertificateIdentifierError extends Error {
  constructor(readonly reason: string) {
    super(`invalid e-certificate identifier: ${reason}`);
    this.name = 'InvalidCertificateIdentifierError';
  }
}

function payloadOf(parts: CertificateIdentifierParts): string {
  return `${parts.typeCode}${parts.issuerCode}${parts.sequence}${parts.version}`;
}

function segmentProblem(parts: CertificateIdentifierParts): string | undefined {
  for (const [name, pattern] of Object.entries(SEGMENT) as [keyof CertificateIdentifierParts, RegExp][]) {
    if (!pattern.test(parts[name])) return `${name} "${parts[name]}" does not match ${pattern.source}`;
  }
  return undefined;
}

/** Builds the identifier, check character included. Throws InvalidCertificateIdentifierError on a bad segment. */
export function buildCertificateIdentifier(
  parts: CertificateIdentifierParts,
  algorithm: CheckCharacterAlgorithm = iso7064Mod3736,
): string {
  const problem = segmentProblem(parts);
  if (problem) throw new InvalidCertificateIdentifierError(problem);
  const { typeCode, issuerCode, sequence, version } = parts;
  return `${CERTIFICATE_IDENTIFIER_PREFIX}.${typeCode}.${issuerCode}.${sequence}.${version}.${algorithm.compute(payloadOf(parts))}`;
}

export type ParsedCertificateIdentifier =
  { valid: true; parts: CertificateIdentifierParts; checkChar: string } | { valid: false; reason: string };

/** Splits and checks an identifier: prefix, each segment's form and the check character. */
export function parseCertificateIdentifier(
  identifier: string,
  algorithm: CheckCharacterAlgorithm = iso7064Mod3736,
): ParsedCertificateIdentifier {
  if (!identifier.startsWith(`${CERTIFICATE_IDENTIFIER_PREFIX}.`))
    return { valid: false, reason: `does not start with the prefix ${CERTIFICATE_IDENTIFIER_PREFIX}` };
  const rest = identifier.slice(CERTIFICATE_IDENTIFIER_PREFIX.length + 1).split('.');
  if (rest.length !== 5) return { valid: false, reason: `expected 5 segments after the prefix, found ${rest.length}` };
  const [typeCode, issuerCode, sequence, version, checkChar] = rest as [string, string, string, string, string];
  const parts = { typeCode, issuerCode, sequence, version };
  const problem = segmentProblem(parts);
  if (problem) return { valid: false, reason: problem };
  const expected = algorithm.compute(payloadOf(parts));
  if (checkChar !== expected)
    return { valid: false, reason: `check character "${checkChar}" should be "${expected}" (${algorithm.name})` };
  return { valid: true, parts, checkChar };
}
