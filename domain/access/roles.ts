/**
 * 角色 — the roles of the system (BRIEF §8) and who a signed-in person is (the actor). Data only.
 *
 * 三员分立: SYSTEM_ADMIN (系统管理员), SECURITY_ADMIN (安全管理员) and AUDIT_ADMIN (审计管理员) are
 * separate people; one account never holds two of them, nor a platform role together with a business one.
 */
import { DomainError } from '../errors.ts';

export const ROLES = [
  /** 申请人 / 建设单位 (incl. 经办人 and 代办) */
  'APPLICANT',
  /** 综合窗口 */
  'WINDOW',
  /** 审批部门经办人 */
  'REVIEWER',
  /** 审批部门负责人 */
  'DEPT_HEAD',
  /** 部门管理员 (city or district) — 办法 §23 */
  'DEPT_ADMIN',
  /** 市工改办 (district 工改办 when the account's region is a district) */
  'SUPERVISOR',
  /** 系统管理员 */
  'SYSTEM_ADMIN',
  /** 安全管理员 */
  'SECURITY_ADMIN',
  /** 审计管理员 */
  'AUDIT_ADMIN',
  /** 技术服务单位 — deploys process versions (办法 §26) */
  'DEVELOPER',
] as const;
export type Role = (typeof ROLES)[number];

/** The three platform administrators (三员). */
export const PLATFORM_ADMIN_ROLES: readonly Role[] = ['SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN'];

/** Per-user grants on top of roles. PII_VIEW: may ask for unmasked ID numbers and phones (audited). */
export const PERMISSIONS = ['PII_VIEW'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** 珠海市 and its districts (6-digit 行政区划代码). */
export const CITY_REGION = '440400';
export const REGIONS: Readonly<Record<string, string>> = {
  '440400': '珠海市',
  '440402': '香洲区',
  '440403': '斗门区',
  '440404': '金湾区',
};

/** A signed-in person, as policy sees them. */
export interface Actor {
  userId: string;
  username: string;
  roles: readonly Role[];
  permissions: readonly Permission[];
  /** 部门代码, e.g. ZH_ZJJ (city) or XZ_ZJJ (香洲 branch). */
  departmentCode: string;
  /** 440400 city-wide; a district code limits the actor to that district. */
  regionCode: string;
  /** 统一社会信用代码 of the applicant's organisation. */
  orgUscc?: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Refuses a role set that breaks 三员分立 or is empty (ROLES_CONFLICT, field `roles`). */
export function validateRoleSet(roles: readonly Role[]): void {
  if (roles.length === 0) throw new DomainError('ROLES_EMPTY', '至少需要一个角色', { field: 'roles' });
  const platform = roles.filter((r) => PLATFORM_ADMIN_ROLES.includes(r));
  if (platform.length > 1 || (platform.length === 1 && roles.length > 1)) {
    throw new DomainError('ROLES_INCOMPATIBLE', '三员分立: 系统、安全、审计管理员不能兼任，也不能兼任业务角色', {
      field: 'roles',
      roles,
    });
  }
  if (roles.includes('APPLICANT') && roles.length > 1) {
    throw new DomainError('ROLES_INCOMPATIBLE', '申请人账号不能兼任工作人员角色', { field: 'roles', roles });
  }
}

/** The role an action is recorded under: the actor's first business role other than applicant, else the first. */
export function businessRole(actor: Pick<Actor, 'roles'>): string {
  return actor.roles.find((r) => r !== 'APPLICANT') ?? actor.roles[0] ?? 'UNKNOWN';
}
