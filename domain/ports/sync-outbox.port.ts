/**
 * 省级同步 as supervisors see and mend it: the outbox's health (backlog, the oldest unsent record, the
 * open lag incident, open A10 anomalies) and the records the province refused (parked, SJSCZT −1, with
 * its reason SBYY), which a supervisor re-sends as they were or with corrected data.
 */
export interface SyncHealth {
  /** Records not yet acknowledged (parked excluded). */
  backlog: number;
  oldestUnsentAgeSeconds: number;
  parkedCount: number;
  incident: { id: number; openedAt: Date; notifiedAt: Date | null } | null;
  /** Open A10 sync-lag anomalies. */
  openAnomalies: number;
}

export interface ParkedRecord {
  /** 地方数据主键 */
  dfsjzj: string;
  table: string;
  caseId: string | null;
  /** 数据上传状态: −1 */
  sjsczt: -1;
  code: string | null;
  /** 失败原因 */
  sbyy: string | null;
  recordedAt: Date;
  parkedAt: Date | null;
  attempts: number;
}

export type ResendResult =
  { action: 'requeued'; id: number } | { action: 'corrected'; id: number; dfsjzj: string; supersededId: number };

export interface SyncOutbox {
  health(now: Date): Promise<SyncHealth>;
  /** The parked records in outbox order, a page at a time. */
  parked(page: { limit: number; offset: number }): Promise<{ rows: ParkedRecord[]; total: number }>;
  /**
   * 重报 — a parked record goes out again: as it was (no data), or with corrected data as a new record
   * (<dfsjzj>~<n>) in its place, the parked one kept as evidence. Null when no parked record has the key.
   */
  resendParked(
    dfsjzj: string,
    options: { now: Date; data?: Readonly<Record<string, unknown>>; reason?: string },
  ): Promise<ResendResult | null>;
}
