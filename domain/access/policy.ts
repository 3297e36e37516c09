/**
 * 权限 — who may do what to which resource (BRIEF §8), as data plus small scope functions, so a table
 * test can enumerate every role × action. `GRANTS[role][action]` names the scope rule that must hold
 * (and, for unmasking, the extra permission); an action missing from a role's row is denied.
 *
 * Scope rules: a district account sees only its own region (the city sees all); a department acts on
 * its own items and reads the other departments' opinions on the same stage application; applicants
 * see only their organisation's projects; department admins manage only their own department's staff;
 * the three platform admins each see only their own area (三员分立).
 */
import { DomainError } from '../errors.ts';
import { CITY_REGION, type Actor, type Permission, type Role } from './roles.ts';

export const ACTIONS = [
  'project.read',
  'project.write',
  'case.read',
  'case.opinion.read',
  'case.intake',
  'case.review',
  'case.decide',
  'case.coordinate',
  'supervision.read',
  'supervision.act',
  'supervision.configure',
  'anomaly.read',
  'anomaly.explain',
  'report.archive',
  'sync.read',
  'sync.resend',
  'user.read',
  'user.create',
  'user.update',
  'user.reset-password',
  'pii.unmask',
  'audit.read',
  'process.deploy',
  'system.config',
  'security.policy',
  'calendar.read',
  'calendar.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Resource =
  | { kind: 'project'; regionCode: string; ownerUscc: string }
  /** An item case (办件). `stageDepartments`: departments with items in the same stage application. */
  | {
      kind: 'case';
      departmentCode: string;
      regionCode: string;
      ownerUscc: string;
      stageDepartments?: readonly string[];
      leadDepartmentCode?: string;
    }
  /** An account; `roles` are the roles it has — or will have, when checking a change. */
  | { kind: 'user'; departmentCode: string; regionCode: string; roles: readonly Role[] }
  /** What a region's supervision covers: time limits, the monthly report (a district's or the city's). */
  | { kind: 'region'; regionCode: string }
  | { kind: 'audit' }
  | { kind: 'platform' }
  | { kind: 'public' };
export type ResourceKind = Resource['kind'];

/** Roles a department admin may give (办法 §23: 本单位用户账号、使用权限). */
export const DEPARTMENT_STAFF_ROLES: readonly Role[] = ['WINDOW', 'REVIEWER', 'DEPT_HEAD'];
/** Roles the system admin provisions on 市工改办's written request (办法 §23 分级管理). */
export const PROVISIONED_ROLES: readonly Role[] = ['DEPT_ADMIN', 'SUPERVISOR', 'DEVELOPER'];

export type ScopeRule =
  | 'any'
  | 'city'
  | 'ownOrg'
  | 'region'
  | 'ownDepartment'
  | 'coStage'
  | 'leadDepartment'
  | 'departmentStaff'
  | 'provisioned'
  | 'nonPlatform';
export interface Grant {
  scope: ScopeRule;
  permission?: Permission;
}

/** Whether the actor's region covers `regionCode`: the city covers every district. */
export function coversRegion(actor: Actor, regionCode: string): boolean {
  return actor.regionCode === CITY_REGION || actor.regionCode === regionCode;
}

function regionOf(resource: Resource): string | null {
  return 'regionCode' in resource ? resource.regionCode : null;
}
function departmentOf(resource: Resource): string | null {
  return 'departmentCode' in resource ? resource.departmentCode : null;
}
function targetRoles(resource: Resource): readonly Role[] | null {
  return resource.kind === 'user' ? resource.roles : null;
}
const subset = (roles: readonly Role[] | null, allowed: readonly Role[]) =>
  roles !== null && roles.every((r) => allowed.includes(r));

export const SCOPE_RULES: Record<ScopeRule, (actor: Actor, resource: Resource) => boolean> = {
  any: () => true,
  /** City-wide accounts only (市工改办): what is done once for the whole city, e.g. archiving the monthly report. */
  city: (actor, r) => actor.regionCode === CITY_REGION && SCOPE_RULES.region(actor, r),
  ownOrg: (actor, r) => 'ownerUscc' in r && !!actor.orgUscc && r.ownerUscc === actor.orgUscc,
  region: (actor, r) => {
    const region = regionOf(r);
    return region !== null && coversRegion(actor, region);
  },
  ownDepartment: (actor, r) => departmentOf(r) === actor.departmentCode && SCOPE_RULES.region(actor, r),
  coStage: (actor, r) =>
    SCOPE_RULES.ownDepartment(actor, r) ||
    (r.kind === 'case' && (r.stageDepartments ?? []).includes(actor.departmentCode) && SCOPE_RULES.region(actor, r)),
  leadDepartment: (actor, r) =>
    r.kind === 'case' && r.leadDepartmentCode === actor.departmentCode && SCOPE_RULES.region(actor, r),
  departmentStaff: (actor, r) => SCOPE_RULES.ownDepartment(actor, r) && subset(targetRoles(r), DEPARTMENT_STAFF_ROLES),
  provisioned: (_actor, r) => subset(targetRoles(r), PROVISIONED_ROLES),
  nonPlatform: (_actor, r) =>
    r.kind === 'user' && subset(targetRoles(r), ['APPLICANT', ...DEPARTMENT_STAFF_ROLES, ...PROVISIONED_ROLES]),
};

/** Which kind of resource each action applies to. */
export const ACTION_RESOURCE: Record<Action, readonly ResourceKind[]> = {
  'project.read': ['project'],
  'project.write': ['project'],
  'case.read': ['case'],
  'case.opinion.read': ['case'],
  'case.intake': ['case'],
  'case.review': ['case'],
  'case.decide': ['case'],
  'case.coordinate': ['case'],
  'supervision.read': ['region'],
  'supervision.act': ['case'],
  'supervision.configure': ['region'],
  'anomaly.read': ['case'],
  'anomaly.explain': ['case'],
  'report.archive': ['region'],
  'sync.read': ['platform'],
  'sync.resend': ['platform'],
  'user.read': ['user'],
  'user.create': ['user'],
  'user.update': ['user'],
  'user.reset-password': ['user'],
  'pii.unmask': ['user', 'case', 'project'],
  'audit.read': ['audit'],
  'process.deploy': ['platform'],
  'system.config': ['platform'],
  'security.policy': ['platform'],
  'calendar.read': ['public'],
  'calendar.manage': ['platform'],
};

const g = (scope: ScopeRule, permission?: Permission): Grant => (permission ? { scope, permission } : { scope });
const STAFF_PII = g('ownDepartment', 'PII_VIEW');

/** The matrix. Everything not listed is denied. */
export const GRANTS: Record<Role, Partial<Record<Action, Grant>>> = {
  APPLICANT: {
    'project.read': g('ownOrg'),
    'project.write': g('ownOrg'),
    'case.read': g('ownOrg'),
    'calendar.read': g('any'),
  },
  WINDOW: {
    'project.read': g('region'),
    'case.read': g('region'),
    'case.opinion.read': g('region'),
    'case.intake': g('region'),
    'pii.unmask': g('region', 'PII_VIEW'),
    'calendar.read': g('any'),
  },
  REVIEWER: {
    'project.read': g('region'),
    'case.read': g('ownDepartment'),
    'case.opinion.read': g('coStage'),
    'case.review': g('ownDepartment'),
    'case.coordinate': g('leadDepartment'),
    'anomaly.read': g('ownDepartment'),
    'anomaly.explain': g('ownDepartment'),
    'pii.unmask': STAFF_PII,
    'calendar.read': g('any'),
  },
  DEPT_HEAD: {
    'project.read': g('region'),
    'case.read': g('ownDepartment'),
    'case.opinion.read': g('coStage'),
    'case.review': g('ownDepartment'),
    'case.decide': g('ownDepartment'),
    'case.coordinate': g('leadDepartment'),
    'anomaly.read': g('ownDepartment'),
    'anomaly.explain': g('ownDepartment'),
    'pii.unmask': STAFF_PII,
    'calendar.read': g('any'),
  },
  DEPT_ADMIN: {
    'user.read': g('ownDepartment'),
    'user.create': g('departmentStaff'),
    'user.update': g('departmentStaff'),
    'user.reset-password': g('departmentStaff'),
    'calendar.read': g('any'),
  },
  SUPERVISOR: {
    'project.read': g('region'),
    'case.read': g('region'),
    'case.opinion.read': g('region'),
    'supervision.read': g('region'),
    'supervision.act': g('region'),
    'supervision.configure': g('city'),
    'anomaly.read': g('region'),
    'report.archive': g('city'),
    'sync.read': g('any'),
    'sync.resend': g('any'),
    'user.read': g('region'),
    'pii.unmask': g('region', 'PII_VIEW'),
    'calendar.read': g('any'),
  },
  SYSTEM_ADMIN: {
    'user.read': g('any'),
    'user.create': g('provisioned'),
    'user.update': g('provisioned'),
    'user.reset-password': g('provisioned'),
    'system.config': g('any'),
    'calendar.read': g('any'),
    'calendar.manage': g('any'),
  },
  SECURITY_ADMIN: {
    'user.read': g('any'),
    'user.reset-password': g('nonPlatform'),
    'security.policy': g('any'),
    'calendar.read': g('any'),
  },
  AUDIT_ADMIN: { 'audit.read': g('any'), 'calendar.read': g('any') },
  DEVELOPER: { 'process.deploy': g('any'), 'calendar.read': g('any') },
};

export type Decision =
  | { allowed: true; role: Role }
  | { allowed: false; reason: 'NO_ROLE' | 'OUT_OF_SCOPE' | 'NO_PERMISSION' | 'WRONG_RESOURCE' };

/** The decision with its reason: allowed when any of the actor's roles grants the action in scope. */
export function decide(actor: Actor, action: Action, resource: Resource): Decision {
  if (!ACTION_RESOURCE[action].includes(resource.kind)) return { allowed: false, reason: 'WRONG_RESOURCE' };
  let reason: 'NO_ROLE' | 'OUT_OF_SCOPE' | 'NO_PERMISSION' = 'NO_ROLE';
  for (const role of actor.roles) {
    const grant = GRANTS[role][action];
    if (!grant) continue;
    if (grant.permission && !actor.permissions.includes(grant.permission)) {
      reason = 'NO_PERMISSION';
      continue;
    }
    if (!SCOPE_RULES[grant.scope](actor, resource)) {
      reason = reason === 'NO_PERMISSION' ? reason : 'OUT_OF_SCOPE';
      continue;
    }
    return { allowed: true, role };
  }
  return { allowed: false, reason };
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  return decide(actor, action, resource).allowed;
}

/** Throws FORBIDDEN (403) unless allowed. */
export function assertCan(actor: Actor, action: Action, resource: Resource): void {
  const decision = decide(actor, action, resource);
  if (!decision.allowed) throw new DomainError('FORBIDDEN', '无权执行此操作', { action, reason: decision.reason });
}

/** Whether any role of the actor has the action at all (before looking at a resource). */
export function hasAction(actor: Actor, action: Action): boolean {
  return actor.roles.some((role) => GRANTS[role][action] !== undefined);
}
