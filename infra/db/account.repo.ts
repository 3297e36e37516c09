/**
 * The account store (domain/ports/account-store.port.ts) over drizzle: accounts, password history,
 * sessions and refresh tokens. Login failures are counted under a row lock (SELECT … FOR UPDATE) so
 * concurrent attempts in several processes cannot undercount; the counting rule itself is
 * domain/access/password-policy.ts.
 */
import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { registerFailure } from '../../domain/access/password-policy.ts';
import type {
  AccountRepository,
  AccountStore,
  AccountWrites,
  NewAccount,
} from '../../domain/ports/account-store.port.ts';
import type { StoreTransaction } from '../../domain/ports/store.port.ts';
import type { Db, DbOrTx, Tx } from './client.ts';
import { authSession, passwordHistory, refreshToken, userAccount } from './schema.ts';

export type UserRow = typeof userAccount.$inferSelect;

const ORDER = {
  username: asc(userAccount.username),
  '-username': desc(userAccount.username),
  createdAt: asc(userAccount.createdAt),
  '-createdAt': desc(userAccount.createdAt),
} as const;

function reads(db: Db): AccountRepository {
  return {
    async byUsername(username) {
      const [row] = await db
        .select()
        .from(userAccount)
        .where(sql`lower(${userAccount.username}) = lower(${username})`);
      return row ?? null;
    },
    async byId(id) {
      const [row] = await db.select().from(userAccount).where(eq(userAccount.id, id));
      return row ?? null;
    },
    async list(filter) {
      const where: SQL[] = [];
      if (filter.departmentCode) where.push(eq(userAccount.departmentCode, filter.departmentCode));
      if (filter.regionCode) where.push(eq(userAccount.regionCode, filter.regionCode));
      if (filter.phoneIdx) where.push(eq(userAccount.phoneIdx, filter.phoneIdx));
      const condition = where.length ? and(...where) : undefined;
      const rows = await db
        .select()
        .from(userAccount)
        .where(condition)
        .orderBy(ORDER[filter.sort], asc(userAccount.id))
        .limit(filter.limit)
        .offset(filter.offset);
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(userAccount)
        .where(condition);
      return { rows, total: Number(count?.n ?? 0) };
    },
    async recordFailure(userId, now) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({
            failedCount: userAccount.failedCount,
            failedWindowStart: userAccount.failedWindowStart,
            lockedUntil: userAccount.lockedUntil,
          })
          .from(userAccount)
          .where(eq(userAccount.id, userId))
          .for('update');
        const next = registerFailure(row ?? { failedCount: 0, failedWindowStart: null, lockedUntil: null }, now);
        await tx.update(userAccount).set(next).where(eq(userAccount.id, userId));
        return next;
      });
    },
    async clearFailures(userId) {
      await db
        .update(userAccount)
        .set({ failedCount: 0, failedWindowStart: null, lockedUntil: null })
        .where(eq(userAccount.id, userId));
    },
    async recentPasswordHashes(userId, depth) {
      const rows = await db
        .select({ hash: passwordHistory.passwordHash })
        .from(passwordHistory)
        .where(eq(passwordHistory.userId, userId))
        .orderBy(desc(passwordHistory.setAt))
        .limit(depth);
      return rows.map((r) => r.hash);
    },
    async session(id) {
      const [row] = await db.select().from(authSession).where(eq(authSession.id, id));
      return row ?? null;
    },
    async touchSession(id, at) {
      await db
        .update(authSession)
        .set({ lastSeenAt: at })
        .where(and(eq(authSession.id, id), isNull(authSession.revokedAt)));
    },
    async revokeSession(id, at, reason) {
      await db
        .update(authSession)
        .set({ revokedAt: at, revokeReason: reason })
        .where(and(eq(authSession.id, id), isNull(authSession.revokedAt)));
    },
    async rotateRefreshToken(oldDigest, newDigest, at) {
      return db.transaction(async (tx) => {
        const [used] = await tx
          .update(refreshToken)
          .set({ usedAt: at })
          .where(and(eq(refreshToken.tokenHash, oldDigest), isNull(refreshToken.usedAt)))
          .returning({ sessionId: refreshToken.sessionId });
        if (used) {
          await tx.insert(refreshToken).values({ tokenHash: newDigest, sessionId: used.sessionId, issuedAt: at });
          return { status: 'rotated', sessionId: used.sessionId } as const;
        }
        const [known] = await tx
          .select({ sessionId: refreshToken.sessionId })
          .from(refreshToken)
          .where(eq(refreshToken.tokenHash, oldDigest));
        return known ? ({ status: 'reused', sessionId: known.sessionId } as const) : ({ status: 'unknown' } as const);
      });
    },
  };
}

/** Inserts an account and its first password into the history, in `tx` (also the demo seed's way in). */
export async function insertAccount(tx: DbOrTx, account: NewAccount & { orgUscc?: string | null }): Promise<UserRow> {
  const [inserted] = await tx.insert(userAccount).values(account).returning();
  await tx
    .insert(passwordHistory)
    .values({ userId: account.id, passwordHash: account.passwordHash, setAt: account.passwordChangedAt });
  return inserted!;
}

function writes(tx: Tx): AccountWrites {
  return {
    insert: (account) => insertAccount(tx, account),
    async update(id, change) {
      const [row] = await tx.update(userAccount).set(change).where(eq(userAccount.id, id)).returning();
      return row ?? null;
    },
    async setPassword(id, passwordHash, at, mustChange) {
      await tx
        .update(userAccount)
        .set({
          passwordHash,
          passwordChangedAt: at,
          mustChangePassword: mustChange,
          updatedAt: at,
          failedCount: 0,
          failedWindowStart: null,
          lockedUntil: null,
        })
        .where(eq(userAccount.id, id));
      await tx.insert(passwordHistory).values({ userId: id, passwordHash, setAt: at });
    },
    async revokeSessionsOf(userId, at, reason) {
      await tx
        .update(authSession)
        .set({ revokedAt: at, revokeReason: reason })
        .where(and(eq(authSession.userId, userId), isNull(authSession.revokedAt)));
    },
    async createSession(session, refreshDigest) {
      await tx.insert(authSession).values({
        id: session.id,
        userId: session.userId,
        createdAt: session.at,
        lastSeenAt: session.at,
        clientAddress: session.clientAddress,
      });
      await tx.insert(refreshToken).values({ tokenHash: refreshDigest, sessionId: session.id, issuedAt: session.at });
    },
  };
}

export function createAccountStore(db: Db): AccountStore {
  return {
    read: reads(db),
    transaction: (fn) => db.transaction((t) => fn({ accounts: writes(t as Tx), tx: t as unknown as StoreTransaction })),
  };
}

/** Enabled accounts holding any of `roles` (optionally of one region), with a phone on file. */
export async function reachableAccounts(db: DbOrTx, roles: readonly string[], regionCode?: string): Promise<UserRow[]> {
  const rows = await db
    .select()
    .from(userAccount)
    .where(
      and(
        eq(userAccount.disabled, false),
        isNotNull(userAccount.phoneEnc),
        ...(regionCode ? [eq(userAccount.regionCode, regionCode)] : []),
      ),
    );
  return rows.filter((r) => r.roles.some((role) => roles.includes(role)));
}
