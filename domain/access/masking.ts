/**
 * 脱敏 — masking of personal data in responses (BRIEF §7): ID `440402********1234`, phone `138****5678`.
 * Unmasking needs PII_VIEW and is audited by the caller.
 */

/** 身份证号: keep the 6-digit region prefix and the last 4; anything shorter is fully masked. */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length < 11) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 手机号: keep the first 3 and the last 4 digits. */
export function maskPhone(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
