/**
 * GET /health — database, engine, scheduler and calendar state. `status` is degraded when any part is;
 * the answer is 503 only when the database does not answer (a calendar nearing its end still serves).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { PROBLEMS, PUBLIC } from './common.schemas.ts';

export const HealthReport = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({ ok: Type.Boolean(), kind: Type.String(), latencyMs: Type.Number() }),
  storage: Type.Optional(
    Type.Object({
      ok: Type.Boolean({
        description:
          'false: less free space in DATA_DIR than MIN_FREE_DISK_MB — writes are refused (503 STORAGE_FULL).',
      }),
      freeMb: Type.Integer(),
      minFreeMb: Type.Integer(),
    }),
  ),
  calendar: Type.Optional(
    Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
        description: 'degraded from 60 days before the last known year ends until the next year is loaded.',
      }),
      lastKnownYear: Type.Integer(),
      daysLeft: Type.Integer({
        description: 'Natural days until 31 December of the last known year (negative once past it).',
      }),
      pendingClocks: Type.Union([Type.Integer(), Type.Null()], {
        description: 'Running clocks whose deadline waits on a year the calendar lacks (last clock sweep).',
      }),
      pendingCountedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  engine: Type.Object({
    kind: Type.String(),
    deployedProcesses: Type.Array(Type.String()),
    reachable: Type.Optional(
      Type.Boolean({
        description:
          'ENGINE=zeebe: the cluster answers (false: the API serves, cases wait; the connection retries with backoff).',
      }),
    ),
    since: Type.Optional(Type.String()),
    lastError: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
  scheduler: Type.Union([
    Type.Object({
      running: Type.Boolean(),
      lastTickAt: Type.Union([Type.String(), Type.Null()]),
      nextDueAt: Type.Union([Type.String(), Type.Null()]),
      fired: Type.Integer(),
    }),
    Type.Null(),
  ]),
  time: Type.String({ description: 'The system clock (moved forward in demo mode).' }),
});
export type HealthReport = Static<typeof HealthReport>;

export interface HealthRoutesOptions {
  health: () => Promise<HealthReport>;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { health }) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['system'],
        summary: 'Liveness and readiness',
        security: PUBLIC,
        response: {
          200: HealthReport,
          503: { ...HealthReport, description: 'Not ready: the database is not reachable.' },
          ...PROBLEMS,
        },
      },
    },
    async (_request, reply) => {
      const report = await health();
      return reply.status(report.database.ok ? 200 : 503).send(report);
    },
  );
};
