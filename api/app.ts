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
import { OPENAPI } from './openapi.ts';
import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { Logger } from '../infra/logger.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db/client.ts';
import { createAuditRepo } from '../infra/db/audit.repo.ts';
import type { ApiUseCases } from '../use-cases.ts';
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
import { projectRoutes } from './routes/projects.routes.ts';
import { applicationRoutes } from './routes/applications.routes.ts';
import { caseRoutes, type CaseRoutesOptions } from './routes/cases.routes.ts';
import { taskRoutes } from './routes/tasks.routes.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import type { CatalogUseCases } from '../app/catalog-use-cases.ts';
import { devRoutes, type DevRoutesOptions } from './routes/dev.routes.ts';
import { supervisionRoutes } from './routes/supervision.routes.ts';
import type { SupervisionUseCases } from '../app/supervision-use-cases.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { syncRoutes } from './routes/sync.routes.ts';
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
  /** The use cases the routes call (use-cases.ts wires them; the case routes' come with `cases`). */
  useCases: ApiUseCases;
  /** Extra Prometheus renderers for /metrics (sync, engine …). */
  metrics?: readonly (() => string | Promise<string>)[];
  /** GET /api/v1/sync/status, the parked records and their resend (supervisors); absent: not mounted. */
  sync?: boolean;
  /** Requests per minute per client address: everything, and login/refresh/password change. */
  rateLimit?: { max: number; loginMax: number };
  trustProxy?: boolean;
  /** The case routes (projects, applications, cases, tasks), supervision and the catalogue/process routes; absent in API-only tests. */
  cases?: CaseRoutesOptions & { supervision: SupervisionUseCases; catalog: CatalogUseCases };
  /** The embedded data directory's free space: below its minimum every write is refused (503 STORAGE_FULL). */
  storage?: { status(): { ok: boolean; freeBytes: number; minFreeBytes: number } };
  /** Demo time only: the clock-advance and fake-SMS endpoints. */
  dev?: DevRoutesOptions;
}

export const DEFAULT_RATE_LIMIT = { max: 300, loginMax: 10 } as const;
/** Longest path parameter (the longest legitimate one, a provincial record key, is 200); longer: 414. */
export const MAX_PARAM_LENGTH = 256;
const MINUTE = 60_000;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    // the router's own refusals (bad percent-encoding, a parameter past maxParamLength: 414) go to the one error handler
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: errorHandler,
  }) as unknown as FastifyInstance;
  registerAjvFormats();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(errorHandler);
  // input hygiene at the edge (api/edge): number bounds on every route's schema, the JSON body parser
  addRequestSchemaBounds(app);
  addJsonBodyParser(app);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, {
      status: 404,
      detail: `没有 ${request.method} ${request.url.split('?')[0]} 这一接口`,
      code: 'NOT_FOUND',
    }),
  );

  const limits = deps.rateLimit ?? DEFAULT_RATE_LIMIT;

  await app.register(helmet, { global: true });
  await app.register(rateLimit, { global: true, max: limits.max, timeWindow: MINUTE });
  await app.register(swagger, { openapi: OPENAPI });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  addRequestLineHook(app, { trustProxy: deps.trustProxy ?? false });
  if (deps.storage) {
    const storage = deps.storage;
    app.addHook('onRequest', async (request, reply) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || storage.status().ok) return;
      const { freeBytes, minFreeBytes } = storage.status();
      return sendProblem(reply.header('retry-after', '60'), request, {
        status: 503,
        code: 'STORAGE_FULL',
        detail: `数据盘可用空间不足(剩余 ${Math.floor(freeBytes / 1_048_576)} MB,最少 ${Math.floor(minFreeBytes / 1_048_576)} MB),暂停写入`,
      });
    });
  }
  addAuthHook(app, deps.useCases.access.authenticate);
  const auditMetrics = addAuditHook(app, createAuditRepo(deps.database.db), deps.clock);
  addIdempotencyHook(app, createIdempotencyRepo(deps.database.db), deps.clock);
  const http = createHttpMetrics();
  addMetricsHook(app, http);

  await app.register(healthRoutes, { health: deps.health });
  await app.register(metricsRoutes, {
    renderers: [() => http.render(), () => auditMetrics.render(), ...(deps.metrics ?? [])],
  });
  const { access } = deps.useCases;
  await app.register(authRoutes, { useCases: access, loginRateLimit: { max: limits.loginMax, timeWindow: MINUTE } });
  await app.register(usersRoutes, { useCases: access });
  await app.register(auditRoutes, { useCases: access });
  await app.register(calendarRoutes, { useCases: deps.useCases.calendar });
  if (deps.dev) await app.register(devRoutes, deps.dev);
  if (deps.sync) await app.register(syncRoutes, { useCases: deps.useCases.sync });
  await app.register(reportRoutes, { useCases: deps.useCases.reports });
  if (deps.cases) {
    await app.register(projectRoutes, { useCases: deps.cases.useCases });
    await app.register(applicationRoutes, { useCases: deps.cases.useCases });
    await app.register(caseRoutes, { useCases: deps.cases.useCases });
    await app.register(taskRoutes, { useCases: deps.cases.useCases });
    await app.register(catalogRoutes, { useCases: deps.cases.catalog });
    await app.register(supervisionRoutes, { useCases: deps.cases.supervision });
  }
  return app;
}
