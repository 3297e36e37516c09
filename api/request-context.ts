/**
 * What the API knows about a request besides its input: the signed-in actor (set by the auth hook)
 * and what the audit hook should record (set by a route where the defaults are not enough).
 * Routes declare `config: { public: true }` to be reachable without a token; every other route under
 * /api/ requires one.
 */
import type { Actor } from '../domain/access/roles.ts';

export interface AuditInfo {
  /** Who, when nobody is signed in yet (login, password change). */
  actorUsername?: string;
  actorUserId?: string;
  actorRoles?: readonly string[];
  actorDepartment?: string;
  /** What was acted on; default the request path. */
  target?: string;
  details?: Record<string, unknown>;
  /** Set by the audit hook: the seq of this request's `started` record (write-ahead). */
  startedSeq?: number;
  /** Set by the audit hook: the record was written inside the action's transaction. */
  recordedInTransaction?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    auditInfo: AuditInfo;
  }
  interface FastifyContextConfig {
    /** Reachable without a bearer token. */
    public?: boolean;
  }
}

/** The signed-in actor of a route that requires one (the auth hook ran, so it is there). */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new Error('route without the auth hook asked for the actor');
  return request.actor;
}
