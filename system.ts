/**
 * The composition root: builds the whole system from configuration — database, engine and scheduler,
 * outside-system clients (local fakes on embedded defaults), workers and the API. main.ts starts it;
 * end-to-end tests start it in-process.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './infra/config.ts';
import type { Logger } from './infra/logger.ts';
import { openDatabase, type Database } from './infra/db/client.ts';
import { watchDiskSpace } from './infra/db/disk-space.ts';
import { ManualClock, systemClock, type Clock } from './infra/clock.ts';
import { openDemoClock } from './infra/demo-clock.ts';
import { createEngine, type EngineHandle } from './infra/engine/create-engine.ts';
import { buildApp } from './api/app.ts';
import { wireCatalogUseCases, wireSupervisionUseCases, wireUseCases } from './use-cases.ts';
import { seedDemoAccounts } from './infra/demo/demo-accounts.ts';
import { createPiiCrypto } from './infra/crypto/pii-crypto.ts';
import { createSmsClient } from './infra/sms/sms.client.ts';
import { createCertificatesClient } from './infra/certificates/certificates.client.ts';
import { createAccountDirectory, type AccountDirectory } from './infra/directory/contact-directory.ts';
import { createStore } from './infra/db/store.ts';
import { createCaseWatch } from './infra/db/case-watch.ts';
import { createCaseUseCases, type CaseUseCases } from './app/case-use-cases.ts';
import { createDemoUseCases } from './app/demo-use-cases.ts';
import type { SubmitInput } from './app/intake/submit-application.ts';
import type { ProjectInput } from './app/intake/register-project.ts';
import type { Actor as EventActor } from './domain/case/case-event.ts';
import { startSupervision } from './infra/supervision/detector.ts';
import { startStatisticsMaintenance } from './infra/db/statistics.ts';
import type { ProjectCodeVerifier } from './domain/project/project-code-verifier.ts';
import { loadCatalog } from './infra/db/catalog.repo.ts';
import { openCalendarBook } from './infra/calendar/calendar-book.ts';
import { createCoverageMonitor } from './infra/calendar/coverage-monitor.ts';
import { ZHUHAI_CATALOG } from './domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from './domain/catalog/catalog-index.ts';
import { createProcessSteps } from './app/process-steps.ts';
import type { Calendars } from './domain/calendar/calendars.ts';
import type { CatalogIndex } from './domain/catalog/catalog-index.ts';
import { createProjectSync } from './infra/sync/case-event-sync.ts';
import { collectSyncMetrics } from './infra/sync/sync-metrics.ts';
import type { SyncRelay } from './infra/sync/sync-relay.ts';
import type { SyncLagMonitor } from './infra/sync/sync-lag-monitor.ts';
import type { AuditChainMonitor } from './infra/audit/audit-chain-monitor.ts';
import { startOutsideSystems, type OutsideFakes, type OutsideUrls } from './system/outside-systems.ts';
import { createProvincialSync } from './system/provincial-sync.ts';
import { startBackground } from './system/background.ts';
import { createHealthCheck } from './system/health.ts';

export interface System {
  config: Config;
  database: Database;
  clock: Clock;
  engine: EngineHandle;
  app: FastifyInstance;
  /** The system's own intake, without the API's policy (tests, tools): register a project, submit on someone's behalf. */
  applications: {
    registerProject(input: ProjectInput): Promise<unknown>;
    submit(
      input: SubmitInput & { actor: EventActor },
    ): Promise<{ applicationId: string; caseIds: string[]; processInstanceKey: string | null }>;
  };
  /** Who gets the time warnings (refresh() after adding accounts). */
  contacts: AccountDirectory;
  /** Every case use case, as the routes call them (tests drive the system through them too). */
  useCases: CaseUseCases;
  /** The catalogue and the working calendars in force (tests read them). */
  catalog: CatalogIndex;
  calendars: Calendars;
  /** The provincial sync: relay loops (SYNC_RELAYS) and the lag monitor, stopped by close(). */
  sync: { relays: SyncRelay[]; lagMonitor: SyncLagMonitor };
  /** The scheduled audit-chain verification (AUDIT_VERIFY_INTERVAL_MS), stopped by close(). */
  auditChain: AuditChainMonitor;
  fakes: OutsideFakes;
  urls: OutsideUrls;
  close(): Promise<void>;
}

/**
 * Without a connection to 广东省投资项目在线审批监管平台 (none is configured on embedded defaults) a code
 * is checked for format, date and region only; the answer says so and the route passes it on as a warning.
 */
const OFFLINE_PROJECT_CODES: ProjectCodeVerifier = {
  async verify() {
    return { valid: true, reason: '未连接投资项目在线审批监管平台,仅作格式核验' };
  },
};

export async function startSystem(
  config: Config,
  logger: Logger,
  options: { clock?: Clock; database?: Database; projectCodes?: ProjectCodeVerifier } = {},
): Promise<System> {
  const database = options.database ?? (await openDatabase({ url: config.db.url, dataDir: config.db.dataDir }));
  const closers: (() => Promise<void>)[] = [];
  if (!options.database) closers.push(() => database.close());
  // demo time restores how far it was moved forward before anything reads the clock
  const demoClock =
    !options.clock && config.time.demo
      ? await openDemoClock({ database, logger: logger.child({ component: 'clock' }) })
      : null;
  if (demoClock) closers.push(() => demoClock.close());
  const clock = options.clock ?? demoClock?.clock ?? systemClock;

  const { fakes, urls } = await startOutsideSystems(config, logger, closers);

  // the embedded database never meets a full disk mid-write: writes are refused below the minimum
  const disk =
    database.kind === 'pglite' && !options.database
      ? watchDiskSpace(config.db.dataDir, config.db.minFreeDiskMb * 1_048_576)
      : null;
  if (disk) closers.push(async () => disk.stop());
  const engine = await createEngine(config, { database, clock, logger });
  closers.push(() => engine.engine.close());

  // the catalogue (validated; start-up fails naming the entry) and the working-day calendar
  await loadCatalog(database.db, ZHUHAI_CATALOG);
  const catalog = indexCatalog(ZHUHAI_CATALOG);
  // the working-day calendars: bundled national data plus the notices the city loads, kept fresh
  const calendars = await openCalendarBook({ database, logger, endOfDay: config.time.deadlineTimeOfDay });
  calendars.start(config.time.calendarRefreshMs);
  closers.push(async () => calendars.stop());

  // provincial sync (issue #6): the outbox hook and the relay loops (started in the background, with the lag monitor)
  const { afterEvent, syncMetrics, syncLogger, relays } = createProvincialSync({
    config,
    database,
    clock,
    logger,
    catalog,
    provinceUrl: urls.province,
  });

  const pii = createPiiCrypto(config.security.piiKey);
  // who gets the time warnings: the people on file (refreshed), or the contacts configured per department
  const contacts = createAccountDirectory({
    database,
    pii,
    logger: logger.child({ component: 'contacts' }),
    configured: config.warnings.contacts,
  });
  const sms = createSmsClient({ baseUrl: urls.sms, apiKey: config.sms.apiKey, timeoutMs: 10_000, logger });
  const coverage = createCoverageMonitor({ database, book: calendars, clock, sms, pii, logger });
  // the store: repositories and the unit of work (a transaction of the engine adapter); every new case event
  // and registered project goes to the sync outbox with it
  const store = createStore({
    database,
    calendars,
    engine: engine.engine,
    afterEvent,
    afterProject: createProjectSync(),
  });
  // the steps the diagrams' jobs run, built once; each worker is one call of its step
  const steps = createProcessSteps({
    store,
    catalog,
    calendars,
    clock,
    sms,
    log: logger.child({ component: 'worker' }),
    certificates: createCertificatesClient({
      baseUrl: urls.certificates,
      apiKey: config.certificates.apiKey,
      timeoutMs: 15_000,
      logger,
    }),
    contacts,
    messages: engine.engine,
    pendingClocks: coverage,
  });
  // 电子监察 for the API, and the A1 guard the task completion takes before a decision
  const supervisionUseCases = wireSupervisionUseCases({ database, store, calendars, catalog, clock });
  const useCases = createCaseUseCases({
    store,
    engine: engine.engine,
    catalog,
    catalogVersion: ZHUHAI_CATALOG.version,
    calendars,
    clock,
    watch: createCaseWatch(store),
    projectCodes: options.projectCodes ?? OFFLINE_PROJECT_CODES,
    decisionGuard: supervisionUseCases.checkDecision,
  });
  const applications: System['applications'] = {
    registerProject: (input) => useCases.registerProject(null, input),
    submit: ({ actor, ...input }) => useCases.submitApplication(null, input, actor),
  };
  // the engine's workers and scheduler, the sync relays and lag monitor, the audit chain, calendar coverage, 对账
  const { lagMonitor, auditChain, reconciler } = await startBackground(
    { config, logger, database, clock, engine, steps, sms, coverage, relays, syncLogger },
    closers,
  );

  const health = createHealthCheck({ config, database, clock, engine, coverage, disk });
  if (config.demo.data) {
    const accounts = await seedDemoAccounts({ database, pii, clock, password: config.demo.password });
    logger.info(
      { logins: accounts.map((a) => `${a.username} (${a.roles.join(',')})`), demoPassword: config.demo.password },
      'demo accounts',
    );
  }
  await contacts.refresh();
  contacts.start(config.warnings.refreshMs);
  closers.push(async () => contacts.stop());
  // 电子监察: the anomaly detector (every minute, nightly batch) and the A1 guard on decisions
  const supervision = startSupervision({
    database,
    catalog,
    calendars,
    clock,
    logger: logger.child({ component: 'supervision' }),
  });
  closers.push(async () => supervision.stop());
  const statistics = startStatisticsMaintenance(database, logger.child({ component: 'db' }));
  closers.push(async () => statistics.stop());
  const app = await buildApp({
    logger: logger.child({ component: 'api' }),
    health,
    clock,
    database,
    useCases: wireUseCases({
      database,
      clock,
      secrets: config.security,
      departments: ZHUHAI_CATALOG.departments,
      calendars,
      endOfDay: config.time.deadlineTimeOfDay,
      catalog,
      chromiumPath: config.report.chromiumPath,
    }),
    sync: true,
    metrics: [
      () => collectSyncMetrics(database.db, syncMetrics, clock.now()),
      () => coverage.renderMetrics(),
      () => reconciler.renderMetrics(),
      () => auditChain.render(),
    ], // demo time: every jump ends every session, so sign-ins come in bursts from one address
    rateLimit: config.time.demo
      ? { ...config.security.rateLimit, loginMax: Math.max(config.security.rateLimit.loginMax, 1000) }
      : config.security.rateLimit,
    trustProxy: config.http.trustProxy,
    ...(disk ? { storage: disk } : {}),
    cases: {
      useCases,
      supervision: supervisionUseCases,
      catalog: wireCatalogUseCases({ database, catalog, engine: engine.engine }),
    },
    ...(config.time.demo && clock instanceof ManualClock
      ? {
          dev: {
            useCases: createDemoUseCases({ clock, ...(fakes.sms ? { sentMessages: () => fakes.sms!.sent() } : {}) }),
          },
        }
      : {}),
  });
  // an advance of demo time is answered only once it is stored: a restart never moves demo time back
  if (demoClock)
    app.addHook('onSend', async (_request, _reply, payload) => {
      await demoClock.flush();
      return payload;
    });
  closers.push(() => app.close());

  return {
    config,
    database,
    clock,
    engine,
    app,
    fakes,
    urls,
    applications,
    useCases,
    contacts,
    catalog,
    calendars,
    sync: { relays, lagMonitor },
    auditChain,
    async close() {
      for (const close of closers.reverse())
        await close().catch((err: unknown) => logger.warn({ err }, 'close failed'));
    },
  };
}
