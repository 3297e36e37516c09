/**
 * 操作日志 that cannot be lost: every request that is not a read (anything but GET/HEAD/OPTIONS) has
 * its audit record — actor, roles, department, client address, action (the route id), target,
 * outcome (the status, and the problem code when refused) — and no action happens without it
 * (fail closed, 等保 level 3). Two ways, chosen by the route:
 *
 * - `config: { audit: 'in-transaction' }` — the route's use case writes the record inside the action's
 *   own transaction (`request.auditInTransaction(status)` gives it the writer): one row, committed
 *   with the action or not at all. Login, password change, account creation, role/permission changes
 *   and password resets do this.
 * - otherwise (actions outside one database transaction: engine commands, decisions, supervision) —
 *   write-ahead: a `started` record is appended after authentication and validation, before the
 *   handler runs; if it cannot be written the request is refused with 503 AUDIT_UNAVAILABLE and the
 *   handler never runs. The outcome record follows when the response leaves, linked by `startedSeq`.
 *
 * Refusals are recorded with their problem code. An outcome record that cannot be written is logged
 * and counted (`audit_append_failures_total`); if that leaves a completed action with no record at
 * all (a route that said in-transaction and did not write), the answer becomes 503 AUDIT_UNAVAILABLE.
 * Routes add a target or details through `request.auditInfo`; personal-data reads call the audit
 * log themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemTitle, problemType } from '../error-handler.ts';
import type { Clock } from '../../infra/clock.ts';
import {
  AuditUnavailableError,
  type AuditEntry,
  type AuditFacts,
  type AuditInTx,
  type AuditRepo,
} from '../../infra/db/audit.repo.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The writer of this request's audit record inside the action's transaction, for `status`. */
    auditInTransaction(status: number): AuditInTx;
  }
  interface FastifyContextConfig {
    /** The route writes its audit record in the action's own transaction (see audit.hook.ts). */
    audit?: 'in-transaction';
  }
}

/** The actor part of an audit entry, from the request. */
export function auditActor(
  request: FastifyRequest,
): Pick<AuditEntry, 'actorUserId' | 'actorUsername' | 'actorRoles' | 'actorDepartment' | 'clientAddress'> {
  const actor = request.actor;
  return {
    actorUserId: actor?.userId ?? request.auditInfo?.actorUserId ?? null,
    actorUsername: actor?.username ?? request.auditInfo?.actorUsername ?? null,
    actorRoles: actor ? [...actor.roles] : [...(request.auditInfo?.actorRoles ?? [])],
    actorDepartment: actor?.departmentCode ?? request.auditInfo?.actorDepartment ?? null,
    clientAddress: request.ip,
  };
}

/** The route id: method and route pattern. */
export function routeId(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? '<unmatched>'}`;
}

function problemCode(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

const isWrite = (request: FastifyRequest) => !READS.has(request.method);
const inTransaction = (request: FastifyRequest) => request.routeOptions.config?.audit === 'in-transaction';

function entryOf(request: FastifyRequest, at: Date, outcome: string, extra: Record<string, unknown> = {}): AuditEntry {
  return {
    at,
    ...auditActor(request),
    action: routeId(request),
    target: request.auditInfo?.target ?? request.url.split('?')[0]!,
    outcome,
    details: { ...(request.auditInfo?.details ?? {}), ...extra },
  };
}

/** The audit log's health as Prometheus text. */
export interface AuditHookMetrics {
  failures: number;
  render(): string;
}

export function addAuditHook(app: FastifyInstance, audit: AuditRepo, clock: Clock): AuditHookMetrics {
  const metrics: AuditHookMetrics = {
    failures: 0,
    render() {
      return `# HELP audit_append_failures_total Audit records that could not be written (the action refused, or its outcome record lost).\n# TYPE audit_append_failures_total counter\naudit_append_failures_total ${this.failures}\n`;
    },
  };

  app.decorateRequest(
    'auditInTransaction',
    function auditInTransaction(this: FastifyRequest, status: number): AuditInTx {
      return async (tx, facts: AuditFacts = {}) => {
        this.auditInfo ??= {};
        const { details, ...rest } = facts;
        Object.assign(
          this.auditInfo,
          rest,
          details ? { details: { ...(this.auditInfo.details ?? {}), ...details } } : {},
        );
        await audit.appendIn(tx, entryOf(this, clock.now(), String(status)));
        // only a success is taken as recorded: a refusal after this (the transaction rolled back) is recorded by onSend
        this.auditInfo.recordedInTransaction = true;
      };
    },
  );

  // write-ahead: no action outside one transaction starts before its record is written
  app.addHook('preHandler', async (request) => {
    if (!isWrite(request) || inTransaction(request) || !request.routeOptions.url) return;
    try {
      const row = await audit.append(entryOf(request, clock.now(), 'started'));
      request.auditInfo.startedSeq = row.seq;
    } catch (err) {
      metrics.failures += 1;
      throw err instanceof AuditUnavailableError ? err : new AuditUnavailableError(err);
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (!isWrite(request)) return payload;
    const info = request.auditInfo ?? {};
    const status = reply.statusCode;
    if (status < 400 && info.recordedInTransaction) return payload;
    const code = status >= 400 ? problemCode(payload) : undefined;
    try {
      await audit.append(
        entryOf(request, clock.now(), String(status), {
          ...(code ? { code } : {}),
          ...(info.startedSeq ? { startedSeq: info.startedSeq } : {}),
        }),
      );
      return payload;
    } catch (err) {
      metrics.failures += 1;
      if (status >= 400 || info.startedSeq) {
        // refused (nothing done), or done with its started record: the outcome alone is lost
        request.log.error(
          { err, action: routeId(request), status, startedSeq: info.startedSeq },
          'audit outcome record could not be written',
        );
        return payload;
      }
      request.log.error({ err, action: routeId(request), status }, 'audit record missing for a completed action');
      reply.code(503).type('application/problem+json');
      return JSON.stringify({
        type: problemType('AUDIT_UNAVAILABLE'),
        title: problemTitle(503),
        status: 503,
        code: 'AUDIT_UNAVAILABLE',
        detail: '审计日志暂时无法写入,操作结果未能记录',
        instance: request.url,
      });
    }
  });
  return metrics;
}
