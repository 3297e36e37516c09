/**
 * 工作日历 — the notices the city loads (domain/calendar/year-notice.ts): the State Council's annual
 * holiday notice (region `000000`) and regions' own days off, each re-sent change a new version. Rows
 * are never updated or deleted; the current notice of a region and year is its highest version.
 * Read by calendar.repo.ts; the arithmetic is in domain/calendar.
 */
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { DaysOff } from '../../../domain/calendar/year-notice.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const calendarNotice = pgTable(
  'calendar_notice',
  {
    /** Six-digit 行政区划代码; `000000` national. */
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    /** The notice's title and number. */
    source: text('source').notNull(),
    holidays: jsonb('holidays').$type<DaysOff[]>().notNull(),
    workingDays: jsonb('working_days').$type<string[]>().notNull(),
    /** Who loaded it: an account's username, or `calendar:load (<os user>)` from the command. */
    loadedBy: text('loaded_by').notNull(),
    loadedAt: ts('loaded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.year, t.version] }),
    check('calendar_notice_region_code', sql`${t.regionCode} ~ '^[0-9]{6}$'`),
    check('calendar_notice_version', sql`${t.version} >= 1`),
  ],
);
