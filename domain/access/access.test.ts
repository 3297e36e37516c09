import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { maskIdNumber, maskPhone } from './masking.ts';
import {
  assertPasswordStrength,
  isLocked,
  isPasswordExpired,
  NO_FAILURES,
  registerFailure,
  type FailureState,
} from './password-policy.ts';
import { sessionState } from './session-policy.ts';
import { validateRoleSet } from './roles.ts';
import { isLeadDepartment, leadDepartmentFor } from './lead-department.ts';
import { ZHUHAI_DEPARTMENTS_FIXTURE } from './departments.fixture.ts';

const at = (iso: string) => new Date(iso);

describe('masking', () => {
  it('masks ID numbers and phones the way BRIEF §7 shows', () => {
    expect(maskIdNumber('440402199001011234')).toBe('440402********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber('123')).toBe('***');
  });
});

describe('password policy', () => {
  it.each([
    ['Zhuhai@2026', true],
    ['zhuhai2026', false],
    ['Short1!', false],
    ['ALLUPPER123', false],
    ['lower-and-1', true],
    ['abcdEFGH', false],
  ])('%s strong: %s', (password, ok) => {
    const run = () => assertPasswordStrength(password);
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(DomainError);
  });

  it('refuses a password containing the username, naming the field', () => {
    try {
      assertPasswordStrength('Reviewer#2026', { username: 'reviewer' });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('PASSWORD_TOO_WEAK');
      expect((e as DomainError).details?.field).toBe('newPassword');
    }
  });

  it('expires after 90 days', () => {
    expect(isPasswordExpired(at('2026-01-01T00:00:00Z'), at('2026-03-31T23:59:59Z'))).toBe(false);
    expect(isPasswordExpired(at('2026-01-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(true);
  });

  it('locks on the 5th failure within 15 minutes, for 30 minutes', () => {
    // given four failures a minute apart
    let state: FailureState = NO_FAILURES;
    for (let i = 0; i < 4; i += 1) state = registerFailure(state, at(`2026-06-01T08:0${i}:00Z`));
    expect(isLocked(state, at('2026-06-01T08:04:00Z'))).toBe(false);
    // when the fifth comes
    state = registerFailure(state, at('2026-06-01T08:04:00Z'));
    // then locked until 08:34
    expect(isLocked(state, at('2026-06-01T08:33:59Z'))).toBe(true);
    expect(isLocked(state, at('2026-06-01T08:34:00Z'))).toBe(false);
    // and a failure after the lock starts a new window
    expect(registerFailure(state, at('2026-06-01T08:35:00Z')).failedCount).toBe(1);
  });

  it('failures spread over more than 15 minutes do not lock', () => {
    let state: FailureState = NO_FAILURES;
    for (let i = 0; i < 10; i += 1) state = registerFailure(state, new Date(Date.UTC(2026, 5, 1, 8, i * 4)));
    expect(isLocked(state, at('2026-06-01T08:40:00Z'))).toBe(false);
  });
});

describe('session policy', () => {
  const created = at('2026-06-01T08:00:00Z');
  it('idle after 30 minutes, absolute after 12 hours', () => {
    expect(sessionState({ createdAt: created, lastSeenAt: created, revokedAt: null }, at('2026-06-01T08:29:59Z'))).toBe(
      'active',
    );
    expect(sessionState({ createdAt: created, lastSeenAt: created, revokedAt: null }, at('2026-06-01T08:30:00Z'))).toBe(
      'idle-expired',
    );
    expect(
      sessionState(
        { createdAt: created, lastSeenAt: at('2026-06-01T19:59:00Z'), revokedAt: null },
        at('2026-06-01T20:00:00Z'),
      ),
    ).toBe('absolute-expired');
    expect(sessionState({ createdAt: created, lastSeenAt: created, revokedAt: created }, created)).toBe('revoked');
  });
});

describe('roles', () => {
  it('三员分立: refuses two platform admin roles or a platform role with a business one', () => {
    expect(() => validateRoleSet(['SYSTEM_ADMIN', 'AUDIT_ADMIN'])).toThrow(/三员分立/);
    expect(() => validateRoleSet(['SECURITY_ADMIN', 'REVIEWER'])).toThrow(DomainError);
    expect(() => validateRoleSet(['APPLICANT', 'REVIEWER'])).toThrow(DomainError);
    expect(() => validateRoleSet([])).toThrow(DomainError);
    expect(() => validateRoleSet(['REVIEWER', 'DEPT_HEAD'])).not.toThrow();
  });
});

describe('lead department', () => {
  it('is the district branch of the stage lead in a district, the city department in the city', () => {
    expect(leadDepartmentFor('ZH_ZJJ', '440400', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe('ZH_ZJJ');
    expect(leadDepartmentFor('ZH_ZJJ', '440402', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe('XZ_ZJJ');
    expect(leadDepartmentFor('ZH_ZRZYJ', '440402', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe('XZ_ZRZY');
    expect(leadDepartmentFor('ZH_ZRZYJ', '440403', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe('ZH_ZRZYJ');
    const xz = {
      userId: 'u',
      username: 'x',
      roles: ['REVIEWER'] as const,
      permissions: [],
      departmentCode: 'XZ_ZJJ',
      regionCode: '440402',
    };
    expect(isLeadDepartment(xz, 'ZH_ZJJ', '440402', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe(true);
    expect(isLeadDepartment(xz, 'ZH_ZJJ', '440400', ZHUHAI_DEPARTMENTS_FIXTURE)).toBe(false);
  });
});
