/**
 * 省工改系统 数据推送 — the port to the provincial approval system (办法 §5: real-time sync, lag ≤
 * 5 min). One batch envelope carries rows of the SPGL_* tables exactly as BRIEF §5 proposes; the
 * province answers per record, so one bad record does not fail the batch.
 *
 * Errors: `RetryableOutsideError` (down, timeout, 5xx, 429, an answer that does not cover every
 * record) — push again: records are idempotent by DFSJZJ. `RejectedByOutsideError` (bad signature,
 * malformed envelope) — the whole batch was refused. A REJECTED record is an answer, not an error.
 */
import type { SpglTable } from './spgl-tables.ts';

export type { SpglTable };

export interface ProvinceRecord {
  table: SpglTable;
  op: 'UPSERT' | 'INSERT';
  /** 地方数据主键 — our key for the row; the province de-duplicates on it. */
  dfsjzj: string;
  /** The row's SPGL fields (XMDM, SPSXSLBM, BLZT, SJYXBS …), named as in the standard. */
  data: Readonly<Record<string, unknown>>;
}

export interface ProvinceEnvelope {
  msgId: string;
  /** ISO 8601 with +08:00, e.g. 2025-06-03T10:15:02+08:00 (see china-time.ts). */
  sentAt: string;
  /** Our system id, e.g. ZH-GGXT. */
  source: string;
  /** 行政区划代码, e.g. 440400. */
  xzqhdm: string;
  records: readonly ProvinceRecord[];
}

/** Why the province refused one record (machine code; the reason text is for people). */
export type ProvinceRejectCode =
  | 'UNKNOWN_TABLE'
  | 'INVALID_RECORD'
  | 'MISSING_FIELDS'
  | 'INVALID_FIELD'
  | 'MISSING_INVALID_REASON'
  | 'UNKNOWN_PROJECT'
  | 'UNKNOWN_CASE'
  | 'REFUSED';

export type ProvinceRecordResult =
  | { dfsjzj: string; status: 'OK' }
  | { dfsjzj: string; status: 'REJECTED'; code?: ProvinceRejectCode | (string & {}); reason: string };

export interface ProvinceBatchResult {
  msgId: string;
  /** One per record, in the order sent. */
  results: ProvinceRecordResult[];
}

export interface ProvincePush {
  push(envelope: ProvinceEnvelope): Promise<ProvinceBatchResult>;
}
