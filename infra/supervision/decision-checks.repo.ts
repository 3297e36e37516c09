/**
 * The records of A1 at decision time (domain/ports/decision-checks.port.ts): completion checks,
 * override codes (sha256 only; spent under a row lock with the decision) and the flag of an
 * overridden decision.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { DecisionChecks } from '../../domain/ports/decision-checks.port.ts';
import type { StoreTransaction } from '../../domain/ports/store.port.ts';
import type { Db, Tx } from '../db/client.ts';
import { completionCheck, overrideCode } from '../db/schema.ts';
import { recordFlags } from './flag.repo.ts';

const drizzleTx = (tx: StoreTransaction): Tx => tx as unknown as Tx;

export function createDecisionChecks(db: Db): DecisionChecks {
  return {
    async record(check, tx) {
      await (tx ? drizzleTx(tx) : db).insert(completionCheck).values(check);
    },
    async unspentCode(caseId, digest) {
      const [code] = await db
        .select()
        .from(overrideCode)
        .where(and(eq(overrideCode.codeHash, digest), eq(overrideCode.caseId, caseId), isNull(overrideCode.usedAt)));
      return code ?? null;
    },
    async lockUnspentCode(tx, id) {
      const [code] = await drizzleTx(tx)
        .select()
        .from(overrideCode)
        .where(and(eq(overrideCode.id, id), isNull(overrideCode.usedAt)))
        .for('update');
      return code ?? null;
    },
    async spendCode(tx, id, usedBy, at) {
      await drizzleTx(tx).update(overrideCode).set({ usedAt: at, usedBy }).where(eq(overrideCode.id, id));
    },
    recordFlags: (tx, flagged, flags, source, at) =>
      recordFlags(drizzleTx(tx), new Map([[flagged.id, flagged]]), flags, source, at),
  };
}
