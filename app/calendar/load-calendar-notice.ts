/**
 * 载入节假日安排 — the system administrator (or the operator's command) loads the State Council's notice
 * of a year (`000000`) or a region's own days off. One transaction: the notice checked against the
 * calendar it joins (malformed, a gap after the known years, a regional year the nation does not know
 * yet: refused naming the field, nothing stored), stored as the next version, the deadlines of special
 * procedures that depended on it set, the audit record written; then the calendars in force reload and
 * every clock is evaluated on the new calendar from its next read on.
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { NATIONAL_REGION } from '../../domain/calendar/calendar-override.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { parseYearNotice, type YearNoticeInput } from '../../domain/calendar/year-notice.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AuditActor, AuditLog } from '../../domain/ports/audit-log.port.ts';
import type {
  CalendarNoticeStore,
  CalendarNoticeWrites,
  CalendarsInForce,
} from '../../domain/ports/calendar-notices.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { calendarsWith, yearSummary, type CalendarOptions, type YearSummary } from './year-summary.ts';

/** Who loads: the signed-in account (null for the operator's command), as the audit log and the notice name them. */
export interface Loader {
  actor: Actor | null;
  audit: AuditActor;
  loadedBy: string;
}

export interface LoadCalendarNoticeDeps {
  notices: CalendarNoticeStore;
  book: CalendarsInForce;
  audit: AuditLog;
  clock: Clock;
  options: CalendarOptions;
}

/** Sets the stored deadline of special procedures still open (or without one) from their clocks; how many changed. */
async function refreshSpecialDeadlines(
  notices: CalendarNoticeWrites,
  calendars: Calendars,
  now: Date,
): Promise<number> {
  let changed = 0;
  for (const row of await notices.specialDeadlines()) {
    const deadline = evaluateClock(calendars.forRegion(row.regionCode), row.events, now).deadline;
    if ((deadline?.getTime() ?? null) === (row.deadline?.getTime() ?? null)) continue;
    await notices.setSpecialDeadline(row.procedureId, deadline);
    changed += 1;
  }
  return changed;
}

export function createLoadCalendarNotice(deps: LoadCalendarNoticeDeps) {
  /** `region` absent: the State Council's notice; present: that region's own days off (never 000000). */
  return async function loadCalendarNotice(
    loader: Loader,
    input: YearNoticeInput,
    year: number,
    region?: string,
  ): Promise<YearSummary & { changed: boolean }> {
    if (loader.actor) assertCan(loader.actor, 'calendar.manage', { kind: 'platform' });
    if (region === NATIONAL_REGION)
      throw new DomainError('CALENDAR_REGION_INVALID', '全国节假日安排请用 PUT /api/v1/calendar/years/{year}', {
        field: 'params.regionCode',
      });
    const regionCode = region ?? NATIONAL_REGION;
    const notice = parseYearNotice(input, year, regionCode);
    const now = deps.clock.now();
    const result = await deps.notices.transaction(async ({ notices, tx }) => {
      const current = await notices.lockAndReadCurrent();
      const calendars = calendarsWith(current, notice, deps.options);
      if (regionCode !== NATIONAL_REGION && year > calendars.forRegion(NATIONAL_REGION).lastYear) {
        throw new DomainError('CALENDAR_YEAR_UNKNOWN', `请先载入 ${year} 年全国节假日安排,再载入本地区的停工安排`, {
          field: 'params.year',
          year,
        });
      }
      const saved = await notices.save(notice, { loadedBy: loader.loadedBy, at: now });
      const deadlines = saved.changed ? await refreshSpecialDeadlines(notices, calendars, now) : 0;
      await deps.audit.appendIn(tx, {
        at: now,
        ...loader.audit,
        action: 'calendar.load',
        target: `calendar:${regionCode}/${year}`,
        outcome: saved.changed ? `version ${saved.notice.version}` : 'unchanged',
        details: {
          source: notice.source,
          version: saved.notice.version,
          changed: saved.changed,
          holidays: notice.holidays.length,
          workingDays: notice.workingDays.length,
          specialDeadlinesSet: deadlines,
        },
      });
      return { saved, calendar: calendars.forRegion(regionCode) };
    });
    await deps.book.refresh();
    return { ...yearSummary(result.calendar, result.saved.notice), changed: result.saved.changed };
  };
}
