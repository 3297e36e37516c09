/** GET /health — database, engine and scheduler state. 503 when the database does not answer. */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';

export const HealthReport = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({ ok: Type.Boolean(), kind: Type.String(), latencyMs: Type.Number() }),
  engine: Type.Object({ kind: Type.String(), deployedProcesses: Type.Array(Type.String()) }),
  scheduler: Type.Union([
    Type.Object({ running: Type.Boolean(), lastTickAt: Type.Union([Type.String(), Type.Null()]), nextDueAt: Type.Union([Type.String(), Type.Null()]), fired: Type.Integer() }),
    Type.Null(),
  ]),
  time: Type.String({ description: 'The system clock (moved forward in demo mode).' }),
});
export type HealthReport = Static<typeof HealthReport>;

export interface HealthRoutesOptions {
  health: () => Promise<HealthReport>;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { health }) => {
  app.get('/health', {
    schema: { tags: ['system'], summary: 'Liveness and readiness', response: { 200: HealthReport, 503: HealthReport } },
  }, async (_request, reply) => {
    const report = await health();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
};
