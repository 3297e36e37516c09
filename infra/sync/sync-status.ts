/**
 * 同步状态 — what GET /api/v1/sync/status shows supervisors: backlog, the age of the oldest unsent
 * record, the open lag incident, open A10 anomalies, and the parked records with the province's
 * reasons (SJSCZT −1, SBYY) so someone can correct and re-send them (outbox.repo resendParked).
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { listParked } from '../db/outbox.repo.ts';
import { syncAnomaly, syncLagIncident } from '../db/tables/outbox.table.ts';
import { readSyncGauges } from './sync-metrics.ts';

export interface ParkedRecordView {
  dfsjzj: string;
  table: string;
  caseId: string | null;
  /** 数据上传状态: −1 */
  sjsczt: -1;
  code: string | null;
  /** 失败原因 */
  sbyy: string | null;
  recordedAt: string;
  parkedAt: string | null;
  attempts: number;
}

export interface SyncStatus {
  backlog: number;
  oldestUnsentAgeSeconds: number;
  parkedCount: number;
  parked: ParkedRecordView[];
  incident: { id: number; openedAt: string; notifiedAt: string | null } | null;
  openAnomalies: number;
}

export async function getSyncStatus(db: Db, now: Date, options: { parkedLimit?: number } = {}): Promise<SyncStatus> {
  const gauges = await readSyncGauges(db, now);
  const parked = await listParked(db, options.parkedLimit ?? 100);
  const [incident] = await db.select().from(syncLagIncident).where(isNull(syncLagIncident.clearedAt));
  const [anomalies] = await db.select({ n: count() }).from(syncAnomaly).where(and(eq(syncAnomaly.code, 'A10'), eq(syncAnomaly.status, 'OPEN')));
  return {
    backlog: gauges.backlog,
    oldestUnsentAgeSeconds: Math.round(gauges.oldestUnsentAgeSeconds),
    parkedCount: gauges.parked,
    parked: parked.map((r) => ({
      dfsjzj: r.dfsjzj, table: r.spglTable, caseId: r.caseId, sjsczt: -1, code: r.rejectCode, sbyy: r.sbyy,
      recordedAt: r.recordedAt.toISOString(), parkedAt: r.parkedAt?.toISOString() ?? null, attempts: r.attempts,
    })),
    incident: incident ? { id: incident.id, openedAt: incident.openedAt.toISOString(), notifiedAt: incident.notifiedAt?.toISOString() ?? null } : null,
    openAnomalies: Number(anomalies?.n ?? 0),
  };
}
