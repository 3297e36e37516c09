/**
 * An account as the API shows it: personal data masked unless the caller asked to unmask and may —
 * an unmasked read is a `pii.unmask` entry in the audit log (PII_VIEW within scope).
 */
import { assertCan, type Resource } from '../../domain/access/policy.ts';
import { isLocked, passwordExpiresAt } from '../../domain/access/password-policy.ts';
import { maskIdNumber, maskPhone } from '../../domain/access/masking.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { AccountRecord } from '../../domain/ports/account-store.port.ts';
import type { AuditActor, AuditLog } from '../../domain/ports/audit-log.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PiiCipher } from '../../domain/ports/pii-cipher.port.ts';

export interface AccountView {
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

/** The signed-in person an account is. */
export function actorOfAccount(row: AccountRecord): Actor {
  return {
    userId: row.id,
    username: row.username,
    roles: row.roles,
    permissions: row.permissions,
    departmentCode: row.departmentCode,
    regionCode: row.regionCode,
    orgUscc: row.orgUscc,
  };
}

export function accountResource(
  row: Pick<AccountRecord, 'departmentCode' | 'regionCode' | 'roles'>,
): Resource & { kind: 'user' } {
  return { kind: 'user', departmentCode: row.departmentCode, regionCode: row.regionCode, roles: row.roles };
}

export function accountView(row: AccountRecord, pii: PiiCipher, now: Date, unmask = false): AccountView {
  const phone = row.phoneEnc ? pii.decryptPii(row.phoneEnc) : null;
  const idNumber = row.idNumberEnc ? pii.decryptPii(row.idNumberEnc) : null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: [...row.roles],
    permissions: [...row.permissions],
    departmentCode: row.departmentCode,
    regionCode: row.regionCode,
    orgUscc: row.orgUscc,
    phone: unmask ? phone : maskPhone(phone),
    idNumber: unmask ? idNumber : maskIdNumber(idNumber),
    piiMasked: !unmask,
    disabled: row.disabled,
    locked: isLocked(row, now),
    mustChangePassword: row.mustChangePassword,
    passwordExpiresAt: passwordExpiresAt(row.passwordChangedAt).toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

export interface AccountViewDeps {
  pii: PiiCipher;
  audit: AuditLog;
  clock: Clock;
}

/** The views of `rows`: unmasked only when asked and allowed for every row, the read audited. */
export async function viewAccounts(
  deps: AccountViewDeps,
  actor: Actor,
  rows: AccountRecord[],
  unmask: boolean,
  who: AuditActor,
): Promise<AccountView[]> {
  const now = deps.clock.now();
  if (!unmask) return rows.map((r) => accountView(r, deps.pii, now));
  for (const row of rows) assertCan(actor, 'pii.unmask', accountResource(row));
  const withPii = rows.filter((r) => r.phoneEnc || r.idNumberEnc);
  if (withPii.length > 0) {
    await deps.audit.append({
      at: now,
      ...who,
      action: 'pii.unmask',
      target: withPii.map((r) => `user:${r.id}`).join(','),
      outcome: 'ok',
      details: { fields: ['phone', 'idNumber'], count: withPii.length },
    });
  }
  return rows.map((r) => accountView(r, deps.pii, now, true));
}
