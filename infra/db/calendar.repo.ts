/**
 * 工作日历 — calendar overrides and declared years in the database. `loadForRegion` returns what a
 * region's calendar needs (its own overrides and those of its city, province and the nation);
 * `loadWorkingCalendar` builds the pure domain calendar from them.
 */
import { inArray } from 'drizzle-orm';
import {
  regionChain, type CalendarOverride, type CalendarOverrideSource, type DeclaredYear,
} from '../../domain/calendar/calendar-override.ts';
import { createWorkingCalendar, type WorkingCalendar, type WorkingCalendarOptions } from '../../domain/calendar/working-calendar.ts';
import type { DbOrTx } from './client.ts';
import { calendarDeclaredYear, calendarOverride } from './tables/calendar.table.ts';

export interface CalendarRepo extends CalendarOverrideSource {
  /** Inserts or replaces the override of (region, date). */
  saveOverride(override: CalendarOverride): Promise<void>;
  /** Inserts or replaces the declaration of a year. */
  declareYear(declared: DeclaredYear): Promise<void>;
}

export function createCalendarRepo(db: DbOrTx): CalendarRepo {
  return {
    async loadForRegion(regionCode) {
      const rows = await db.select().from(calendarOverride).where(inArray(calendarOverride.regionCode, regionChain(regionCode)));
      const years = await db.select().from(calendarDeclaredYear);
      return {
        overrides: rows.map(({ regionCode: code, date, working, reason }) => ({ regionCode: code, date, working, reason })),
        declaredYears: years.map(({ year, source }) => ({ year, source })),
      };
    },
    async saveOverride(override) {
      await db.insert(calendarOverride).values(override).onConflictDoUpdate({
        target: [calendarOverride.regionCode, calendarOverride.date],
        set: { working: override.working, reason: override.reason },
      });
    },
    async declareYear(declared) {
      await db.insert(calendarDeclaredYear).values(declared).onConflictDoUpdate({
        target: calendarDeclaredYear.year,
        set: { source: declared.source },
      });
    },
  };
}

/** The working calendar of `regionCode` with its overrides and the declared years. */
export async function loadWorkingCalendar(
  source: CalendarOverrideSource,
  regionCode: string,
  options: Pick<WorkingCalendarOptions, 'endOfDay'> = {},
): Promise<WorkingCalendar> {
  const { overrides, declaredYears } = await source.loadForRegion(regionCode);
  return createWorkingCalendar({ ...options, regionCode, overrides, declaredYears });
}
