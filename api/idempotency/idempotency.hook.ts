/**
 * 幂等提交 — exactly-once writes for clients that send an `Idempotency-Key` header (any POST, PUT, PATCH
 * or DELETE under /api/): the first request runs and its answer is kept for a day; a repeat with the
 * same key from the same caller to the same route gets that answer again (header
 * `Idempotent-Replayed: true`) and does nothing; a repeat while the first still runs waits for it up to
 * a few seconds, then answers 409 IDEMPOTENCY_IN_PROGRESS; the same key with another request is 422
 * IDEMPOTENCY_KEY_REUSED. A server error (5xx) is not kept, so a retry runs again; a record whose
 * process died mid-request is taken over after `staleMs`. Natural keys (one open application per
 * project, stage and items; usernames; project codes) still refuse a duplicate sent without a key.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../infra/clock.ts';
import type { IdempotencyRepo } from '../../infra/db/idempotency.repo.ts';
import { canonicalJson } from '../../infra/crypto/chain-hash.ts';
import { sendProblem } from '../error-handler.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,200}$';

export interface IdempotencyOptions {
  ttlMs: number;
  staleMs: number;
  waitMs: number;
}
export const DEFAULT_IDEMPOTENCY: IdempotencyOptions = { ttlMs: 86_400_000, staleMs: 60_000, waitMs: 3_000 };

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

/** Declares the optional header on every write route (so it is validated and documented); call before the routes. */
export function addIdempotencyHook(
  app: FastifyInstance,
  repo: IdempotencyRepo,
  clock: Clock,
  options: IdempotencyOptions = DEFAULT_IDEMPOTENCY,
): void {
  app.decorateRequest('idempotency', null);
  const purge = setInterval(() => {
    repo.purge(clock.now()).catch((err: unknown) => app.log.warn({ err }, 'idempotency purge failed'));
  }, 3_600_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.url.startsWith('/api/') || !methods.some((m) => WRITES.has(m)) || route.schema?.headers) return;
    route.schema = {
      ...route.schema,
      headers: Type.Object({
        [HEADER]: Type.Optional(
          Type.String({
            pattern: IDEMPOTENCY_KEY_PATTERN,
            description: 'Send the same key again to get the first answer instead of a second effect (kept 24 h).',
          }),
        ),
      }),
    };
  });

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers[HEADER];
    if (typeof key !== 'string' || !WRITES.has(request.method) || !request.url.startsWith('/api/')) return;
    const scope = `${request.actor?.userId ?? 'anonymous'}|${request.method} ${request.routeOptions.url ?? request.url}`;
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? null }))
      .digest('hex');
    const until = Date.now() + options.waitMs;
    for (;;) {
      if ((await repo.begin(scope, key, fingerprint, clock.now(), options.ttlMs)) === 'started') {
        request.idempotency = { scope, key };
        return;
      }
      const record = await repo.get(scope, key);
      if (!record) continue; // abandoned in between: begin again
      if (record.fingerprint !== fingerprint) {
        return sendProblem(reply, request, {
          status: 422,
          code: 'IDEMPOTENCY_KEY_REUSED',
          detail: '此幂等键已用于另一请求,请换一个键',
          field: `headers.${HEADER}`,
        });
      }
      if (record.state === 'DONE') {
        return reply
          .status(record.status ?? 200)
          .header('content-type', record.contentType ?? 'application/json; charset=utf-8')
          .header('idempotent-replayed', 'true')
          .send(record.body);
      }
      const now = clock.now();
      if (await repo.takeOver(scope, key, new Date(now.getTime() - options.staleMs), now)) {
        request.idempotency = { scope, key };
        return;
      }
      if (Date.now() >= until) {
        return sendProblem(reply.header('retry-after', '1'), request, {
          status: 409,
          code: 'IDEMPOTENCY_IN_PROGRESS',
          detail: '相同的请求正在处理,请稍后重试',
          field: `headers.${HEADER}`,
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.idempotency;
    if (!pending) return payload;
    request.idempotency = null;
    // the answer goes out whatever happens to its record: a record that cannot be written (the database
    // went away after the action) stays IN_PROGRESS and is taken over once stale — never a second error
    try {
      if (reply.statusCode >= 500 || typeof payload !== 'string') await repo.abandon(pending.scope, pending.key);
      else
        await repo.finish(pending.scope, pending.key, {
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? '') || null,
          body: payload,
        });
    } catch (err) {
      request.log.error({ err, idempotencyKey: pending.key }, 'idempotency record could not be written');
    }
    return payload;
  });
}
