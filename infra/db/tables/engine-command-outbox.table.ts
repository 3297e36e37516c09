/**
 * The command outbox of the Zeebe adapter (ENGINE=zeebe): engine commands written in the business
 * transaction and relayed to the cluster after its commit (infra/engine/zeebe/command-outbox.ts).
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Engine commands waiting to be relayed to a Camunda 8 cluster (ENGINE=zeebe): written in the business
 * transaction that implies them, relayed after its commit, at least once. `dedupeKey` makes a command
 * enqueued twice one command; the relay makes a repeat harmless (an instance is looked up by its
 * business key before it is created again, a message carries its message id).
 */
export const engineCommandOutbox = pgTable(
  'engine_command_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<'CREATE_INSTANCE' | 'PUBLISH_MESSAGE' | 'COMPLETE_USER_TASK'>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    leasedUntil: timestamp('leased_until', { withTimezone: true, mode: 'date' }),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
    /** The instance key a relayed creation got, or the message key. */
    resultKey: text('result_key'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('engine_command_outbox_dedupe').on(t.dedupeKey),
    index('engine_command_outbox_pending')
      .on(t.nextAttemptAt)
      .where(sql`${t.doneAt} is null`),
  ],
);
