/**
 * 幂等 — the first answer to a write sent with an `Idempotency-Key` header, so a repeat (a client's
 * retry, a double click, a proxy resending) gets that answer instead of a second effect. Scoped to the
 * caller and the route; kept for a day.
 */
import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const idempotencyRecord = pgTable(
  'idempotency_record',
  {
    /** `<user id or anonymous>|<METHOD> <route pattern>`. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the request's parameters, query and body: the same key with another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    state: text('state').$type<'IN_PROGRESS' | 'DONE'>().notNull(),
    status: integer('status'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_record_expires').on(t.expiresAt)],
);
