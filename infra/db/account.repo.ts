/**
 * Accounts, password history, sessions and refresh tokens. Login failures are counted under a row
 * lock (SELECT … FOR UPDATE) so concurrent attempts in several processes cannot undercount; the
 * counting rule itself is domain/access/password-policy.ts.
 */
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { registerFailure, type FailureState } from '../../domain/access/password-policy.ts';
import type { Db, DbOrTx, Tx } from './client.ts';
import { authSession, passwordHistory, refreshToken, userAccount } from './schema.ts';

export type UserRow = typeof userAccount.$inferSelect;
export type NewUserRow = typeof userAccount.$inferInsert;
export type SessionRow = typeof authSession.$inferSelect;

export interface UserListFilter {
  departmentCode?: string;
  regionCode?: string;
  username?: string;
  phoneIdx?: string;
  limit: number;
  offset: number;
}

export type RefreshOutcome = { status: 'rotated'; sessionId: string } | { status: 'reused'; sessionId: string } | { status: 'unknown' };

export function createAccountRepo(db: Db) {
  return {
    async findByUsername(username: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(userAccount).where(sql`lower(${userAccount.username}) = lower(${username})`);
      return row;
    },
    async findById(id: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(userAccount).where(eq(userAccount.id, id));
      return row;
    },
    async list(filter: UserListFilter): Promise<{ rows: UserRow[]; total: number }> {
      const where: SQL[] = [];
      if (filter.departmentCode) where.push(eq(userAccount.departmentCode, filter.departmentCode));
      if (filter.regionCode) where.push(eq(userAccount.regionCode, filter.regionCode));
      if (filter.username) where.push(sql`lower(${userAccount.username}) = lower(${filter.username})`);
      if (filter.phoneIdx) where.push(eq(userAccount.phoneIdx, filter.phoneIdx));
      const condition = where.length ? and(...where) : undefined;
      const rows = await db.select().from(userAccount).where(condition).orderBy(asc(userAccount.username)).limit(filter.limit).offset(filter.offset);
      const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(userAccount).where(condition);
      return { rows, total: count?.n ?? 0 };
    },
    /** Enabled accounts holding any of `roles` (optionally of one region), with a phone on file. */
    async reachableWithRoles(roles: readonly string[], regionCode?: string): Promise<UserRow[]> {
      const rows = await db.select().from(userAccount).where(and(eq(userAccount.disabled, false), isNotNull(userAccount.phoneEnc), ...(regionCode ? [eq(userAccount.regionCode, regionCode)] : [])));
      return rows.filter((r) => r.roles.some((role) => roles.includes(role)));
    },
    /** Inserts the account and its first password into the history, in `tx`. */
    async insert(tx: Tx, row: NewUserRow): Promise<UserRow> {
      const [inserted] = await tx.insert(userAccount).values(row).returning();
      await tx.insert(passwordHistory).values({ userId: row.id, passwordHash: row.passwordHash, setAt: row.passwordChangedAt });
      return inserted!;
    },
    async update(tx: DbOrTx, id: string, patch: Partial<NewUserRow>): Promise<UserRow | undefined> {
      const [row] = await tx.update(userAccount).set(patch).where(eq(userAccount.id, id)).returning();
      return row;
    },
    /** Counts one failed login under a row lock; returns the counters after it. */
    async recordFailure(userId: string, now: Date): Promise<FailureState> {
      return db.transaction(async (tx) => {
        const [row] = await tx.select({ failedCount: userAccount.failedCount, failedWindowStart: userAccount.failedWindowStart, lockedUntil: userAccount.lockedUntil })
          .from(userAccount).where(eq(userAccount.id, userId)).for('update');
        const next = registerFailure(row ?? { failedCount: 0, failedWindowStart: null, lockedUntil: null }, now);
        await tx.update(userAccount).set(next).where(eq(userAccount.id, userId));
        return next;
      });
    },
    async clearFailures(userId: string): Promise<void> {
      await db.update(userAccount).set({ failedCount: 0, failedWindowStart: null, lockedUntil: null }).where(eq(userAccount.id, userId));
    },
    async recentPasswordHashes(userId: string, depth: number): Promise<string[]> {
      const rows = await db.select({ hash: passwordHistory.passwordHash }).from(passwordHistory)
        .where(eq(passwordHistory.userId, userId)).orderBy(desc(passwordHistory.setAt)).limit(depth);
      return rows.map((r) => r.hash);
    },
    /** Sets a new password (and its history entry) in `tx`. */
    async setPassword(tx: Tx, userId: string, passwordHash: string, at: Date, mustChange: boolean): Promise<void> {
      await tx.update(userAccount).set({ passwordHash, passwordChangedAt: at, mustChangePassword: mustChange, updatedAt: at, failedCount: 0, failedWindowStart: null, lockedUntil: null })
        .where(eq(userAccount.id, userId));
      await tx.insert(passwordHistory).values({ userId, passwordHash, setAt: at });
    },

    /** A new session and its first refresh token; `within` runs in the same transaction (the login's audit record). */
    async createSession(session: { id: string; userId: string; at: Date; clientAddress: string | null }, refreshHash: string, within?: (tx: Tx) => Promise<void>): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.insert(authSession).values({ id: session.id, userId: session.userId, createdAt: session.at, lastSeenAt: session.at, clientAddress: session.clientAddress });
        await tx.insert(refreshToken).values({ tokenHash: refreshHash, sessionId: session.id, issuedAt: session.at });
        if (within) await within(tx as Tx);
      });
    },
    async findSession(id: string): Promise<SessionRow | undefined> {
      const [row] = await db.select().from(authSession).where(eq(authSession.id, id));
      return row;
    },
    async touchSession(id: string, at: Date): Promise<void> {
      await db.update(authSession).set({ lastSeenAt: at }).where(and(eq(authSession.id, id), isNull(authSession.revokedAt)));
    },
    async revokeSession(id: string, at: Date, reason: string): Promise<void> {
      await db.update(authSession).set({ revokedAt: at, revokeReason: reason }).where(and(eq(authSession.id, id), isNull(authSession.revokedAt)));
    },
    async revokeUserSessions(tx: DbOrTx, userId: string, at: Date, reason: string): Promise<void> {
      await tx.update(authSession).set({ revokedAt: at, revokeReason: reason }).where(and(eq(authSession.userId, userId), isNull(authSession.revokedAt)));
    },
    /**
     * Marks a refresh token used, atomically (only the first presenter wins) and, when it was still
     * unused, stores its successor in the same session. A token already used means reuse: the caller
     * revokes the whole family.
     */
    async rotateRefreshToken(oldHash: string, newHash: string, at: Date): Promise<RefreshOutcome> {
      return db.transaction(async (tx) => {
        const [used] = await tx.update(refreshToken).set({ usedAt: at })
          .where(and(eq(refreshToken.tokenHash, oldHash), isNull(refreshToken.usedAt))).returning({ sessionId: refreshToken.sessionId });
        if (used) {
          await tx.insert(refreshToken).values({ tokenHash: newHash, sessionId: used.sessionId, issuedAt: at });
          return { status: 'rotated', sessionId: used.sessionId } as const;
        }
        const [known] = await tx.select({ sessionId: refreshToken.sessionId }).from(refreshToken).where(eq(refreshToken.tokenHash, oldHash));
        return known ? { status: 'reused', sessionId: known.sessionId } as const : { status: 'unknown' } as const;
      });
    },
  };
}

export type AccountRepo = ReturnType<typeof createAccountRepo>;
