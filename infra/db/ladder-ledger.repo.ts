/**
 * 预警督办台账 — the ladder ledger: `claim` inserts (clock, rung, epoch) and answers true only for the
 * first caller (INSERT … ON CONFLICT DO NOTHING RETURNING), so each rung fires at most once per epoch
 * even with several workers and after restarts. Claim in the same transaction as the notice's outbox
 * row, so a failed send does not leave a claimed rung without its notice.
 */
import { asc, eq } from 'drizzle-orm';
import type { LadderLedger } from '../../domain/clock/escalation-ladder.ts';
import type { DbOrTx } from './client.ts';
import { clockLadderLedger } from './tables/clock.table.ts';

export interface FiredRung {
  rungId: string;
  epoch: number;
  firedAt: Date;
}

export interface LadderLedgerRepo extends LadderLedger {
  fired(clockId: string): Promise<FiredRung[]>;
}

export function createLadderLedgerRepo(db: DbOrTx): LadderLedgerRepo {
  return {
    async claim(clockId, rungId, epoch, at) {
      const inserted = await db
        .insert(clockLadderLedger)
        .values({ clockId, rungId, epoch, firedAt: at })
        .onConflictDoNothing()
        .returning({ rungId: clockLadderLedger.rungId });
      return inserted.length === 1;
    },
    async fired(clockId) {
      return db
        .select({
          rungId: clockLadderLedger.rungId,
          epoch: clockLadderLedger.epoch,
          firedAt: clockLadderLedger.firedAt,
        })
        .from(clockLadderLedger)
        .where(eq(clockLadderLedger.clockId, clockId))
        .orderBy(asc(clockLadderLedger.firedAt), asc(clockLadderLedger.rungId), asc(clockLadderLedger.epoch));
    },
  };
}
