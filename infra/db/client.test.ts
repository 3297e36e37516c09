import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { engineKeySeq } from './schema.ts';

describeEachDatabase('database client', (get) => {
  it('applies the migrations on open', async () => {
    // given a freshly opened database
    const { db } = get();
    // when the engine key sequence is read
    const rows = await db.execute<{ v: string }>(sql`select nextval(${engineKeySeq.seqName}) as v`);
    const first = BigInt(
      (rows as unknown as { rows?: { v: string }[] }).rows?.[0]?.v ?? (rows as unknown as { v: string }[])[0]!.v,
    );
    // then the sequence exists and hands out block ids
    expect(first >= 1n).toBe(true);
  });
});
