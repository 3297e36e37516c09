/**
 * Authentication for every route under /api/ unless it declares `config: { public: true }`: the
 * bearer token is checked against its session and the actor put on the request. Added on the root
 * instance before the routes, so every route registered after it (in any plugin) gets it.
 */
import type { FastifyInstance } from 'fastify';
import type { AccessUseCases } from '../../app/access-use-cases.ts';

export function addAuthHook(app: FastifyInstance, authenticate: AccessUseCases['authenticate']): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('auditInfo', null as never);
  app.addHook('onRequest', async (request) => {
    request.auditInfo = {};
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public === true || !request.routeOptions.url)
      return;
    const { actor, sessionId } = await authenticate(request.headers.authorization);
    request.actor = actor;
    request.sessionId = sessionId;
  });
}
