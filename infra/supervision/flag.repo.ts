/**
 * Anomaly flags as rows: recording is idempotent per (rule, case, key) — a flag raised again keeps its
 * first detection, version, parameters and status. Transitions: supervision.repo.ts.
 */
import { and, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { anomalyFlag, flagTransition } from '../db/schema.ts';
import type { ItemCaseRow } from '../db/case-rows.repo.ts';
import type { AnomalyFlag } from '../../domain/supervision/anomaly-rule.ts';
import type { FlagStatus } from '../../domain/supervision/flag-status.ts';

export type FlagRow = typeof anomalyFlag.$inferSelect;

/** Inserts the flags not recorded yet; returns how many were new. */
export async function recordFlags(
  db: DbOrTx,
  cases: Map<string, Pick<ItemCaseRow, 'itemCode' | 'department' | 'regionCode'>>,
  flags: AnomalyFlag[],
  source: string,
  now: Date,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < flags.length; i += 500) {
    const values = flags.slice(i, i + 500).map((f) => {
      const c = cases.get(f.caseId)!;
      return {
        rule: f.rule,
        ruleVersion: f.ruleVersion,
        caseId: f.caseId,
        key: f.key,
        itemCode: c.itemCode,
        department: c.department,
        regionCode: c.regionCode,
        severity: f.severity,
        message: f.message,
        params: f.params,
        evidenceSeqs: f.evidenceSeqs,
        source,
        detectedAt: now,
        statusAt: now,
      };
    });
    const rows = await db.insert(anomalyFlag).values(values).onConflictDoNothing().returning({ id: anomalyFlag.id });
    inserted += rows.length;
  }
  return inserted;
}

export interface FlagFilter {
  regionCode?: string | null;
  department?: string | null;
  status?: FlagStatus;
  rule?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

export async function listFlags(db: DbOrTx, filter: FlagFilter): Promise<FlagRow[]> {
  const where: SQL[] = [];
  if (filter.regionCode) where.push(eq(anomalyFlag.regionCode, filter.regionCode));
  if (filter.department) where.push(eq(anomalyFlag.department, filter.department));
  if (filter.status) where.push(eq(anomalyFlag.status, filter.status));
  if (filter.rule) where.push(eq(anomalyFlag.rule, filter.rule));
  if (filter.caseId) where.push(eq(anomalyFlag.caseId, filter.caseId));
  if (filter.from) where.push(gte(anomalyFlag.detectedAt, filter.from));
  if (filter.to) where.push(lt(anomalyFlag.detectedAt, filter.to));
  return db
    .select()
    .from(anomalyFlag)
    .where(and(...where))
    .orderBy(desc(anomalyFlag.id))
    .limit(filter.limit ?? 200);
}

export async function getFlag(db: DbOrTx, id: number): Promise<FlagRow | null> {
  return (await db.select().from(anomalyFlag).where(eq(anomalyFlag.id, id)))[0] ?? null;
}

export async function transitionsOf(db: DbOrTx, flagIds: number[]) {
  if (flagIds.length === 0) return [];
  return db.select().from(flagTransition).where(inArray(flagTransition.flagId, flagIds)).orderBy(flagTransition.id);
}
