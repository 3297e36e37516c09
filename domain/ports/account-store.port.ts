/**
 * 账号 — accounts, their password history, sessions (会话) and refresh tokens, as the access use cases
 * read and write them. Login failures are counted under a row lock, so concurrent attempts in several
 * processes cannot undercount (the counting rule is domain/access/password-policy.ts).
 */
import type { FailureState } from '../access/password-policy.ts';
import type { Permission, Role } from '../access/roles.ts';
import type { StoreTransaction } from './store.port.ts';

export interface AccountRecord {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  departmentCode: string;
  regionCode: string;
  /** 统一社会信用代码 of an applicant's organisation. */
  orgUscc: string | null;
  /** Personal data, encrypted (PiiCipher), with its blind index for equality search. */
  phoneEnc: string | null;
  phoneIdx: string | null;
  idNumberEnc: string | null;
  idNumberIdx: string | null;
  passwordHash: string;
  passwordChangedAt: Date;
  /** A temporary password (new account, reset): login answers PASSWORD_EXPIRED until changed. */
  mustChangePassword: boolean;
  disabled: boolean;
  failedCount: number;
  failedWindowStart: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  /** 市工改办's request under which a department admin was set up (办法 §23). */
  requestRef: string | null;
}

export type NewAccount = Omit<
  AccountRecord,
  'orgUscc' | 'disabled' | 'failedCount' | 'failedWindowStart' | 'lockedUntil'
>;
export type AccountChange = Partial<
  Pick<
    AccountRecord,
    'displayName' | 'roles' | 'permissions' | 'disabled' | 'phoneEnc' | 'phoneIdx' | 'requestRef' | 'updatedAt'
  >
>;

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
  clientAddress: string | null;
}

export type AccountSort = 'username' | '-username' | 'createdAt' | '-createdAt';

export interface AccountListFilter {
  departmentCode?: string;
  regionCode?: string;
  phoneIdx?: string;
  sort: AccountSort;
  limit: number;
  offset: number;
}

export type RefreshOutcome =
  { status: 'rotated'; sessionId: string } | { status: 'reused'; sessionId: string } | { status: 'unknown' };

/** Reads, and the writes that are a transaction of their own. */
export interface AccountRepository {
  byUsername(username: string): Promise<AccountRecord | null>;
  byId(id: string): Promise<AccountRecord | null>;
  /** A page of the accounts matching the filter, and how many match. */
  list(filter: AccountListFilter): Promise<{ rows: AccountRecord[]; total: number }>;
  /** Counts one failed login under a row lock; the counters after it. */
  recordFailure(userId: string, now: Date): Promise<FailureState>;
  clearFailures(userId: string): Promise<void>;
  /** The hashes of the last `depth` passwords, newest first. */
  recentPasswordHashes(userId: string, depth: number): Promise<string[]>;
  session(id: string): Promise<SessionRecord | null>;
  touchSession(id: string, at: Date): Promise<void>;
  revokeSession(id: string, at: Date, reason: string): Promise<void>;
  /**
   * Marks a refresh token (by digest) used — only the first presenter wins — and stores its successor
   * in the same session. A token already used means reuse: the caller ends the session.
   */
  rotateRefreshToken(oldDigest: string, newDigest: string, at: Date): Promise<RefreshOutcome>;
}

/** Writes inside one transaction. */
export interface AccountWrites {
  /** The account and its first password in the history. */
  insert(account: NewAccount): Promise<AccountRecord>;
  update(id: string, change: AccountChange): Promise<AccountRecord | null>;
  /** A new password (and its history entry); clears the failure counters. */
  setPassword(id: string, passwordHash: string, at: Date, mustChange: boolean): Promise<void>;
  revokeSessionsOf(userId: string, at: Date, reason: string): Promise<void>;
  /** A new session and its first refresh token (by digest). */
  createSession(
    session: { id: string; userId: string; at: Date; clientAddress: string | null },
    refreshDigest: string,
  ): Promise<void>;
}

export interface AccountStore {
  readonly read: AccountRepository;
  /** One transaction: its writes, and the transaction itself for the audit record written with them. */
  transaction<T>(fn: (uow: { accounts: AccountWrites; tx: StoreTransaction }) => Promise<T>): Promise<T>;
}
