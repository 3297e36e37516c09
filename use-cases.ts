/**
 * The use cases the API serves beside the case routes — access (auth, accounts, audit search) —
 * built from the real adapters. system.ts, the API test fixture and the command-line tools call this;
 * the use cases themselves (app/) see only the ports.
 */
import type { DepartmentRef } from './domain/access/lead-department.ts';
import type { Clock } from './domain/ports/clock.port.ts';
import type { Database } from './infra/db/client.ts';
import { createAccountStore } from './infra/db/account.repo.ts';
import { createAuditRepo } from './infra/db/audit.repo.ts';
import { createTokenSigner } from './infra/crypto/access-token.ts';
import { scryptPasswords } from './infra/crypto/password-hash.ts';
import { createPiiCrypto } from './infra/crypto/pii-crypto.ts';
import { nodeSecrets } from './infra/crypto/secrets.ts';
import { createAccessUseCases, type AccessUseCases } from './app/access-use-cases.ts';

export interface UseCaseInfra {
  database: Database;
  clock: Clock;
  secrets: { tokenSecret: string; piiKey: string };
  /** Departments accounts may belong to (the catalogue's list). */
  departments: readonly DepartmentRef[];
}

export interface ApiUseCases {
  access: AccessUseCases;
}

export function wireAccessUseCases(infra: UseCaseInfra): AccessUseCases {
  return createAccessUseCases({
    accounts: createAccountStore(infra.database.db), audit: createAuditRepo(infra.database.db), passwords: scryptPasswords,
    tokens: createTokenSigner(infra.secrets.tokenSecret), secrets: nodeSecrets, pii: createPiiCrypto(infra.secrets.piiKey),
    clock: infra.clock, departments: infra.departments,
  });
}

export function wireUseCases(infra: UseCaseInfra): ApiUseCases {
  return { access: wireAccessUseCases(infra) };
}
