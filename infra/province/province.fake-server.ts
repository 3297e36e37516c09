/**
 * A local fake of the provincial approval system (省工改系统) with the contract of province.client.ts.
 * It verifies the request signature (401), the envelope (400), then judges each record in order
 * (province-record-check.ts) and answers per record. Records are idempotent by DFSJZJ: a repeat is
 * acknowledged OK and stored once (UPSERT replaces the stored data; INSERT keeps the first).
 */
import type { FastifyInstance } from 'fastify';
import {
  startFakeServer,
  type FakeErrorBody,
  type FakeServer,
  type FakeServerOptions,
} from '../outside-fake-server.ts';
import { CHINA_TIMESTAMP } from './china-time.ts';
import { checkRecord } from './province-record-check.ts';
import { checkSignature } from './province-signature.ts';
import type { ProvinceEnvelope, ProvinceRecord, ProvinceRecordResult } from './province.port.ts';

export interface FakeProvinceRejection {
  dfsjzj: string;
  table: unknown;
  code: string;
  reason: string;
}

export interface FakeProvinceDuplicate {
  dfsjzj: string;
  table: string;
  /** false: the repeat carried different data. */
  sameData: boolean;
}

export interface FakeProvince extends FakeServer {
  /** Accepted records, each DFSJZJ once, in order of first arrival (UPSERT: latest data). */
  records(): ProvinceRecord[];
  /** How many times a DFSJZJ arrived and was acknowledged OK (2 after one resend). */
  receivedCount(dfsjzj: string): number;
  /** Every accepted repeat of an already stored DFSJZJ, in arrival order. */
  duplicates(): FakeProvinceDuplicate[];
  rejected(): FakeProvinceRejection[];
  /** Envelopes that passed signature and envelope checks, without their records. */
  envelopes(): Omit<ProvinceEnvelope, 'records'>[];
  /** Reject these DFSJZJ (REFUSED, with a reason) until called again; [] clears. */
  rejectKeys(dfsjzj: readonly string[]): void;
}

export interface FakeProvinceOptions extends FakeServerOptions {
  /** Known callers and their secrets. Default: { 'ZH-GGXT': 'dev-province-secret' } (as infra/config.ts). */
  apps?: Readonly<Record<string, string>>;
  /** The fake's clock in ms, for the timestamp window. Default: Date.now. */
  nowMs?: () => number;
}

const envelopeSchema = {
  type: 'object',
  required: ['msgId', 'sentAt', 'source', 'xzqhdm', 'records'],
  properties: {
    msgId: { type: 'string', minLength: 1 },
    sentAt: { type: 'string', pattern: CHINA_TIMESTAMP.source },
    source: { type: 'string', minLength: 1 },
    xzqhdm: { type: 'string', pattern: '^\\d{6}$' },
    // Records are judged one by one, so one bad record does not fail the batch.
    records: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object' } },
  },
} as const;

export async function startFakeProvince(options: FakeProvinceOptions = {}): Promise<FakeProvince> {
  const apps = options.apps ?? { 'ZH-GGXT': 'dev-province-secret' };
  const nowMs = options.nowMs ?? Date.now;
  const stored = new Map<string, ProvinceRecord>();
  const counts = new Map<string, number>();
  const projects = new Set<string>();
  const cases = new Set<string>();
  const nonces = new Set<string>();
  const duplicates: FakeProvinceDuplicate[] = [];
  const rejections: FakeProvinceRejection[] = [];
  const envelopes: Omit<ProvinceEnvelope, 'records'>[] = [];
  let refused = new Set<string>();
  const rawBodies = new WeakMap<object, string>();

  function accept(record: ProvinceRecord): void {
    counts.set(record.dfsjzj, (counts.get(record.dfsjzj) ?? 0) + 1);
    const earlier = stored.get(record.dfsjzj);
    if (earlier) {
      duplicates.push({
        dfsjzj: record.dfsjzj,
        table: record.table,
        sameData: JSON.stringify(earlier.data) === JSON.stringify(record.data),
      });
      if (record.op === 'INSERT') return;
    }
    stored.set(record.dfsjzj, structuredClone(record));
    if (record.table === 'SPGL_XMJBXXB') projects.add(String(record.data.GCDM));
    if (record.table === 'SPGL_XMSPSXBLXXB') cases.add(String(record.data.SPSXSLBM));
  }

  function judge(record: unknown): ProvinceRecordResult {
    const dfsjzj = String((record as { dfsjzj?: unknown } | null)?.dfsjzj ?? '');
    const verdict = refused.has(dfsjzj)
      ? { ok: false as const, code: 'REFUSED' as const, reason: '模拟拒收：该记录被测试设为拒收' }
      : checkRecord(record, { hasProject: (g) => projects.has(g), hasCase: (c) => cases.has(c) });
    if (!verdict.ok) {
      rejections.push({
        dfsjzj,
        table: (record as { table?: unknown } | null)?.table,
        code: verdict.code,
        reason: verdict.reason,
      });
      return { dfsjzj, status: 'REJECTED', code: verdict.code, reason: verdict.reason };
    }
    accept(record as ProvinceRecord);
    return { dfsjzj, status: 'OK' };
  }

  const server = await startFakeServer(options, (app: FastifyInstance) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      rawBodies.set(request.raw, body as string);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('请求体不是合法的JSON'), { statusCode: 400 }), undefined);
      }
    });

    app.addHook('preValidation', async (request, reply) => {
      const check = checkSignature({
        headers: request.headers,
        body: rawBodies.get(request.raw) ?? '',
        secretOf: (id) => apps[id],
        nowMs: nowMs(),
        useNonce: (nonce) => !nonces.has(nonce) && Boolean(nonces.add(nonce)),
      });
      if (!check.ok) return reply.code(401).send({ code: check.code, message: check.message } satisfies FakeErrorBody);
    });

    app.post<{ Body: ProvinceEnvelope }>('/v1/batches', { schema: { body: envelopeSchema } }, async (request) => {
      const { records, ...header } = request.body;
      envelopes.push(header);
      return { msgId: header.msgId, results: records.map(judge) };
    });
  });

  return {
    ...server,
    records: () => [...stored.values()].map((r) => structuredClone(r)),
    receivedCount: (dfsjzj) => counts.get(dfsjzj) ?? 0,
    duplicates: () => [...duplicates],
    rejected: () => [...rejections],
    envelopes: () => [...envelopes],
    rejectKeys(dfsjzj) {
      refused = new Set(dfsjzj);
    },
  };
}
