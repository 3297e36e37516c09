/**
 * HTTP client of the provincial approval system (省工改系统). Contract (ours until the province
 * publishes its own; province.fake-server.ts implements the same):
 *   POST {baseUrl}/v1/batches   body: ProvinceEnvelope (JSON)   headers: see province-signature.ts
 *   200  { msgId, results: [{ dfsjzj, status: 'OK' | 'REJECTED', code?, reason? }] }
 *   401  bad signature · 400 malformed envelope → RejectedByOutsideError
 * Each attempt is signed afresh (new timestamp and nonce), so a retry is never taken for a replay.
 */
import type { Logger } from '../logger.ts';
import { RetryableOutsideError } from '../outside-errors.ts';
import { callOutside } from '../outside-http.ts';
import { newNonce, signedHeaders } from './province-signature.ts';
import type { ProvinceBatchResult, ProvinceEnvelope, ProvincePush } from './province.port.ts';

export interface ProvinceClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  logger?: Logger;
  /** For tests: the clock and nonce source used in signatures. */
  nowMs?: () => number;
  nonce?: () => string;
}

export function createProvinceClient(options: ProvinceClientOptions): ProvincePush {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const nowMs = options.nowMs ?? Date.now;
  const nonce = options.nonce ?? newNonce;

  return {
    async push(envelope: ProvinceEnvelope): Promise<ProvinceBatchResult> {
      const body = JSON.stringify(envelope);
      const { body: answer } = await callOutside<Partial<ProvinceBatchResult>>({
        system: 'province',
        operation: 'push',
        method: 'POST',
        url: `${baseUrl}/v1/batches`,
        headers: signedHeaders({
          appId: options.appId,
          appSecret: options.appSecret,
          body,
          nowMs: nowMs(),
          nonce: nonce(),
        }),
        body,
        timeoutMs: options.timeoutMs,
        logger: options.logger,
      });
      const results = Array.isArray(answer.results) ? answer.results : [];
      const answered = new Set(results.map((r) => r.dfsjzj));
      const missing = envelope.records.filter((r) => !answered.has(r.dfsjzj)).length;
      if (missing > 0) {
        throw new RetryableOutsideError('province', 'push', 'bad-response', {
          reason: `${missing} record(s) without a result`,
        });
      }
      const rejected = results.filter((r) => r.status === 'REJECTED').length;
      options.logger?.info(
        { msgId: envelope.msgId, records: envelope.records.length, rejected },
        'province batch pushed',
      );
      return { msgId: answer.msgId ?? envelope.msgId, results };
    },
  };
}
