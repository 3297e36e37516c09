/**
 * The supervision repository (domain/ports/supervision-repository.port.ts) over drizzle: open clocks,
 * anomaly flags and their history (a transition writes the history row and the status in one
 * transaction under a row lock; the trigger refuses a status without its row), rule parameters,
 * override codes.
 */
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FlagFilter, SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import type { Db } from '../db/client.ts';
import { anomalyFlag, flagTransition, overrideCode, ruleParameter } from '../db/schema.ts';
import { getFlag, transitionsOf } from './flag.repo.ts';
import { currentOverrides, parameterVersion, setParameters } from './rule-parameter.repo.ts';
import { openCaseClocks } from './time-limits.repo.ts';

function flagConditions(filter: FlagFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.regionCode) where.push(eq(anomalyFlag.regionCode, filter.regionCode));
  if (filter.department) where.push(eq(anomalyFlag.department, filter.department));
  if (filter.status) where.push(eq(anomalyFlag.status, filter.status));
  if (filter.rule) where.push(eq(anomalyFlag.rule, filter.rule));
  if (filter.caseId) where.push(eq(anomalyFlag.caseId, filter.caseId));
  return where.length ? and(...where) : undefined;
}

export function createSupervisionRepository(db: Db): SupervisionRepository {
  return {
    openCaseClocks: (regionCode) => openCaseClocks(db, regionCode),
    async flags(filter) {
      const where = flagConditions(filter);
      // ids grow with detection: newest first by id, as detected
      const order =
        filter.sort === 'detectedAt'
          ? [asc(anomalyFlag.detectedAt), asc(anomalyFlag.id)]
          : [desc(anomalyFlag.detectedAt), desc(anomalyFlag.id)];
      const rows = await db
        .select()
        .from(anomalyFlag)
        .where(where)
        .orderBy(...order)
        .limit(filter.limit)
        .offset(filter.offset);
      const [n] = await db.select({ n: count() }).from(anomalyFlag).where(where);
      return { rows, total: Number(n?.n ?? 0) };
    },
    flag: (id) => getFlag(db, id),
    transitionsOf: (ids) => transitionsOf(db, [...ids]),
    async transitionFlag(id, decide) {
      return db.transaction(async (tx) => {
        const [flag] = await tx.select().from(anomalyFlag).where(eq(anomalyFlag.id, id)).for('update');
        if (!flag) return null;
        const move = decide(flag);
        await tx.insert(flagTransition).values({ ...move, flagId: flag.id, fromStatus: flag.status });
        const [updated] = await tx
          .update(anomalyFlag)
          .set({ status: move.toStatus, statusAt: move.at })
          .where(eq(anomalyFlag.id, flag.id))
          .returning();
        return updated!;
      });
    },
    currentOverrides: () => currentOverrides(db),
    parameterVersion: () => parameterVersion(db),
    async parameterChanges(page) {
      const rows = await db
        .select()
        .from(ruleParameter)
        .orderBy(desc(ruleParameter.id))
        .limit(page.limit)
        .offset(page.offset);
      const [n] = await db.select({ n: count() }).from(ruleParameter);
      return { rows, total: Number(n?.n ?? 0) };
    },
    setParameters: (change) => setParameters(db, change),
    async addOverrideCode(code) {
      await db.insert(overrideCode).values({
        caseId: code.caseId,
        codeHash: code.digest,
        issuedBy: code.issuedBy,
        reason: code.reason,
        issuedAt: code.issuedAt,
        expiresAt: code.expiresAt,
      });
    },
  };
}
