/**
 * 工作日历 — per-jurisdiction calendar overrides and the years declared covered beyond the holiday
 * package. Read by calendar.repo.ts; the arithmetic is in domain/calendar.
 */
import { boolean, check, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One local day off or working day of a region (行政区划代码, `000000` national). */
export const calendarOverride = pgTable('calendar_override', {
  regionCode: text('region_code').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  working: boolean('working').notNull(),
  reason: text('reason').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.date] }),
  check('calendar_override_region_code', sql`${t.regionCode} ~ '^[0-9]{6}$'`),
]);

/** A whole year declared covered (the State Council notice is out before the holiday package has it). */
export const calendarDeclaredYear = pgTable('calendar_declared_year', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
