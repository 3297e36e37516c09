/**
 * 账号管理 — account administration under 办法 §23: department admins manage their own department's
 * staff accounts, roles and permissions; the system admin sets up department admins (and supervisor
 * and developer accounts) on 市工改办's written request, recorded as `requestRef`. New accounts and
 * resets get a one-time temporary password that must be changed at first login.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { assertCan, can, hasAction, listScope } from '../../domain/access/policy.ts';
import { validateRoleSet, type Actor, type Permission, type Role } from '../../domain/access/roles.ts';
import type { DepartmentRef } from '../../domain/access/lead-department.ts';
import type { Clock } from '../../infra/clock.ts';
import type { Database, Tx } from '../../infra/db/client.ts';
import type { AccountRepo, UserRow } from '../../infra/db/account.repo.ts';
import type { AuditEntry, AuditInTx, AuditRepo } from '../../infra/db/audit.repo.ts';
import { hashPassword } from '../../infra/crypto/password-hash.ts';
import type { PiiCrypto } from '../../infra/crypto/pii-crypto.ts';
import { toUserView, userResource, type UserView } from './user-view.ts';

export interface UsersServiceDeps {
  database: Database;
  accounts: AccountRepo;
  audit: AuditRepo;
  pii: PiiCrypto;
  clock: Clock;
  departments: readonly DepartmentRef[];
}

export interface NewUserInput {
  username: string;
  displayName: string;
  roles: Role[];
  permissions?: Permission[];
  departmentCode: string;
  phone?: string;
  idNumber?: string;
  requestRef?: string;
}

export interface UserPatch {
  displayName?: string;
  roles?: Role[];
  permissions?: Permission[];
  disabled?: boolean;
  phone?: string | null;
  requestRef?: string;
}

/** Who asked, for the explicit audit of personal-data reads. */
export type AuditActor = Omit<AuditEntry, 'at' | 'action' | 'outcome' | 'target' | 'details'>;

const ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=@!'];

/** 16 characters, every class present, shuffled — meets the password policy. */
export function temporaryPassword(): string {
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)]!);
  const all = ALPHABETS.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i -= 1) { const j = randomInt(i + 1); [chars[i], chars[j]] = [chars[j]!, chars[i]!]; }
  return chars.join('');
}

const notFound = (id: string) => new DomainError('USER_NOT_FOUND', `用户不存在: ${id}`, { field: 'id' });

export function createUsersService({ database, accounts, audit, pii, clock, departments }: UsersServiceDeps) {
  function department(code: string): DepartmentRef {
    const found = departments.find((d) => d.code === code);
    if (!found) throw new DomainError('DEPARTMENT_UNKNOWN', `未知部门: ${code}`, { field: 'departmentCode' });
    return found;
  }
  function requireRequestRef(roles: readonly Role[], before: readonly Role[], requestRef: string | undefined): void {
    if (roles.includes('DEPT_ADMIN') && !before.includes('DEPT_ADMIN') && !requestRef) {
      throw new DomainError('REQUEST_REF_REQUIRED', '设置部门管理员须注明市工改办的设置申请 (办法第二十三条)', { field: 'requestRef' });
    }
  }
  /** Unmasks only when asked and allowed for every row; audits the read. */
  async function view(actor: Actor, rows: UserRow[], unmask: boolean, who: AuditActor): Promise<UserView[]> {
    const now = clock.now();
    if (!unmask) return rows.map((r) => toUserView(r, pii, now));
    for (const row of rows) assertCan(actor, 'pii.unmask', userResource(row));
    const withPii = rows.filter((r) => r.phoneEnc || r.idNumberEnc);
    if (withPii.length > 0) {
      await audit.append({
        at: now, ...who, action: 'pii.unmask', target: withPii.map((r) => `user:${r.id}`).join(','), outcome: 'ok',
        details: { fields: ['phone', 'idNumber'], count: withPii.length },
      });
    }
    return rows.map((r) => toUserView(r, pii, now, true));
  }

  return {
    /** `audit` writes the record (with the roles and permissions given) in the transaction that creates the account. */
    async create(actor: Actor, input: NewUserInput, audit?: AuditInTx): Promise<{ user: UserView; temporaryPassword: string }> {
      const dept = department(input.departmentCode);
      validateRoleSet(input.roles);
      assertCan(actor, 'user.create', { kind: 'user', departmentCode: dept.code, regionCode: dept.regionCode, roles: input.roles });
      requireRequestRef(input.roles, [], input.requestRef);
      if (await accounts.findByUsername(input.username)) throw new DomainError('USER_EXISTS', `用户名已存在: ${input.username}`, { field: 'username' });
      const password = temporaryPassword();
      const now = clock.now();
      const passwordHash = await hashPassword(password);
      const row = await database.db.transaction(async (tx) => {
        const inserted = await accounts.insert(tx as Tx, {
          id: randomUUID(), username: input.username, displayName: input.displayName, roles: input.roles, permissions: input.permissions ?? [],
          departmentCode: dept.code, regionCode: dept.regionCode,
          phoneEnc: input.phone ? pii.encryptPii(input.phone) : null, phoneIdx: input.phone ? pii.blindIndex(input.phone) : null,
          idNumberEnc: input.idNumber ? pii.encryptPii(input.idNumber) : null, idNumberIdx: input.idNumber ? pii.blindIndex(input.idNumber) : null,
          passwordHash, passwordChangedAt: now, mustChangePassword: true,
          createdAt: now, updatedAt: now, createdBy: actor.userId, requestRef: input.requestRef ?? null,
        });
        await audit?.(tx as Tx, {
          target: `user:${inserted.id}`,
          details: { username: inserted.username, roles: inserted.roles, permissions: inserted.permissions, departmentCode: inserted.departmentCode, requestRef: input.requestRef },
        });
        return inserted;
      });
      return { user: toUserView(row, pii, now), temporaryPassword: password };
    },

    async list(actor: Actor, query: { departmentCode?: string; phone?: string; limit: number; offset: number; unmask: boolean }, who: AuditActor) {
      const scope = listScope(actor, 'user.read');
      if (!scope) throw new DomainError('FORBIDDEN', '无权查看账号', { action: 'user.read' });
      if (scope.departmentCode && query.departmentCode && query.departmentCode !== scope.departmentCode) {
        throw new DomainError('FORBIDDEN', '只能查看本部门账号', { field: 'departmentCode' });
      }
      const { rows, total } = await accounts.list({
        departmentCode: scope.departmentCode ?? query.departmentCode, regionCode: scope.regionCode,
        ...(query.phone ? { phoneIdx: pii.blindIndex(query.phone) } : {}), limit: query.limit, offset: query.offset,
      });
      const visible = rows.filter((r) => can(actor, 'user.read', userResource(r)));
      return { items: await view(actor, visible, query.unmask, who), total };
    },

    async get(actor: Actor, id: string, unmask: boolean, who: AuditActor): Promise<UserView> {
      const row = await accounts.findById(id);
      if (!row || !can(actor, 'user.read', userResource(row))) {
        if (!hasAction(actor, 'user.read')) throw new DomainError('FORBIDDEN', '无权查看账号', { action: 'user.read' });
        throw notFound(id);
      }
      return (await view(actor, [row], unmask, who))[0]!;
    },

    /** `audit` writes the record, with the roles, permissions and state before and after, in the transaction of the change. */
    async update(actor: Actor, id: string, patch: UserPatch, audit?: AuditInTx): Promise<{ user: UserView; before: Record<string, unknown>; after: Record<string, unknown> }> {
      const row = await accounts.findById(id);
      if (!row) throw hasAction(actor, 'user.update') ? notFound(id) : new DomainError('FORBIDDEN', '无权修改账号', { action: 'user.update' });
      assertCan(actor, 'user.update', userResource(row));
      const roles = patch.roles ?? row.roles;
      if (patch.roles) validateRoleSet(roles);
      assertCan(actor, 'user.update', userResource({ ...row, roles }));
      requireRequestRef(roles, row.roles, patch.requestRef);
      const now = clock.now();
      const facts = (r: UserRow) => ({ roles: r.roles, permissions: r.permissions, disabled: r.disabled });
      const updated = await database.db.transaction(async (tx) => {
        const next = await accounts.update(tx, id, {
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.roles ? { roles } : {}),
          ...(patch.permissions ? { permissions: patch.permissions } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(patch.phone !== undefined ? { phoneEnc: patch.phone ? pii.encryptPii(patch.phone) : null, phoneIdx: patch.phone ? pii.blindIndex(patch.phone) : null } : {}),
          ...(patch.requestRef ? { requestRef: patch.requestRef } : {}),
          updatedAt: now,
        });
        if (patch.disabled === true || patch.roles || patch.permissions) await accounts.revokeUserSessions(tx, id, now, 'account-changed');
        await audit?.(tx as Tx, { target: `user:${id}`, details: { before: facts(row), after: facts(next!), requestRef: patch.requestRef } });
        return next!;
      });
      return { user: toUserView(updated, pii, now), before: facts(row), after: facts(updated) };
    },

    async resetPassword(actor: Actor, id: string, audit?: AuditInTx): Promise<{ temporaryPassword: string }> {
      const row = await accounts.findById(id);
      if (!row) throw hasAction(actor, 'user.reset-password') ? notFound(id) : new DomainError('FORBIDDEN', '无权重置口令', { action: 'user.reset-password' });
      assertCan(actor, 'user.reset-password', userResource(row));
      const password = temporaryPassword();
      const now = clock.now();
      const hash = await hashPassword(password);
      await database.db.transaction(async (tx) => {
        await accounts.setPassword(tx as Tx, id, hash, now, true);
        await accounts.revokeUserSessions(tx, id, now, 'password-reset');
        await audit?.(tx as Tx, { target: `user:${id}` });
      });
      return { temporaryPassword: password };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
