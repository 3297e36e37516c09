/**
 * 账号 — local accounts, their password history, sessions and refresh tokens (BRIEF §7).
 * Login-failure counters live on the account row so a lockout survives restarts and holds across
 * processes. ID numbers and phones are stored encrypted (`*_enc`) with an HMAC blind index (`*_idx`).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Permission, Role } from '../../../domain/access/roles.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const userAccount = pgTable(
  'user_account',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    roles: jsonb('roles').$type<Role[]>().notNull(),
    permissions: jsonb('permissions').$type<Permission[]>().notNull().default([]),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
    /** 统一社会信用代码 of an applicant's organisation. */
    orgUscc: text('org_uscc'),
    phoneEnc: text('phone_enc'),
    phoneIdx: text('phone_idx'),
    idNumberEnc: text('id_number_enc'),
    idNumberIdx: text('id_number_idx'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull(),
    /** A temporary password (new account, admin reset): login answers PASSWORD_EXPIRED until changed. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    failedCount: integer('failed_count').notNull().default(0),
    failedWindowStart: ts('failed_window_start'),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    createdBy: text('created_by'),
    /** 市工改办's request (letter or ticket number) under which a department admin was set up (办法 §23). */
    requestRef: text('request_ref'),
  },
  (t) => [
    uniqueIndex('user_account_username').on(sql`lower(${t.username})`),
    index('user_account_department').on(t.departmentCode),
    index('user_account_phone_idx').on(t.phoneIdx),
    index('user_account_id_number_idx').on(t.idNumberIdx),
    check('user_account_region_code', sql`${t.regionCode} ~ '^[0-9]{6}$'`),
  ],
);

/** The last password hashes of an account (no reuse of the last 5). */
export const passwordHistory = pgTable(
  'password_history',
  {
    userId: text('user_id')
      .notNull()
      .references(() => userAccount.id),
    passwordHash: text('password_hash').notNull(),
    setAt: ts('set_at').notNull(),
  },
  (t) => [index('password_history_user').on(t.userId, t.setAt)],
);

/** A login session — one refresh-token family. Idle and absolute timeouts are measured on it. */
export const authSession = pgTable(
  'auth_session',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => userAccount.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokeReason: text('revoke_reason'),
    clientAddress: text('client_address'),
  },
  (t) => [index('auth_session_user').on(t.userId)],
);

/** Refresh tokens, stored as SHA-256. A used token is kept: presenting it again revokes the family. */
export const refreshToken = pgTable(
  'refresh_token',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => authSession.id),
    issuedAt: ts('issued_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('refresh_token_session').on(t.sessionId)],
);
