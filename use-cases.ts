/**
 * The use cases the API serves beside the case routes — access (auth, accounts, audit search), the
 * working-day calendar, electronic supervision (with the A1 guard the case use cases take), the
 * monthly report, provincial sync, the catalogue and process deployment — built from the real
 * adapters. system.ts, the API test fixture and the operators' commands (cli/) call this; the use
 * cases themselves (app/) see only the ports.
 */
import type { DepartmentRef } from './domain/access/lead-department.ts';
import type { Calendars } from './domain/calendar/calendars.ts';
import type { CatalogIndex } from './domain/catalog/catalog-index.ts';
import type { Clock } from './domain/ports/clock.port.ts';
import type { EnginePort } from './domain/ports/engine.port.ts';
import type { Store } from './domain/ports/store.port.ts';
import type { CalendarBook } from './infra/calendar/calendar-book.ts';
import { createTokenSigner } from './infra/crypto/access-token.ts';
import { scryptPasswords } from './infra/crypto/password-hash.ts';
import { createPiiCrypto } from './infra/crypto/pii-crypto.ts';
import { nodeSecrets } from './infra/crypto/secrets.ts';
import { createAccountStore } from './infra/db/account.repo.ts';
import { createAuditRepo } from './infra/db/audit.repo.ts';
import { createCalendarNoticeStore } from './infra/db/calendar.repo.ts';
import type { Database } from './infra/db/client.ts';
import { lintBpmn } from './infra/engine/lint/lint-bpmn.ts';
import { listProcessVersions } from './infra/engine/process-versions.ts';
import { createDecisionChecks } from './infra/supervision/decision-checks.repo.ts';
import { createReportArchive } from './infra/supervision/report-archive.repo.ts';
import { createReportRenderer } from './infra/supervision/report-renderer.ts';
import { parameterVersion } from './infra/supervision/rule-parameter.repo.ts';
import { createSupervisionRepository } from './infra/supervision/supervision.repo.ts';
import { createSyncOutbox } from './infra/sync/sync-status.ts';
import { createAccessUseCases, type AccessUseCases } from './app/access-use-cases.ts';
import { createCalendarUseCases, type CalendarUseCases } from './app/calendar-use-cases.ts';
import { createCatalogUseCases, type CatalogUseCases } from './app/catalog-use-cases.ts';
import { createReportUseCases, type ReportUseCases } from './app/report-use-cases.ts';
import { createSupervisionUseCases, type SupervisionUseCases } from './app/supervision-use-cases.ts';
import { createSyncUseCases, type SyncUseCases } from './app/sync-use-cases.ts';

export interface UseCaseInfra {
  database: Database;
  clock: Clock;
  secrets: { tokenSecret: string; piiKey: string };
  /** Departments accounts may belong to (the catalogue's list). */
  departments: readonly DepartmentRef[];
  /** The working-day calendars in force, kept fresh. */
  calendars: CalendarBook;
  /** Time of day a working-day deadline falls (DEADLINE_TIME_OF_DAY). */
  endOfDay?: string;
  /** The catalogue in force (reports name items by it). */
  catalog: CatalogIndex;
  /** Chromium that prints PDF reports. */
  chromiumPath: string;
}

export interface ApiUseCases {
  access: AccessUseCases;
  calendar: CalendarUseCases;
  reports: ReportUseCases;
  sync: SyncUseCases;
}

export function wireAccessUseCases(infra: UseCaseInfra): AccessUseCases {
  return createAccessUseCases({
    accounts: createAccountStore(infra.database.db),
    audit: createAuditRepo(infra.database.db),
    passwords: scryptPasswords,
    tokens: createTokenSigner(infra.secrets.tokenSecret),
    secrets: nodeSecrets,
    pii: createPiiCrypto(infra.secrets.piiKey),
    clock: infra.clock,
    departments: infra.departments,
  });
}

export function wireCalendarUseCases(
  infra: Pick<UseCaseInfra, 'database' | 'clock' | 'calendars' | 'endOfDay'>,
): CalendarUseCases {
  const db = infra.database.db;
  return createCalendarUseCases({
    notices: createCalendarNoticeStore(db),
    book: infra.calendars,
    audit: createAuditRepo(db),
    clock: infra.clock,
    ...(infra.endOfDay ? { endOfDay: infra.endOfDay } : {}),
  });
}

export function wireSupervisionUseCases(infra: {
  database: Database;
  store: Store;
  calendars: Calendars;
  catalog: CatalogIndex;
  clock: Clock;
}): SupervisionUseCases {
  const db = infra.database.db;
  return createSupervisionUseCases({
    store: infra.store,
    supervision: createSupervisionRepository(db),
    checks: createDecisionChecks(db),
    secrets: nodeSecrets,
    calendars: infra.calendars,
    catalog: infra.catalog,
    clock: infra.clock,
  });
}

export function wireReportUseCases(
  infra: Pick<UseCaseInfra, 'database' | 'clock' | 'calendars' | 'catalog' | 'chromiumPath'>,
): ReportUseCases {
  const db = infra.database.db;
  return createReportUseCases({
    archive: createReportArchive(db, { calendars: infra.calendars, catalog: infra.catalog }),
    renderer: createReportRenderer({ chromiumPath: infra.chromiumPath }),
    supervision: { parameterVersion: () => parameterVersion(db) },
    clock: infra.clock,
  });
}

/** The catalogue, and the stage diagrams' versions and deployment through the engine (its lint gate, its own store of versions). */
export function wireCatalogUseCases(infra: {
  database: Database;
  catalog: CatalogIndex;
  engine: Pick<EnginePort, 'deploy'>;
}): CatalogUseCases {
  return createCatalogUseCases({
    catalog: infra.catalog,
    processes: {
      versions: () => listProcessVersions(infra.database.db),
      lint: async (xml) => (await lintBpmn(xml)).problems,
      deploy: (resources) => infra.engine.deploy(resources),
    },
  });
}

export function wireUseCases(infra: UseCaseInfra): ApiUseCases {
  return {
    access: wireAccessUseCases(infra),
    calendar: wireCalendarUseCases(infra),
    reports: wireReportUseCases(infra),
    sync: createSyncUseCases({ outbox: createSyncOutbox(infra.database.db), clock: infra.clock }),
  };
}
