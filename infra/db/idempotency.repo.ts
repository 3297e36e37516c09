/**
 * The idempotency records of writes sent with an `Idempotency-Key` (api/idempotency): begin (the first
 * caller wins the primary key), finish with the answer, abandon after a server error, take over one
 * whose process died, purge the expired.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { idempotencyRecord } from './schema.ts';

export type IdempotencyRow = typeof idempotencyRecord.$inferSelect;

export function createIdempotencyRepo(db: Db) {
  const where = (scope: string, key: string) => and(eq(idempotencyRecord.scope, scope), eq(idempotencyRecord.key, key));
  return {
    /** Starts the record; `null` when it exists already (the caller reads it). */
    async begin(scope: string, key: string, fingerprint: string, now: Date, ttlMs: number): Promise<'started' | null> {
      const inserted = await db
        .insert(idempotencyRecord)
        .values({
          scope,
          key,
          fingerprint,
          state: 'IN_PROGRESS',
          createdAt: now,
          expiresAt: new Date(now.getTime() + ttlMs),
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyRecord.key });
      return inserted.length ? 'started' : null;
    },
    async get(scope: string, key: string): Promise<IdempotencyRow | null> {
      return (await db.select().from(idempotencyRecord).where(where(scope, key)))[0] ?? null;
    },
    async finish(
      scope: string,
      key: string,
      answer: { status: number; contentType: string | null; body: string },
    ): Promise<void> {
      await db
        .update(idempotencyRecord)
        .set({ state: 'DONE', ...answer })
        .where(where(scope, key));
    },
    /** Forgets a record whose request failed on the server's side, so a retry runs again. */
    async abandon(scope: string, key: string): Promise<void> {
      await db.delete(idempotencyRecord).where(and(where(scope, key), eq(idempotencyRecord.state, 'IN_PROGRESS')));
    },
    /** Takes over a record still in progress since before `staleBefore` (its process died); true when taken. */
    async takeOver(scope: string, key: string, staleBefore: Date, now: Date): Promise<boolean> {
      const taken = await db
        .update(idempotencyRecord)
        .set({ createdAt: now })
        .where(
          and(
            where(scope, key),
            eq(idempotencyRecord.state, 'IN_PROGRESS'),
            lt(idempotencyRecord.createdAt, staleBefore),
          ),
        )
        .returning({ key: idempotencyRecord.key });
      return taken.length > 0;
    },
    async purge(now: Date): Promise<number> {
      const gone = await db
        .delete(idempotencyRecord)
        .where(lt(idempotencyRecord.expiresAt, now))
        .returning({ n: sql<number>`1` });
      return gone.length;
    },
  };
}

export type IdempotencyRepo = ReturnType<typeof createIdempotencyRepo>;
