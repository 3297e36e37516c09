import { expect, it } from 'vitest';
import { describeEachDatabase, describePostgres } from '../../test/db.ts';
import { createLadderLedgerRepo } from './ladder-ledger.repo.ts';

const firedAt = new Date('2025-10-11T00:00:00+08:00');

describeEachDatabase('ladder ledger', (get) => {
  it('lets a rung of a clock be claimed once', async () => {
    // given the ledger
    const ledger = createLadderLedgerRepo(get().db);
    // when the same rung is claimed twice, and another rung once
    const first = await ledger.claim('case-1/ADMIN', 'RED', 0, firedAt);
    const second = await ledger.claim('case-1/ADMIN', 'RED', 0, firedAt);
    const yellow = await ledger.claim('case-1/ADMIN', 'YELLOW', 0, firedAt);
    // then only the first claim of each wins
    expect([first, second, yellow]).toEqual([true, false, true]);
    expect(await ledger.fired('case-1/ADMIN')).toEqual([
      { rungId: 'RED', epoch: 0, firedAt },
      { rungId: 'YELLOW', epoch: 0, firedAt },
    ]);
  });

  it('lets a rung fire again in a new epoch', async () => {
    // given a red claimed at epoch 0
    const ledger = createLadderLedgerRepo(get().db);
    await ledger.claim('case-2/ADMIN', 'RED', 0, firedAt);
    // when red is claimed at epoch 1 (after an extension), twice
    // then the first epoch-1 claim wins
    expect(await ledger.claim('case-2/ADMIN', 'RED', 1, firedAt)).toBe(true);
    expect(await ledger.claim('case-2/ADMIN', 'RED', 1, firedAt)).toBe(false);
  });

  it('keeps a claim rolled back with its transaction unclaimed', async () => {
    // given a claim inside a transaction that fails afterwards
    const { db } = get();
    await expect(
      db.transaction(async (tx) => {
        await createLadderLedgerRepo(tx).claim('case-3/ADMIN', 'RED', 0, firedAt);
        throw new Error('notice could not be queued');
      }),
    ).rejects.toThrow('notice could not be queued');
    // when claimed again
    // then it is still free
    expect(await createLadderLedgerRepo(db).claim('case-3/ADMIN', 'RED', 0, firedAt)).toBe(true);
  });

  it('gives one winner among concurrent claims', async () => {
    // given many claims of one rung at once
    const ledger = createLadderLedgerRepo(get().db);
    // when they all run
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ledger.claim('case-4/ADMIN', 'RED_PLUS_3', 0, firedAt)),
    );
    // then exactly one wins
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describePostgres(
  'ladder ledger under racing connections',
  (get) => {
    it('gives exactly one winner per rung when workers race on separate connections', async () => {
      // given 8 connections and 10 rungs, each claimed by 16 racing workers inside their own transactions
      const { db } = get();
      const rungs = Array.from({ length: 10 }, (_, i) => `RUNG_${i}`);
      const attempts = rungs.flatMap((rungId) => Array.from({ length: 16 }, () => rungId));
      // when they all run at once
      const results = await Promise.all(
        attempts.map((rungId) =>
          db.transaction(async (tx) => ({
            rungId,
            won: await createLadderLedgerRepo(tx).claim('case-race/ADMIN', rungId, 0, firedAt),
          })),
        ),
      );
      // then each rung has exactly one winner and one row
      for (const rungId of rungs) {
        expect(results.filter((r) => r.rungId === rungId && r.won)).toHaveLength(1);
      }
      expect(await createLadderLedgerRepo(db).fired('case-race/ADMIN')).toHaveLength(rungs.length);
    });
  },
  { poolSize: 8 },
);
