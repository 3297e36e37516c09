/**
 * 预警督办台账 — the escalation ladder ledger: one row per rung fired, keyed (clock, rung, epoch) so a
 * rung fires at most once per epoch across workers and restarts (see domain/clock/escalation-ladder.ts).
 */
import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const clockLadderLedger = pgTable(
  'clock_ladder_ledger',
  {
    clockId: text('clock_id').notNull(),
    rungId: text('rung_id').notNull(),
    /** Extensions that took this rung back from due (0 before any). */
    epoch: integer('epoch').notNull(),
    /** When the claiming worker fired it (from the system clock, not the database). */
    firedAt: timestamp('fired_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clockId, t.rungId, t.epoch] })],
);
