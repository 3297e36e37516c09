/**
 * The public view of an account: personal data masked unless the caller asked to unmask and may.
 */
import { isLocked, passwordExpiresAt } from '../../domain/access/password-policy.ts';
import { maskIdNumber, maskPhone } from '../../domain/access/masking.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { Resource } from '../../domain/access/policy.ts';
import type { PiiCrypto } from '../../infra/crypto/pii-crypto.ts';
import type { UserRow } from '../../infra/db/account.repo.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  departmentCode: string;
  regionCode: string;
  orgUscc: string | null;
  phone: string | null;
  idNumber: string | null;
  piiMasked: boolean;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  passwordExpiresAt: string;
  createdAt: string;
}

export function actorOf(row: UserRow): Actor {
  return {
    userId: row.id, username: row.username, roles: row.roles, permissions: row.permissions,
    departmentCode: row.departmentCode, regionCode: row.regionCode, orgUscc: row.orgUscc,
  };
}

export function userResource(row: Pick<UserRow, 'departmentCode' | 'regionCode' | 'roles'>): Resource & { kind: 'user' } {
  return { kind: 'user', departmentCode: row.departmentCode, regionCode: row.regionCode, roles: row.roles };
}

export function toUserView(row: UserRow, pii: PiiCrypto, now: Date, unmask = false): UserView {
  const phone = row.phoneEnc ? pii.decryptPii(row.phoneEnc) : null;
  const idNumber = row.idNumberEnc ? pii.decryptPii(row.idNumberEnc) : null;
  return {
    id: row.id, username: row.username, displayName: row.displayName, roles: [...row.roles], permissions: [...row.permissions],
    departmentCode: row.departmentCode, regionCode: row.regionCode, orgUscc: row.orgUscc,
    phone: unmask ? phone : maskPhone(phone), idNumber: unmask ? idNumber : maskIdNumber(idNumber), piiMasked: !unmask,
    disabled: row.disabled, locked: isLocked(row, now), mustChangePassword: row.mustChangePassword,
    passwordExpiresAt: passwordExpiresAt(row.passwordChangedAt).toISOString(), createdAt: row.createdAt.toISOString(),
  };
}
