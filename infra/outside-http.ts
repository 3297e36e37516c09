/**
 * One HTTP call to an outside system with global fetch: a timeout on the whole exchange
 * (AbortSignal.timeout), JSON in and out, and every failure turned into the typed errors of
 * outside-errors.ts. Shared by the SMS, certificate and province clients.
 */
import type { Logger } from './logger.ts';
import { RejectedByOutsideError, RetryableOutsideError, type OutsideSystem } from './outside-errors.ts';

export interface OutsideCall {
  system: OutsideSystem;
  /** A constant name for logs and errors, e.g. "send". */
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Already serialised, so a signature can be computed over the exact bytes sent. */
  body?: string;
  timeoutMs: number;
  logger?: Logger;
  /** Statuses that are answers rather than failures (e.g. 404 on a lookup). */
  acceptStatuses?: readonly number[];
}

export interface OutsideAnswer<T> {
  status: number;
  body: T;
}

export async function callOutside<T>(call: OutsideCall): Promise<OutsideAnswer<T>> {
  const started = performance.now();
  const log = call.logger?.child({ system: call.system, operation: call.operation });
  let response: Response;
  let text: string;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const kind = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network';
    log?.warn({ kind, ms: Math.round(performance.now() - started), err }, 'outside call failed');
    throw new RetryableOutsideError(call.system, call.operation, kind, { cause: err });
  }
  const ms = Math.round(performance.now() - started);
  const parsed = parseJson(text);

  if (response.ok || call.acceptStatuses?.includes(response.status)) {
    if (parsed === undefined) {
      log?.warn({ status: response.status, ms }, 'outside answer unreadable');
      throw new RetryableOutsideError(call.system, call.operation, 'bad-response', {
        status: response.status,
        reason: 'body is not JSON',
      });
    }
    log?.debug({ status: response.status, ms }, 'outside call done');
    return { status: response.status, body: parsed as T };
  }

  const { reason, code } = reasonOf(parsed, text, response);
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    log?.warn({ status: response.status, ms, code }, 'outside system unavailable');
    throw new RetryableOutsideError(call.system, call.operation, response.status === 429 ? 'throttled' : 'server', {
      status: response.status,
      reason,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  log?.warn({ status: response.status, ms, code }, 'outside system rejected the request');
  throw new RejectedByOutsideError(call.system, call.operation, response.status, reason, code);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads the reason from the common shapes: {message}, {reason}, {msg}, {error}; else the raw text. */
function reasonOf(parsed: unknown, text: string, response: Response): { reason: string; code?: string } {
  if (parsed && typeof parsed === 'object') {
    const o = parsed as Record<string, unknown>;
    const reason = [o.message, o.reason, o.msg, o.error].find((v) => typeof v === 'string' && v !== '') as
      string | undefined;
    const code = typeof o.code === 'string' ? o.code : undefined;
    if (reason) return code ? { reason, code } : { reason };
  }
  return { reason: text.trim().slice(0, 500) || response.statusText || `HTTP ${response.status}` };
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
