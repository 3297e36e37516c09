/**
 * Who receives the time warnings (办法 §20: 办理人员 and 有关负责人; further rungs the lead department and
 * 市工改办) — people on file, not invented numbers. For each department and audience:
 * - the contacts configured for it (WARNING_CONTACTS), when there are any;
 * - else the active accounts with a phone: HANDLER the department's reviewers, DEPT_HEAD and LEAD_DEPT
 *   its heads (LEAD_DEPT is asked with the stage's lead department), SUPERVISOR the supervisors of the
 *   city and of the case's district.
 * Accounts are read into memory and refreshed (`refreshMs`), so a sweep over thousands of clocks asks
 * the database nothing; a new colleague is reached from the next refresh.
 */
import type { Audience } from '../../domain/clock/escalation-ladder.ts';
import { CITY_REGION, type Role } from '../../domain/access/roles.ts';
import type { ContactDirectory } from '../../domain/ports/contact-directory.port.ts';
import type { Database } from '../db/client.ts';
import { reachableAccounts } from '../db/account.repo.ts';
import type { PiiCrypto } from '../crypto/pii-crypto.ts';
import type { Logger } from '../logger.ts';

export type { ContactDirectory };

/** Configured contacts: department code → audience → mobiles. */
export type WarningContacts = Readonly<Record<string, Partial<Record<Audience, readonly string[]>>>>;

interface Person {
  roles: readonly Role[];
  departmentCode: string;
  regionCode: string;
  phone: string;
}

const ROLE_OF: Record<Exclude<Audience, 'SUPERVISOR'>, Role> = {
  HANDLER: 'REVIEWER',
  DEPT_HEAD: 'DEPT_HEAD',
  LEAD_DEPT: 'DEPT_HEAD',
};

/** The directory over a list of people (pure; the account directory below keeps the list fresh). */
export function directoryOf(people: readonly Person[], configured: WarningContacts = {}): ContactDirectory {
  return {
    recipients(audience, department, regionCode) {
      const set = configured[department]?.[audience];
      if (set && set.length > 0) return [...set];
      const phones =
        audience === 'SUPERVISOR'
          ? people.filter(
              (p) => p.roles.includes('SUPERVISOR') && (p.regionCode === CITY_REGION || p.regionCode === regionCode),
            )
          : people.filter((p) => p.departmentCode === department && p.roles.includes(ROLE_OF[audience]));
      return [...new Set(phones.map((p) => p.phone))];
    },
  };
}

export interface AccountDirectory extends ContactDirectory {
  refresh(): Promise<void>;
  start(refreshMs: number): void;
  stop(): void;
}

export function createAccountDirectory(deps: {
  database: Database;
  pii: PiiCrypto;
  logger: Logger;
  configured?: WarningContacts;
}): AccountDirectory {
  let current = directoryOf([], deps.configured);
  let timer: NodeJS.Timeout | null = null;
  async function refresh() {
    const rows = await reachableAccounts(deps.database.db, ['REVIEWER', 'DEPT_HEAD', 'SUPERVISOR']);
    const people: Person[] = [];
    for (const r of rows) {
      try {
        people.push({
          roles: r.roles,
          departmentCode: r.departmentCode,
          regionCode: r.regionCode,
          phone: deps.pii.decryptPii(r.phoneEnc!),
        });
      } catch (err) {
        deps.logger.warn({ err, userId: r.id }, 'an account phone could not be read; the account gets no warnings');
      }
    }
    current = directoryOf(people, deps.configured);
  }
  return {
    recipients: (audience, department, regionCode) => current.recipients(audience, department, regionCode),
    refresh,
    start(refreshMs) {
      timer = setInterval(() => {
        refresh().catch((err: unknown) => deps.logger.warn({ err }, 'warning contacts could not be refreshed'));
      }, refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
