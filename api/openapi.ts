/**
 * The OpenAPI document's own parts — info, servers, the security scheme and the default requirement,
 * the tags — that @fastify/swagger completes with every route's schema (operationId, parameters,
 * bodies, responses, problem+json errors). Served at /docs/json; `openapi.test.ts` lints it.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The document's own parts (api/README.md "API conventions"); the operations come from the routes' schemas. */
export const OPENAPI: NonNullable<FastifyDynamicSwaggerOptions['openapi']> = {
  openapi: '3.0.3',
  info: {
    title: '珠海市工程建设项目审批管理系统 API',
    version: '1',
    description:
      'Every error is application/problem+json (RFC 9457) with a stable code, a Chinese detail and the offending field; every list pages with limit and offset and says its total; writes take an optional Idempotency-Key. See api/README.md.',
  },
  // relative: the server that serves this document (/docs/json), wherever it is deployed
  servers: [{ url: '/', description: '本服务 — the server this document is served from' }],
  // signed in unless an operation says otherwise (the public ones declare security: [])
  security: [{ bearerAuth: [] }],
  tags: [
    {
      name: 'auth',
      description: '登录、会话与口令 — sign in and out, refresh, change a password, the signed-in account',
    },
    { name: 'users', description: '账号管理 (办法 §23) — accounts, roles, permissions, password resets' },
    { name: 'audit', description: '操作日志 — the hash-chained audit log (audit admin)' },
    { name: 'calendar', description: '工作日历 — the working-day calculator and the calendar the city loads' },
    { name: 'catalog', description: '事项目录 — stages and items (办事指南), public' },
    { name: 'processes', description: '流程版本 — deployed stage diagrams and their deployment (developers)' },
    { name: 'projects', description: '项目 — registration and the project across its stages (一张蓝图)' },
    {
      name: 'applications',
      description: '申报 — stage applications: submission, initial check, supplements, withdrawal',
    },
    { name: 'cases', description: '办件 — item cases: special procedures, supplements, extensions, delivery' },
    { name: 'tasks', description: '待办 — the user tasks of the stage diagrams' },
    {
      name: 'supervision',
      description: '电子监察与月通报 (办法 §20–22) — time limits, anomalies, rules, the monthly report',
    },
    { name: 'sync', description: '省级同步 — the provincial sync outbox (supervisors)' },
    { name: 'system', description: 'Health and metrics' },
    { name: 'dev', description: 'Demo time only (never in production)' },
  ],
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'HS256 compact token (15 min)',
        description: 'POST /api/v1/auth/login gives it.',
      },
    },
  },
};
