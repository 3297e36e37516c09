/**
 * 工作日历 in force: the calendars built from the bundled national data and the notices in the
 * database, kept fresh. A load through this process reloads at once; a load through another process
 * (another API replica, the calendar:load command) is seen at the next check of the revision, every
 * `refreshMs`. Every evaluation asks the book, so a loaded year takes effect from the next one.
 */
import { createCalendars, type Calendars } from '../../domain/calendar/calendars.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import type { CalendarsInForce } from '../../domain/ports/calendar-notices.port.ts';
import type { Database } from '../db/client.ts';
import { calendarRevision, currentNotices, type StoredNotice } from '../db/calendar.repo.ts';
import type { Logger } from '../logger.ts';

/** The calendars in force (domain/ports/calendar-notices.port.ts), kept fresh. */
export interface CalendarBook extends CalendarsInForce {
  /** Called after each reload that changed the calendars. */
  onChange(listener: () => void): () => void;
  /** Checks the revision every `refreshMs` until stopped. */
  start(refreshMs: number): void;
  stop(): void;
}

export async function openCalendarBook(deps: {
  database: Database;
  logger: Logger;
  endOfDay?: string;
}): Promise<CalendarBook> {
  const options = deps.endOfDay ? { endOfDay: deps.endOfDay } : {};
  let revision = '';
  let notices: StoredNotice[] = [];
  let calendars: Calendars = createCalendars([], options);
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<() => void>();

  async function read(): Promise<boolean> {
    const next = await calendarRevision(deps.database.db);
    if (next === revision) return false;
    const loaded = await currentNotices(deps.database.db);
    calendars = createCalendars(loaded, options);
    notices = loaded;
    revision = next;
    for (const listener of listeners) listener();
    return true;
  }

  await read();
  return {
    forRegion: (regionCode) => calendars.forRegion(regionCode),
    national: () => calendars.forRegion(NATIONAL_REGION),
    notices: () => notices,
    refresh: read,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(refreshMs) {
      if (timer) return;
      timer = setInterval(() => {
        read().catch((err: unknown) => deps.logger.warn({ err }, 'calendar refresh failed'));
      }, refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
