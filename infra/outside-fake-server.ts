/**
 * The common body of the local fake outside systems (SMS gateway, 省数字空间, 省工改系统): a fastify
 * app on a loopback port with the fault controls every fake shares.
 * - `setDown(true)` closes the listener and destroys open sockets: callers get "connection refused"
 *   on the same port until `setDown(false)` listens there again.
 * - `setFailWith(status)` answers every request with that status (e.g. 500, 503, 429).
 * - `setDelay(ms)` holds every request that long before handling it (slow system / client timeout).
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from './logger.ts';

export interface FakeServerOptions {
  /** 0 (the default) picks a free ephemeral port. */
  port?: number;
  host?: string;
  logger?: Logger;
}

export interface FaultControls {
  setDown(down: boolean): Promise<void>;
  setFailWith(status: number | undefined): void;
  setDelay(ms: number): void;
}

export interface FakeServer extends FaultControls {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The error body every fake sends: a machine code apart from the human (Chinese) message. */
export interface FakeErrorBody {
  code: string;
  message: string;
}

export async function startFakeServer(
  options: FakeServerOptions,
  register: (app: FastifyInstance) => void,
): Promise<FakeServer> {
  const host = options.host ?? '127.0.0.1';
  const app: FastifyInstance = options.logger
    ? Fastify({ loggerInstance: options.logger as FastifyBaseLogger, forceCloseConnections: true })
    : Fastify({ logger: false, forceCloseConnections: true });
  const closing = new AbortController();
  let failWith: number | undefined;
  let delayMs = 0;
  let down = false;

  app.addHook('onRequest', async (_request, reply) => {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
    if (failWith !== undefined) {
      const body: FakeErrorBody = { code: 'FAULT_INJECTED', message: `模拟故障：服务暂不可用（${failWith}）` };
      return reply.code(failWith).send(body);
    }
  });
  register(app);
  await app.listen({ port: options.port ?? 0, host });
  const port = (app.server.address() as AddressInfo).port;

  async function setDown(next: boolean): Promise<void> {
    if (next === down) return;
    down = next;
    if (next) {
      await new Promise<void>((resolve) => {
        app.server.close(() => resolve());
        app.server.closeAllConnections();
      });
      return;
    }
    await new Promise<void>((resolve, reject) => {
      app.server.once('error', reject);
      app.server.listen(port, host, () => {
        app.server.off('error', reject);
        resolve();
      });
    });
  }

  return {
    url: `http://${host}:${port}`,
    port,
    setDown,
    setFailWith(status) {
      failWith = status;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async close() {
      closing.abort();
      await setDown(false);
      await app.close();
    },
  };
}
