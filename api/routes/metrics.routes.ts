/** GET /metrics — Prometheus text: HTTP metrics plus every renderer the system passes in. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export interface MetricsRoutesOptions { renderers: readonly (() => string | Promise<string>)[] }

export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesOptions> = async (app, { renderers }) => {
  app.get('/metrics', {
    config: { rateLimit: false },
    schema: { tags: ['system'], summary: 'Prometheus metrics', response: { 200: Type.String() } },
  }, async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send((await Promise.all(renderers.map((render) => render()))).join('')));
};
