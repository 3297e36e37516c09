/**
 * Builds the Fastify app from its dependencies (no listen: main.ts listens, tests use inject).
 *
 * Order matters: validation by TypeBox (bodies never coerced: a number is not a string), the one
 * error handler, the edge (number bounds on every schema, the JSON body parser), security headers,
 * rate limits, the OpenAPI document, then the hooks every route gets — the URL and header check,
 * authentication under /api/ (unless a route is `public`), the audit of every write, HTTP metrics —
 * and last the routes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { Logger } from '../infra/logger.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db/client.ts';
import type { Calendars } from '../domain/calendar/calendars.ts';
import type { CalendarService } from '../infra/calendar/calendar.service.ts';
import type { DepartmentRef } from '../domain/access/lead-department.ts';
import { createAccountRepo } from '../infra/db/account.repo.ts';
import { createAuditRepo, type AuditRepo } from '../infra/db/audit.repo.ts';
import { createPiiCrypto, type PiiCrypto } from '../infra/crypto/pii-crypto.ts';
import { createTokenSigner } from '../infra/crypto/access-token.ts';
import { errorHandler, sendProblem } from './error-handler.ts';
import { addRequestSchemaBounds } from './edge/request-schemas.ts';
import { addJsonBodyParser } from './edge/json-body.parser.ts';
import { addRequestLineHook } from './edge/request-line.hook.ts';
import { healthRoutes, type HealthRoutesOptions } from './routes/health.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { calendarRoutes } from './routes/calendar.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { caseRoutes, type CaseRoutesOptions } from './routes/cases.routes.ts';
import { catalogRoutes, type CatalogRoutesOptions } from './routes/catalog.routes.ts';
import { devRoutes, type DevRoutesOptions } from './routes/dev.routes.ts';
import { supervisionRoutes } from './routes/supervision.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { createMonthlyReports } from '../infra/supervision/monthly-report.service.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { syncRoutes } from './routes/sync.routes.ts';
import { createAuthService, type AuthService } from './auth/auth.service.ts';
import { createUsersService } from './auth/users.service.ts';
import { addAuthHook } from './auth/auth.hook.ts';
import { addAuditHook } from './audit/audit.hook.ts';
import { addIdempotencyHook } from './idempotency/idempotency.hook.ts';
import { createIdempotencyRepo } from '../infra/db/idempotency.repo.ts';
import { addMetricsHook, createHttpMetrics } from './metrics/http-metrics.ts';
import './request-context.ts';

export interface AppDeps extends HealthRoutesOptions {
  logger: Logger;
  clock: Clock;
  database: Database;
  /** The working-day calendars in force (a region's for its clocks; the city's for the public calculator). */
  calendars: Calendars;
  /** The calendar as data: known years and the system administrator's loads. */
  calendarService: CalendarService;
  /** Departments accounts may belong to (the catalogue's list). */
  departments: readonly DepartmentRef[];
  secrets: { tokenSecret: string; piiKey: string };
  /** Extra Prometheus renderers for /metrics (sync, engine …). */
  metrics?: readonly (() => string | Promise<string>)[];
  /** GET /api/v1/sync/status and the parked-record resend (supervisors); absent: not mounted. */
  sync?: boolean;
  /** Requests per minute per client address: everything, and login/refresh/password change. */
  rateLimit?: { max: number; loginMax: number };
  trustProxy?: boolean;
  /** The case routes (projects, applications, cases, tasks) and the catalogue/process routes; absent in API-only tests. */
  cases?: CaseRoutesOptions & Omit<CatalogRoutesOptions, 'database'>;
  /** Chromium that prints PDF reports (default /usr/bin/chromium). */
  chromiumPath?: string;
  /** The embedded data directory's free space: below its minimum every write is refused (503 STORAGE_FULL). */
  storage?: { status(): { ok: boolean; freeBytes: number; minFreeBytes: number } };
  /** Demo time only: the clock-advance and fake-SMS endpoints. */
  dev?: DevRoutesOptions;
}

/** What later routes (cases, stages) reuse: the audit log, PII crypto and the auth service. */
export interface ApiServices { audit: AuditRepo; pii: PiiCrypto; auth: AuthService }

export const DEFAULT_RATE_LIMIT = { max: 300, loginMax: 10 } as const;
/** Longest path parameter (the longest legitimate one, a provincial record key, is 200); longer: 414. */
export const MAX_PARAM_LENGTH = 256;
const MINUTE = 60_000;

export function createApiServices(deps: Pick<AppDeps, 'database' | 'clock' | 'secrets'>): ApiServices & { accounts: ReturnType<typeof createAccountRepo> } {
  const accounts = createAccountRepo(deps.database.db);
  return {
    accounts,
    audit: createAuditRepo(deps.database.db),
    pii: createPiiCrypto(deps.secrets.piiKey),
    auth: createAuthService({ database: deps.database, accounts, signer: createTokenSigner(deps.secrets.tokenSecret), clock: deps.clock }),
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger, bodyLimit: 1024 * 1024, trustProxy: deps.trustProxy ?? false,
    // the router's own refusals (bad percent-encoding, a parameter past maxParamLength: 414) go to the one error handler
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH }, frameworkErrors: errorHandler,
  }) as unknown as FastifyInstance;
  registerAjvFormats();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(errorHandler);
  // input hygiene at the edge (api/edge): number bounds on every route's schema, the JSON body parser
  addRequestSchemaBounds(app);
  addJsonBodyParser(app);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, { status: 404, title: `No route ${request.method} ${request.url}`, code: 'NOT_FOUND' }));

  const services = createApiServices(deps);
  const limits = deps.rateLimit ?? DEFAULT_RATE_LIMIT;

  await app.register(helmet, { global: true });
  await app.register(rateLimit, { global: true, max: limits.max, timeWindow: MINUTE });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '珠海市工程建设项目审批管理系统 API', version: '1' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'HS256 compact token (15 min)' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  addRequestLineHook(app, { trustProxy: deps.trustProxy ?? false });
  if (deps.storage) {
    const storage = deps.storage;
    app.addHook('onRequest', async (request, reply) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || storage.status().ok) return;
      const { freeBytes, minFreeBytes } = storage.status();
      return sendProblem(reply.header('retry-after', '60'), request, {
        status: 503, code: 'STORAGE_FULL', title: `数据盘可用空间不足(剩余 ${Math.floor(freeBytes / 1_048_576)} MB,最少 ${Math.floor(minFreeBytes / 1_048_576)} MB),暂停写入`,
      });
    });
  }
  addAuthHook(app, services.auth);
  const auditMetrics = addAuditHook(app, services.audit, deps.clock);
  addIdempotencyHook(app, createIdempotencyRepo(deps.database.db), deps.clock);
  const http = createHttpMetrics();
  addMetricsHook(app, http);

  await app.register(healthRoutes, { health: deps.health });
  await app.register(metricsRoutes, { renderers: [() => http.render(), () => auditMetrics.render(), ...(deps.metrics ?? [])] });
  await app.register(authRoutes, { auth: services.auth, pii: services.pii, clock: deps.clock, loginRateLimit: { max: limits.loginMax, timeWindow: MINUTE } });
  await app.register(usersRoutes, {
    users: createUsersService({ database: deps.database, accounts: services.accounts, audit: services.audit, pii: services.pii, clock: deps.clock, departments: deps.departments }),
  });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(calendarRoutes, { calendars: deps.calendars, service: deps.calendarService });
  if (deps.dev) await app.register(devRoutes, deps.dev);
  if (deps.sync) await app.register(syncRoutes, { database: deps.database, clock: deps.clock });
  await app.register(reportRoutes, {
    reports: createMonthlyReports({ database: deps.database, calendars: deps.calendars, catalog: deps.cases?.catalog ?? indexCatalog(ZHUHAI_CATALOG), clock: deps.clock }), chromiumPath: deps.chromiumPath ?? '/usr/bin/chromium',
  });
  if (deps.cases) {
    await app.register(caseRoutes, { useCases: deps.cases.useCases });
    await app.register(catalogRoutes, { catalog: deps.cases.catalog, engine: deps.cases.engine, database: deps.database });
    await app.register(supervisionRoutes, { database: deps.database, clock: deps.clock, calendars: deps.calendars, catalog: deps.cases.catalog });
  }
  return app;
}
