import { describe, expect, it } from 'vitest';
import {
  InvalidCertificateIdentifierError,
  buildCertificateIdentifier,
  iso7064Mod3736,
  parseCertificateIdentifier,
  type CheckCharacterAlgorithm,
} from './certificate-identifier.ts';

const EXAMPLE = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
const parts = {
  typeCode: '11100000000013338W032',
  issuerCode: '11220000013544541J',
  sequence: '2430599',
  version: '001',
};

describe('e-certificate identifier', () => {
  it('reproduces the published example, check character included', () => {
    // given the segments of the published example / when built / then identical
    expect(buildCertificateIdentifier(parts)).toBe(EXAMPLE);
  });

  it('parses an identifier back into its segments', () => {
    expect(parseCertificateIdentifier(EXAMPLE)).toEqual({ valid: true, parts, checkChar: 'F' });
  });

  it('detects a changed character and a swapped pair', () => {
    // given the example with one digit changed, and with two adjacent digits swapped
    const changed = EXAMPLE.replace('2430599', '2430598');
    const swapped = EXAMPLE.replace('2430599', '2430959');
    // when parsed / then the check character fails
    expect(parseCertificateIdentifier(changed)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('check character'),
    });
    expect(parseCertificateIdentifier(swapped)).toMatchObject({ valid: false });
  });

  it('refuses malformed identifiers with a reason', () => {
    expect(parseCertificateIdentifier('1.2.156.3005.3.x')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('prefix'),
    });
    expect(parseCertificateIdentifier('1.2.156.3005.2.A.B.1.001.F')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('typeCode'),
    });
    expect(() => buildCertificateIdentifier({ ...parts, version: '1' })).toThrow(InvalidCertificateIdentifierError);
  });

  it('accepts another check-character algorithm', () => {
    // given a stand-in algorithm
    const zero: CheckCharacterAlgorithm = { name: 'always 0', compute: () => '0' };
    // when built and parsed with it / then it is used both ways
    const id = buildCertificateIdentifier(parts, zero);
    expect(id.endsWith('.0')).toBe(true);
    expect(parseCertificateIdentifier(id, zero).valid).toBe(true);
    expect(parseCertificateIdentifier(id, iso7064Mod3736).valid).toBe(false);
  });
});
