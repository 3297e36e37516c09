/**
 * 操作日志 for free: every request that is not a read (anything but GET/HEAD/OPTIONS) is appended to
 * the audit log before its response leaves — actor, roles, department, client address, action (the
 * route id), target, outcome (the status, and the problem code when refused). Routes add a target or
 * details through `request.auditInfo`; personal-data reads call the audit log themselves.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../infra/clock.ts';
import type { AuditEntry, AuditRepo } from '../../infra/db/audit.repo.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor part of an audit entry, from the request. */
export function auditActor(request: FastifyRequest): Pick<AuditEntry, 'actorUserId' | 'actorUsername' | 'actorRoles' | 'actorDepartment' | 'clientAddress'> {
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
  try { const code = (JSON.parse(payload) as { code?: unknown }).code; return typeof code === 'string' ? code : undefined; } catch { return undefined; }
}

export function addAuditHook(app: FastifyInstance, audit: AuditRepo, clock: Clock): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (READS.has(request.method)) return payload;
    const status = reply.statusCode;
    const code = status >= 400 ? problemCode(payload) : undefined;
    try {
      await audit.append({
        at: clock.now(), ...auditActor(request), action: routeId(request), target: request.auditInfo?.target ?? request.url.split('?')[0]!,
        outcome: String(status), details: { ...(request.auditInfo?.details ?? {}), ...(code ? { code } : {}) },
      });
    } catch (err) {
      request.log.error({ err, action: routeId(request) }, 'audit append failed');
    }
    return payload;
  });
}
