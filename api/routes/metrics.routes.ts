/** GET /metrics — Prometheus text: HTTP metrics plus every renderer the system passes in. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PROBLEMS, PUBLIC } from './common.schemas.ts';

export interface MetricsRoutesOptions {
  renderers: readonly (() => string | Promise<string>)[];
}

export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesOptions> = async (app, { renderers }) => {
  app.get(
    '/metrics',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'getMetrics',
        tags: ['system'],
        summary: 'Prometheus metrics',
        security: PUBLIC,
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: Type.String() } },
          },
          ...PROBLEMS,
        },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send((await Promise.all(renderers.map((render) => render()))).join('')),
  );
};
