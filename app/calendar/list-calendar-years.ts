/**
 * 已知年份 — every year the working-day calendar knows (bundled and loaded, national and regional,
 * with how many versions were loaded), a page at a time, and its coverage: the last known year and the
 * natural days until it ends (from 60 days before, /health says degraded and the administrators get a
 * weekly SMS).
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import { chineseDaysSource } from '../../domain/calendar/holiday-source.ts';
import type { CalendarNoticeStore, CalendarsInForce } from '../../domain/ports/calendar-notices.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';
import { BUNDLED_SOURCE } from './year-summary.ts';

export interface KnownYear {
  regionCode: string;
  year: number;
  origin: 'bundled' | 'loaded';
  source: string;
  version: number;
  versions: number;
  loadedBy: string | null;
  loadedAt: string | null;
}

export function createListCalendarYears(deps: { notices: CalendarNoticeStore; book: CalendarsInForce; clock: Clock }) {
  return async function listCalendarYears(
    actor: Actor,
    page: PageRequest,
  ): Promise<Page<KnownYear> & { lastKnownYear: number; daysLeft: number }> {
    assertCan(actor, 'calendar.read', { kind: 'public' });
    const history = await deps.notices.history();
    const years: KnownYear[] = [];
    const bundled = chineseDaysSource();
    for (let year = bundled.firstYear; year <= bundled.lastYear; year += 1) {
      years.push({
        regionCode: NATIONAL_REGION,
        year,
        origin: 'bundled',
        source: BUNDLED_SOURCE,
        version: 0,
        versions: 0,
        loadedBy: null,
        loadedAt: null,
      });
    }
    for (const n of history) {
      const known = years.find((y) => y.regionCode === n.regionCode && y.year === n.year);
      if (known?.origin === 'loaded') {
        known.versions += 1;
        continue;
      }
      const entry: KnownYear = {
        regionCode: n.regionCode,
        year: n.year,
        origin: 'loaded',
        source: n.source,
        version: n.version,
        versions: 1,
        loadedBy: n.loadedBy,
        loadedAt: n.loadedAt.toISOString(),
      };
      if (known) Object.assign(known, entry);
      else years.push(entry);
    }
    years.sort((a, b) => a.year - b.year || a.regionCode.localeCompare(b.regionCode));
    const national = deps.book.national();
    return {
      lastKnownYear: national.lastYear,
      daysLeft: national.daysUntilCoverageEnds(deps.clock.now()),
      ...pageOf(years, page),
    };
  };
}
