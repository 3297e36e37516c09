/**
 * 时限监察 (办法 §20) — each running clock's escalation ladder is evaluated; a rung that is due is
 * claimed in the ledger (exactly once per clock, rung and epoch) and its SMS goes to the handler and
 * department head (yellow, red) or the lead department and supervisors (further rungs). Paused clocks
 * fire nothing: their rung instants are derived from their events. Each clock is read on its region's
 * calendar; a rung whose instant lies in a year the calendar lacks waits, and the clocks waiting so are
 * counted (`pendingClocks`) for /health and /metrics.
 *
 * A rung is claimed and sent in one unit of work: a failed send rolls the claim back and the next
 * sweep sends it again (the gateway de-duplicates on the key); a rung is never claimed unsent.
 */
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { chineseWallTime } from '../../domain/calendar/shanghai-day.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DEFAULT_LADDER, dueRungs } from '../../domain/clock/escalation-ladder.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { ContactDirectory } from '../../domain/ports/contact-directory.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';

export interface SweepClocksDeps {
  store: Store;
  calendars: Calendars;
  catalog: CatalogIndex;
  sms: SmsGateway;
  contacts: ContactDirectory;
  clock: Clock;
  /** Where a warning that found nobody to send to is reported. */
  log?: Logger;
  /** Told by each sweep how many running clocks wait on a year the calendar lacks. */
  pendingClocks?: { sawPendingClocks(count: number, at: Date): void };
}

export function createSweepClocks(deps: SweepClocksDeps) {
  /** The department's name for the message text (its code when the catalogue does not know it). */
  const departmentName = (code: string): string => {
    try {
      return deps.catalog.department(code).nameZh;
    } catch {
      return code;
    }
  };

  return async function sweepClocks(): Promise<{ fired: number }> {
    const now = deps.clock.now();
    let fired = 0;
    let pending = 0;
    for (const clock of await deps.store.read.clocks.active()) {
      const calendar = deps.calendars.forRegion(clock.regionCode);
      const state = evaluateClock(calendar, clock.events, now);
      if (state.calendarPendingYear !== null) pending++;
      const due = dueRungs(calendar, clock.events, DEFAULT_LADDER, now);
      if (due.length === 0) continue;
      const itemCase = await deps.store.read.cases.itemCase(clock.caseId);
      const item = itemCase ? deps.catalog.item(itemCase.itemCode) : null;
      const unit = state.unit === 'WD' ? '工作日' : '自然日';
      for (const rung of due) {
        // the lead department's people for LEAD_DEPT (the stage's lead, 办法 §15), the city's and the
        // case's district supervisors for SUPERVISOR, the case's department for the rest
        const lead = itemCase ? deps.catalog.stage(itemCase.stageNo).leadDepartment : clock.department;
        const phones = [
          ...new Set(
            rung.rung.audience.flatMap((a) =>
              deps.contacts.recipients(a, a === 'LEAD_DEPT' ? lead : clock.department, clock.regionCode),
            ),
          ),
        ];
        const params = {
          deptName: departmentName(clock.department),
          itemName: item?.nameZh ?? clock.caseId,
          caseNo: itemCase?.caseNumber ?? clock.caseId,
          stepName: clock.kind === 'SPECIAL' ? '特别程序' : '审批',
          deadline: state.deadline
            ? chineseWallTime(state.deadline)
            : state.calendarPendingYear
              ? `${state.calendarPendingYear}年工作日历公布后确定的截止日`
              : '—',
          remaining: state.remainingDays === null ? '待定' : `${state.remainingDays}个${unit}`,
          issue: '已超期',
          duration:
            state.remainingDays === null
              ? `至少${Math.max(1, state.elapsedDays - state.totalDays)}个${unit}`
              : `${Math.max(0, -state.remainingDays)}个${unit}`,
        };
        const templateId =
          rung.rung.id === 'YELLOW' ? 'YELLOW_WARNING' : rung.rung.id === 'RED' ? 'RED_WARNING' : 'ESCALATION';
        const sent = await deps.store.transaction(async (uow) => {
          if (!(await uow.clocks.claimRung(clock.id, rung.rung.id, rung.epoch, now))) return false;
          if (phones.length > 0)
            await deps.sms.send({
              templateId,
              phones,
              params,
              idempotencyKey: `${clock.id}:${rung.rung.id}:${rung.epoch}`,
            });
          // claimed either way (the rung is not retried every minute), but never silently
          if (phones.length === 0) {
            deps.log?.warn(
              { clockId: clock.id, rung: rung.rung.id, department: clock.department, audience: rung.rung.audience },
              'time warning found nobody on file to send to (add accounts with phones, or WARNING_CONTACTS)',
            );
          }
          return phones.length > 0;
        });
        if (sent) fired++;
      }
    }
    deps.pendingClocks?.sawPendingClocks(pending, now);
    return { fired };
  };
}

export type SweepClocks = ReturnType<typeof createSweepClocks>;
