/**
 * 操作日志 — the security audit log (BRIEF §7): logins, every write through the API, permission changes
 * and personal-data reads. Append-only (a trigger refuses UPDATE and DELETE) and hash-chained: `seq`
 * has no gaps, `hash = H(prev_hash || canonical(row))`. `audit_chain_head` holds the last seq and hash;
 * writers lock it (SELECT … FOR UPDATE) so appends are serialised and the chain never forks.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorUserId: text('actor_user_id'),
    actorUsername: text('actor_username'),
    actorRoles: jsonb('actor_roles').$type<string[]>().notNull(),
    actorDepartment: text('actor_department'),
    clientAddress: text('client_address'),
    /** The route id (`POST /api/v1/users`) or a named event (`auth.login`, `pii.unmask`). */
    action: text('action').notNull(),
    target: text('target'),
    /** HTTP status for requests, or a word (`ok`, `denied`, `locked`). */
    outcome: text('outcome').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    hashAlg: text('hash_alg').notNull(),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_actor').on(t.actorUserId, t.seq),
    index('audit_log_action').on(t.action, t.seq),
    check('audit_log_hash_alg', sql`${t.hashAlg} in ('sm3', 'sha256')`),
  ],
);

/** The single chain-head row (id = 1), created by the append-only migration. */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [check('audit_chain_head_single', sql`${t.id} = 1`)],
);
