/**
 * How cases, clocks and events are shown: the shapes the API answers, built from domain records and
 * the legal clock as read now.
 */
import type { ItemCaseRecord } from '../../domain/case/case-records.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { ClockRecord } from '../../domain/ports/clock-repository.port.ts';
import type { StoredCaseEvent } from '../../domain/ports/case-repository.port.ts';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function caseSummary(catalog: CatalogIndex, c: ItemCaseRecord) {
  const item = catalog.hasItem(c.itemCode) ? catalog.item(c.itemCode) : null;
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    itemCode: c.itemCode,
    itemName: item?.nameZh ?? c.itemCode,
    department: c.department,
    regionCode: c.regionCode,
    stage: c.stageNo,
    state: c.state,
    decision: c.decision,
    acceptedAt: iso(c.acceptedAt),
    decidedAt: iso(c.decidedAt),
    catalogVersion: c.catalogVersion,
  };
}

/** 法定时限 as read now, on the clock's region's calendar. */
export function clockView(calendars: Calendars, row: Pick<ClockRecord, 'id' | 'regionCode' | 'events'>, now: Date) {
  const s = evaluateClock(calendars.forRegion(row.regionCode), row.events, now);
  return {
    id: row.id,
    kind: s.kind,
    status: s.status,
    pauseReason: s.pauseReason,
    unit: s.unit,
    startedAt: s.startedAt.toISOString(),
    limitDays: s.limitDays,
    extensionDays: s.extensionDays,
    totalDays: s.totalDays,
    deadline: iso(s.deadline),
    elapsedDays: s.elapsedDays,
    remainingDays: s.remainingDays,
    resumesWithDays: s.resumesWithDays,
    pausedDays: s.pausedDays,
    overdue: s.overdue,
    light: s.light,
    calendarPendingYear: s.calendarPendingYear,
    paused: s.status === 'PAUSED',
    pausedAt: s.status === 'PAUSED' ? iso(row.events.at(-1)?.at) : null,
  };
}
export type ClockView = ReturnType<typeof clockView>;

/** 全程留痕: the events as the timeline shows them. */
export function timeline(events: readonly StoredCaseEvent[]) {
  return events.map((e) => ({
    seq: e.seq,
    type: e.type,
    blzt: e.blzt,
    businessTime: e.businessTime.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    actor: { userId: e.actor.userId, role: e.actor.role, departmentCode: e.actor.departmentCode },
    payload: e.payload,
  }));
}
