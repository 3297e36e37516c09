/**
 * 演示账号 — one account per role for the embedded demo (never seeded on an external database unless
 * DEMO_DATA=true). All share one password (DEMO_PASSWORD) that counts as freshly set, so no demo
 * login is forced through a password change; a demo account whose password has aged past 90 days
 * is re-stamped at start-up.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isPasswordExpired } from '../../domain/access/password-policy.ts';
import type { Permission, Role } from '../../domain/access/roles.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { createAccountStore, insertAccount } from '../db/account.repo.ts';
import { userAccount } from '../db/schema.ts';
import { hashPassword } from '../crypto/password-hash.ts';
import type { PiiCrypto } from '../crypto/pii-crypto.ts';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  permissions?: Permission[];
  departmentCode: string;
  regionCode: string;
  orgUscc?: string;
  phone?: string;
  idNumber?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'applicant',
    displayName: '珠海示例建设有限公司(经办人)',
    roles: ['APPLICANT'],
    departmentCode: 'APPLICANT',
    regionCode: '440400',
    orgUscc: '91440400MA4DEMO001',
    phone: '13800138000',
    idNumber: '440402199001011234',
  },
  {
    username: 'window',
    displayName: '市政务服务中心综合窗口',
    roles: ['WINDOW'],
    permissions: ['PII_VIEW'],
    departmentCode: 'ZH_ZWFW',
    regionCode: '440400',
    phone: '13800138001',
  },
  {
    username: 'reviewer.zrzyj',
    displayName: '市自然资源局经办人',
    roles: ['REVIEWER'],
    departmentCode: 'ZH_ZRZYJ',
    regionCode: '440400',
    phone: '13800138002',
  },
  {
    username: 'reviewer.zjj',
    displayName: '市住建局经办人',
    roles: ['REVIEWER'],
    departmentCode: 'ZH_ZJJ',
    regionCode: '440400',
    phone: '13800138003',
  },
  {
    username: 'reviewer.xz',
    displayName: '香洲区住建局经办人',
    roles: ['REVIEWER'],
    departmentCode: 'XZ_ZJJ',
    regionCode: '440402',
    phone: '13800138004',
  },
  {
    username: 'head.zrzyj',
    displayName: '市自然资源局负责人',
    roles: ['DEPT_HEAD'],
    departmentCode: 'ZH_ZRZYJ',
    regionCode: '440400',
    phone: '13800138008',
  },
  {
    username: 'head.zjj',
    displayName: '市住建局负责人',
    roles: ['DEPT_HEAD'],
    departmentCode: 'ZH_ZJJ',
    regionCode: '440400',
    phone: '13800138005',
  },
  {
    username: 'admin.zjj',
    displayName: '市住建局部门管理员',
    roles: ['DEPT_ADMIN'],
    departmentCode: 'ZH_ZJJ',
    regionCode: '440400',
    phone: '13800138006',
  },
  {
    username: 'supervisor',
    displayName: '市工改办',
    roles: ['SUPERVISOR'],
    permissions: ['PII_VIEW'],
    departmentCode: 'ZH_GGB',
    regionCode: '440400',
    phone: '13800138007',
  },
  {
    username: 'sysadmin',
    displayName: '系统管理员',
    roles: ['SYSTEM_ADMIN'],
    departmentCode: 'PLATFORM',
    regionCode: '440400',
    phone: '13800138009',
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    roles: ['SECURITY_ADMIN'],
    departmentCode: 'PLATFORM',
    regionCode: '440400',
  },
  {
    username: 'auditor',
    displayName: '审计管理员',
    roles: ['AUDIT_ADMIN'],
    departmentCode: 'PLATFORM',
    regionCode: '440400',
  },
  {
    username: 'developer',
    displayName: '技术服务单位',
    roles: ['DEVELOPER'],
    departmentCode: 'VENDOR',
    regionCode: '440400',
  },
];

/** Creates the missing demo accounts; returns every demo username with its roles. */
export async function seedDemoAccounts(deps: {
  database: Database;
  pii: PiiCrypto;
  clock: Clock;
  password: string;
  accounts?: readonly DemoAccount[];
}): Promise<{ username: string; roles: Role[] }[]> {
  const accounts = createAccountStore(deps.database.db).read;
  const now = deps.clock.now();
  const list = deps.accounts ?? DEMO_ACCOUNTS;
  for (const account of list) {
    const existing = await accounts.byUsername(account.username);
    if (existing) {
      if (isPasswordExpired(existing.passwordChangedAt, now)) {
        await deps.database.db
          .update(userAccount)
          .set({ passwordChangedAt: now })
          .where(eq(userAccount.id, existing.id));
      }
      continue;
    }
    const hash = await hashPassword(deps.password);
    await deps.database.db.transaction((tx) =>
      insertAccount(tx, {
        id: randomUUID(),
        username: account.username,
        displayName: account.displayName,
        roles: account.roles,
        permissions: account.permissions ?? [],
        departmentCode: account.departmentCode,
        regionCode: account.regionCode,
        orgUscc: account.orgUscc ?? null,
        phoneEnc: account.phone ? deps.pii.encryptPii(account.phone) : null,
        phoneIdx: account.phone ? deps.pii.blindIndex(account.phone) : null,
        idNumberEnc: account.idNumber ? deps.pii.encryptPii(account.idNumber) : null,
        idNumberIdx: account.idNumber ? deps.pii.blindIndex(account.idNumber) : null,
        passwordHash: hash,
        passwordChangedAt: now,
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
        createdBy: 'demo-seed',
        requestRef: null,
      }),
    );
  }
  return list.map((a) => ({ username: a.username, roles: a.roles }));
}
