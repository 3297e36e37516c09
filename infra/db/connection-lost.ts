/**
 * The database went away under a request: PostgreSQL restarted or stopped (SQLSTATE class 08 connection
 * exceptions, 57P01–57P03 shutdown and cannot-connect-now), or the driver lost its socket (node-postgres:
 * "Connection terminated…", a client "not queryable" after a connection error; postgres.js:
 * CONNECTION_CLOSED / ENDED / DESTROYED; ECONNREFUSED, ECONNRESET). The request did not commit; the pool
 * reconnects by itself, so the API answers 503 with a Retry-After and the client tries again.
 */
const CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);

const MESSAGES =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|Connection ended unexpectedly)/;

export function connectionLost(err: unknown): boolean {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth += 1, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
    if (e.code === undefined && typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  }
  return false;
}
