/**
 * Builds the Fastify app from its dependencies (no listen: main.ts listens, tests use inject).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../infra/logger.ts';
import { errorHandler, sendProblem } from './error-handler.ts';
import { healthRoutes, type HealthRoutesOptions } from './routes/health.routes.ts';

export interface AppDeps extends HealthRoutesOptions {
  logger: Logger;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, bodyLimit: 1024 * 1024 }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, { status: 404, title: `No route ${request.method} ${request.url}`, code: 'NOT_FOUND' }));
  await app.register(healthRoutes, { health: deps.health });
  return app;
}
