import { describe, expect, it } from 'vitest';
import { ACTIONS, can, decide, type Action, type Resource } from './policy.ts';
import { ROLES, type Actor, type Role } from './roles.ts';

const actorOf = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}`,
  username: role.toLowerCase(),
  roles: [role],
  permissions: ['PII_VIEW'],
  departmentCode: 'ZH_ZJJ',
  regionCode: '440400',
  orgUscc: role === 'APPLICANT' ? '91440400MA00000001' : null,
  ...over,
});

/** A resource inside the actor's own scope for each action. */
function ownResource(action: Action, actor: Actor): Resource {
  const mine = { departmentCode: actor.departmentCode, regionCode: actor.regionCode, ownerUscc: actor.orgUscc ?? 'X' };
  if (action.startsWith('project.')) return { kind: 'project', regionCode: mine.regionCode, ownerUscc: mine.ownerUscc };
  if (
    action.startsWith('case.') ||
    action.startsWith('anomaly.') ||
    action === 'supervision.act' ||
    action === 'pii.unmask'
  ) {
    return {
      kind: 'case',
      ...mine,
      stageDepartments: [actor.departmentCode],
      leadDepartmentCode: actor.departmentCode,
    };
  }
  if (action.startsWith('user.')) {
    const roles: Role[] = actor.roles.includes('SYSTEM_ADMIN') ? ['DEPT_ADMIN'] : ['REVIEWER'];
    return { kind: 'user', departmentCode: mine.departmentCode, regionCode: mine.regionCode, roles };
  }
  if (action === 'supervision.read' || action === 'supervision.configure' || action === 'report.archive')
    return { kind: 'region', regionCode: mine.regionCode };
  if (action === 'audit.read') return { kind: 'audit' };
  if (action === 'calendar.read') return { kind: 'public' };
  return { kind: 'platform' };
}

/** Expected: the actions each role may take on a resource in its own scope. Everything else is denied. */
const EXPECTED: Record<Role, readonly Action[]> = {
  APPLICANT: ['project.read', 'project.write', 'case.read', 'calendar.read'],
  WINDOW: ['project.read', 'case.read', 'case.opinion.read', 'case.intake', 'pii.unmask', 'calendar.read'],
  REVIEWER: [
    'project.read',
    'case.read',
    'case.opinion.read',
    'case.review',
    'case.coordinate',
    'anomaly.read',
    'anomaly.explain',
    'pii.unmask',
    'calendar.read',
  ],
  DEPT_HEAD: [
    'project.read',
    'case.read',
    'case.opinion.read',
    'case.review',
    'case.decide',
    'case.coordinate',
    'anomaly.read',
    'anomaly.explain',
    'pii.unmask',
    'calendar.read',
  ],
  DEPT_ADMIN: ['user.read', 'user.create', 'user.update', 'user.reset-password', 'calendar.read'],
  SUPERVISOR: [
    'project.read',
    'case.read',
    'case.opinion.read',
    'supervision.read',
    'supervision.act',
    'supervision.configure',
    'anomaly.read',
    'report.archive',
    'sync.read',
    'sync.resend',
    'user.read',
    'pii.unmask',
    'calendar.read',
  ],
  SYSTEM_ADMIN: [
    'user.read',
    'user.create',
    'user.update',
    'user.reset-password',
    'system.config',
    'calendar.read',
    'calendar.manage',
  ],
  SECURITY_ADMIN: ['user.read', 'user.reset-password', 'security.policy', 'calendar.read'],
  AUDIT_ADMIN: ['audit.read', 'calendar.read'],
  DEVELOPER: ['process.deploy', 'calendar.read'],
};

describe('can — the role × action matrix', () => {
  const rows = ROLES.flatMap((role) =>
    ACTIONS.map((action) => ({ role, action, allowed: EXPECTED[role].includes(action) })),
  );
  it.each(rows)('$role $action → $allowed', ({ role, action, allowed }) => {
    // given an actor of the role and a resource in its own scope
    const actor = actorOf(role);
    // when / then
    expect(can(actor, action, ownResource(action, actor))).toBe(allowed);
  });

  it("the three platform admins see nothing of each other's area (三员分立)", () => {
    const areas: Record<string, Action[]> = {
      SYSTEM_ADMIN: ['system.config'],
      SECURITY_ADMIN: ['security.policy'],
      AUDIT_ADMIN: ['audit.read'],
    };
    for (const role of ['SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN'] as const) {
      for (const [other, actions] of Object.entries(areas)) {
        for (const action of actions)
          expect(can(actorOf(role), action, ownResource(action, actorOf(role)))).toBe(other === role);
      }
      for (const action of ACTIONS.filter(
        (a) => a.startsWith('case.') || a.startsWith('project.') || a === 'pii.unmask',
      )) {
        expect(can(actorOf(role), action, ownResource(action, actorOf(role)))).toBe(false);
      }
    }
  });
});

describe('can — scope', () => {
  const xzReviewer = actorOf('REVIEWER', { departmentCode: 'XZ_ZJJ', regionCode: '440402' });
  const caseIn = (departmentCode: string, regionCode: string, stageDepartments: string[] = []): Resource => ({
    kind: 'case',
    departmentCode,
    regionCode,
    ownerUscc: 'U1',
    stageDepartments,
  });

  it('supervision: a district supervisor reads its own district only and archives nothing; a department explains only its own flags', () => {
    const district = actorOf('SUPERVISOR', { departmentCode: 'DM_GGB', regionCode: '440403' });
    expect(can(district, 'supervision.read', { kind: 'region', regionCode: '440403' })).toBe(true);
    expect(can(district, 'supervision.read', { kind: 'region', regionCode: '440402' })).toBe(false);
    expect(can(district, 'supervision.read', { kind: 'region', regionCode: '440400' })).toBe(false);
    expect(can(actorOf('SUPERVISOR'), 'supervision.read', { kind: 'region', regionCode: '440403' })).toBe(true);
    expect(can(district, 'report.archive', { kind: 'region', regionCode: '440403' })).toBe(false);
    expect(can(district, 'supervision.configure', { kind: 'region', regionCode: '440403' })).toBe(false);
    expect(can(actorOf('SUPERVISOR'), 'report.archive', { kind: 'region', regionCode: '440400' })).toBe(true);
    expect(
      can(actorOf('REVIEWER', { departmentCode: 'ZH_ZRZYJ' }), 'anomaly.explain', caseIn('ZH_ZJJ', '440400')),
    ).toBe(false);
    expect(can(actorOf('REVIEWER'), 'anomaly.explain', caseIn('ZH_ZJJ', '440400'))).toBe(true);
    expect(can(actorOf('SUPERVISOR'), 'anomaly.explain', caseIn('ZH_ZJJ', '440400'))).toBe(false);
  });

  it('a district sees only its own region; the city sees all', () => {
    expect(can(xzReviewer, 'case.read', caseIn('XZ_ZJJ', '440402'))).toBe(true);
    expect(can(xzReviewer, 'case.read', caseIn('XZ_ZJJ', '440403'))).toBe(false);
    expect(can(actorOf('SUPERVISOR'), 'case.read', caseIn('DM_ZJJ', '440403'))).toBe(true);
    expect(can(actorOf('SUPERVISOR', { regionCode: '440402' }), 'case.read', caseIn('DM_ZJJ', '440403'))).toBe(false);
  });

  it('a department acts on its own items and only reads co-stage opinions', () => {
    const reviewer = actorOf('REVIEWER', { departmentCode: 'ZH_ZRZYJ' });
    const other = caseIn('ZH_ZJJ', '440400', ['ZH_ZJJ', 'ZH_ZRZYJ']);
    expect(can(reviewer, 'case.opinion.read', other)).toBe(true);
    expect(can(reviewer, 'case.read', other)).toBe(false);
    expect(can(reviewer, 'case.review', other)).toBe(false);
    expect(can(reviewer, 'case.opinion.read', caseIn('ZH_ZJJ', '440400', ['ZH_ZJJ']))).toBe(false);
  });

  it("applicants see only their own organisation's projects", () => {
    const applicant = actorOf('APPLICANT');
    expect(
      can(applicant, 'project.read', { kind: 'project', regionCode: '440402', ownerUscc: '91440400MA00000001' }),
    ).toBe(true);
    expect(
      can(applicant, 'project.read', { kind: 'project', regionCode: '440402', ownerUscc: '91440400MA00000002' }),
    ).toBe(false);
  });

  it("department admins manage only their own department's staff roles", () => {
    const admin = actorOf('DEPT_ADMIN');
    expect(
      can(admin, 'user.create', {
        kind: 'user',
        departmentCode: 'ZH_ZJJ',
        regionCode: '440400',
        roles: ['REVIEWER', 'DEPT_HEAD'],
      }),
    ).toBe(true);
    expect(
      can(admin, 'user.create', {
        kind: 'user',
        departmentCode: 'ZH_ZRZYJ',
        regionCode: '440400',
        roles: ['REVIEWER'],
      }),
    ).toBe(false);
    expect(
      can(admin, 'user.create', {
        kind: 'user',
        departmentCode: 'ZH_ZJJ',
        regionCode: '440400',
        roles: ['DEPT_ADMIN'],
      }),
    ).toBe(false);
    expect(
      can(admin, 'user.update', {
        kind: 'user',
        departmentCode: 'ZH_ZJJ',
        regionCode: '440400',
        roles: ['SECURITY_ADMIN'],
      }),
    ).toBe(false);
  });

  it('the system admin provisions department admins but no platform admin', () => {
    const sys = actorOf('SYSTEM_ADMIN', { departmentCode: 'ZH_GGB' });
    expect(
      can(sys, 'user.create', { kind: 'user', departmentCode: 'XZ_ZJJ', regionCode: '440402', roles: ['DEPT_ADMIN'] }),
    ).toBe(true);
    expect(
      can(sys, 'user.create', { kind: 'user', departmentCode: 'ZH_GGB', regionCode: '440400', roles: ['AUDIT_ADMIN'] }),
    ).toBe(false);
    expect(
      can(sys, 'user.create', { kind: 'user', departmentCode: 'ZH_ZJJ', regionCode: '440400', roles: ['REVIEWER'] }),
    ).toBe(false);
  });

  it('unmasking needs PII_VIEW besides the role', () => {
    const window = actorOf('WINDOW', { permissions: [] });
    expect(decide(window, 'pii.unmask', caseIn('ZH_ZJJ', '440400'))).toEqual({
      allowed: false,
      reason: 'NO_PERMISSION',
    });
  });

  it('refuses an action on the wrong kind of resource', () => {
    expect(decide(actorOf('AUDIT_ADMIN'), 'audit.read', { kind: 'platform' })).toEqual({
      allowed: false,
      reason: 'WRONG_RESOURCE',
    });
  });
});
