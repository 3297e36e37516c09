/**
 * 办件详情 — one item case as the actor may see it: its state, clocks with their lights, special
 * procedures, results and timeline (full access), or only the opinions of the stage (a co-reviewing
 * department: 并联审批 departments see each other's opinions, BRIEF §2.1).
 */
import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { specialClockId } from '../../domain/clock/clock-ids.ts';
import type { StoredCaseEvent } from '../../domain/ports/case-repository.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { caseNotFound, caseResourceOf } from './case-scope.ts';
import { caseSummary, clockView, iso, timeline } from './case-views.ts';

export interface GetCaseDeps {
  store: Store;
  catalog: CatalogIndex;
  calendars: Calendars;
  clock: Clock;
}

export function createGetCase(deps: GetCaseDeps) {
  return async function getCase(actor: Actor, caseId: string) {
    // every read in one statement; nothing leaves before the scope check below
    const { found, clocks, procedures, results, stageEvents } = await deps.store.read.views.caseView(caseId);
    if (!found) throw caseNotFound(caseId);
    const { row, siblings } = found;
    const resource = caseResourceOf(row, siblings, found.leadDepartmentCode, found.ownerUscc);
    const full = can(actor, 'case.read', resource);
    if (!full && !can(actor, 'case.opinion.read', resource)) throw caseNotFound(caseId);
    const now = deps.clock.now();
    const clockViews = full ? clocks.map((c) => clockView(deps.calendars, c, now)) : [];
    const eventsOf = new Map<string, StoredCaseEvent[]>();
    for (const e of stageEvents) {
      const list = eventsOf.get(e.aggregateId) ?? [];
      if (list.length === 0) eventsOf.set(e.aggregateId, list);
      list.push(e);
    }
    const opinions = [];
    for (const s of siblings) {
      if (!can(actor, 'case.opinion.read', { ...resource, departmentCode: s.department }) && !(s.id === row.id && full))
        continue;
      for (const e of eventsOf.get(s.id) ?? []) {
        if (e.type === 'OPINION_RECORDED')
          opinions.push({
            caseId: s.id,
            department: s.department,
            opinion: String(e.payload.opinion ?? ''),
            at: e.recordedAt.toISOString(),
            by: e.actor.userId,
          });
      }
    }
    return {
      ...caseSummary(deps.catalog, row),
      applicationId: row.applicationId,
      projectCode: row.projectCode,
      access: full ? ('FULL' as const) : ('OPINIONS_ONLY' as const),
      clocks: clockViews,
      // a procedure's deadline is its special clock's, on today's calendar (the stored one may wait for a year)
      specialProcedures: full
        ? procedures.map((p) => ({
            id: p.id,
            type: p.type,
            limitDays: p.limit,
            unit: p.unit,
            startedAt: p.startedAt.toISOString(),
            deadline: clockViews.find((c) => c.id === specialClockId(p.id))?.deadline ?? iso(p.deadline),
            finishedAt: iso(p.finishedAt),
            result: p.result,
            note: p.note,
          }))
        : [],
      results: full
        ? results.map((r) => ({
            id: r.id,
            kind: r.kind,
            title: r.title,
            docNumber: r.docNumber,
            certificateId: r.certificateId,
            fileHash: r.fileHash,
            status: r.status,
            issuedAt: r.issuedAt.toISOString(),
          }))
        : [],
      opinions,
      timeline: full ? timeline(eventsOf.get(row.id) ?? []) : [],
    };
  };
}
