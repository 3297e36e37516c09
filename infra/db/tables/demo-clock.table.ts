/**
 * 演示时钟 — the demo clock (DEMO_TIME): how far developers have moved time forward, one row, so that
 * demo time never moves back across a restart (see infra/demo-clock.ts).
 */
import { bigint, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const demoClock = pgTable(
  'demo_clock',
  {
    id: text('id').primaryKey(),
    /** The accumulated advance added to real time, in ms. */
    advancedMs: bigint('advanced_ms', { mode: 'number' }).notNull(),
    /** Demo time right after the last advance: a restored clock is never earlier, even if the host clock went back. */
    advancedTo: timestamp('advanced_to', { withTimezone: true, mode: 'date' }).notNull(),
    /** Real time of the last advance. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('demo_clock_one_row', sql`${t.id} = 'demo'`), check('demo_clock_forward', sql`${t.advancedMs} >= 0`)],
);
