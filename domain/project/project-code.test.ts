import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { assertProjectCode, engineeringCode, parseProjectCode, verifyProjectCode } from './project-code.ts';
import { createFakeProjectCodeVerifier } from './project-code-verifier.fake.ts';

const now = new Date('2026-11-28T10:00:00+08:00');

describe('parseProjectCode', () => {
  it.each([
    [
      'a new Zhuhai code',
      '2304-440402-04-01-123456',
      { ok: true, kind: 'new', yearMonth: '2023-04', regionCode: '440402', warnings: [] },
    ],
    [
      'a legacy Zhuhai code',
      '2018-440400-47-03-000123',
      { ok: true, kind: 'legacy', year: 2018, regionCode: '440400', warnings: [] },
    ],
    [
      'a city-level Zhuhai code',
      '2501-440400-04-01-000001',
      { ok: true, kind: 'new', yearMonth: '2025-01', regionCode: '440400', warnings: [] },
    ],
    [
      'a 金湾 code of the first new-format month',
      '2011-440404-04-01-000001',
      { ok: true, kind: 'new', yearMonth: '2020-11', regionCode: '440404', warnings: [] },
    ],
    [
      'a code of the current month',
      '2611-440404-04-01-000001',
      { ok: true, kind: 'new', yearMonth: '2026-11', regionCode: '440404', warnings: [] },
    ],
  ])('accepts %s', (_name, code, expected) => {
    // given / when / then
    expect(parseProjectCode(code, now)).toEqual(expected);
  });

  it.each([
    ['month 13', '2313-440402-04-01-123456', 'PROJECT_CODE_DATE'],
    ['month 00', '2300-440402-04-01-123456', 'PROJECT_CODE_DATE'],
    ['a future month', '2712-440402-04-01-123456', 'PROJECT_CODE_DATE'],
    ['next month', '2612-440402-04-01-123456', 'PROJECT_CODE_DATE'],
    ['a short segment', '2304-44040-04-01-123456', 'PROJECT_CODE_FORMAT'],
    ['letters', '2304-440402-AB-01-123456', 'PROJECT_CODE_FORMAT'],
    ['no hyphens', '230444040204011234567', 'PROJECT_CODE_FORMAT'],
    ['an empty string', '', 'PROJECT_CODE_FORMAT'],
    ['no province 99', '2304-990000-04-01-123456', 'PROJECT_CODE_REGION'],
    ['a prefix outside 11..65 (71)', '2304-710000-04-01-123456', 'PROJECT_CODE_REGION'],
    ['an unknown Guangdong code (440499)', '2304-440499-04-01-123456', 'PROJECT_CODE_REGION'],
    ['an abolished Guangdong code (440116 萝岗区)', '2304-440116-04-01-123456', 'PROJECT_CODE_REGION'],
    ['a legacy year with an unknown Guangdong code', '2019-440401-47-03-000123', 'PROJECT_CODE_REGION'],
  ])('refuses %s', (_name, code, error) => {
    // given / when
    const parsed = parseProjectCode(code, now);
    // then
    expect(parsed).toMatchObject({ ok: false, code: error });
  });

  it('warns, not refuses, outside Zhuhai', () => {
    // given a Dongguan code
    // when parsed
    const parsed = parseProjectCode('2304-441900-04-01-135254', now);
    // then it is accepted with one warning
    expect(parsed).toMatchObject({ ok: true, kind: 'new', regionCode: '441900' });
    expect(parsed.ok && parsed.warnings).toHaveLength(1);
  });

  it('warns outside Guangdong', () => {
    // given / when
    const parsed = parseProjectCode('2304-110105-04-01-135254', now);
    // then
    expect(parsed.ok && parsed.warnings[0]).toContain('不属于广东省');
  });

  it('reads `now` in Asia/Shanghai', () => {
    // given 2026-11-30T16:30Z, which is already 2026-12-01 in Zhuhai
    const late = new Date('2026-11-30T16:30:00Z');
    // when a December code is parsed
    // then it is not in the future
    expect(parseProjectCode('2612-440402-04-01-123456', late).ok).toBe(true);
  });
});

describe('assertProjectCode', () => {
  it('throws a DomainError on the field projectCode', () => {
    // given / when
    const thrown = (() => {
      try {
        assertProjectCode('2313-440402-04-01-123456', now);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // then
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'PROJECT_CODE_DATE', details: { field: 'projectCode' } });
  });

  it('returns the parsed code when valid', () => {
    // given / when / then
    expect(assertProjectCode('2304-440402-04-01-123456', now).kind).toBe('new');
  });
});

describe('engineeringCode', () => {
  it('appends a three-digit sequence', () => {
    // given / when / then
    expect(engineeringCode('2304-440402-04-01-123456', 7)).toBe('2304-440402-04-01-123456-007');
  });

  it('refuses a bad sequence or project code', () => {
    // given / when / then
    expect(() => engineeringCode('2304-440402-04-01-123456', 0)).toThrow(
      expect.objectContaining({ code: 'ENGINEERING_CODE_SEQUENCE' }),
    );
    expect(() => engineeringCode('bad', 1)).toThrow(expect.objectContaining({ code: 'PROJECT_CODE_FORMAT' }));
  });
});

describe('createFakeProjectCodeVerifier', () => {
  it('verifies known codes with their master data and refuses others', async () => {
    // given one known project
    const verifier = createFakeProjectCodeVerifier({
      '2304-440402-04-01-123456': {
        projectName: '香洲某住宅项目',
        ownerName: '珠海某置业有限公司',
        ownerUscc: '91440400MA0000000X',
      },
    });
    // when both codes are verified
    const known = await verifier.verify('2304-440402-04-01-123456');
    const unknown = await verifier.verify('2304-440402-04-01-654321');
    // then
    expect(known).toEqual({
      valid: true,
      projectName: '香洲某住宅项目',
      ownerName: '珠海某置业有限公司',
      ownerUscc: '91440400MA0000000X',
    });
    expect(unknown.valid).toBe(false);
    expect(unknown.reason).toBeTruthy();
  });
});

describe('verifyProjectCode', () => {
  const verifier = createFakeProjectCodeVerifier({
    '2304-440402-04-01-123456': { projectName: '香洲某住宅项目', ownerName: '珠海某置业有限公司' },
  });

  it('checks the format, then asks the platform', async () => {
    // given / when
    const { parsed, verification } = await verifyProjectCode('2304-440402-04-01-123456', now, verifier);
    // then
    expect(parsed.kind).toBe('new');
    expect(verification.projectName).toBe('香洲某住宅项目');
  });

  it('refuses a code the platform does not know, and a malformed one before asking', async () => {
    // given / when / then
    await expect(verifyProjectCode('2304-440402-04-01-654321', now, verifier)).rejects.toMatchObject({
      code: 'PROJECT_CODE_UNVERIFIED',
      details: { field: 'projectCode' },
    });
    await expect(verifyProjectCode('2313-440402-04-01-123456', now, verifier)).rejects.toMatchObject({
      code: 'PROJECT_CODE_DATE',
    });
  });
});
