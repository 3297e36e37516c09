/**
 * 时限监察 (办法 §20) — the open cases of the supervisor's region (the city all districts, a district
 * its own) with elapsed and remaining working days and their lights, counted city-wide and per group
 * (department, district, stage, receiving window or channel); the cases a page at a time, those with
 * the fewest days left first.
 */
import { assertListScope } from '../../domain/access/list-scope.ts';
import { CITY_REGION, type Actor } from '../../domain/access/roles.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import type { Light } from '../../domain/clock/traffic-light.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { countLights, type TimeLimitGroupBy } from '../../domain/supervision/time-limits.ts';
import { pageOf, type PageRequest } from '../paging.ts';

export interface TimeLimitsQuery extends PageRequest {
  groupBy: TimeLimitGroupBy;
  light?: Light;
  sort: 'remainingDays' | '-remainingDays';
}

export function createListTimeLimits(deps: {
  supervision: SupervisionRepository;
  calendars: Calendars;
  catalog: CatalogIndex;
  clock: Clock;
}) {
  return async function listTimeLimits(actor: Actor, query: TimeLimitsQuery) {
    const region = assertListScope(actor, 'supervision.read', '仅限工改办监察人员').regionCode;
    const now = deps.clock.now();
    const rows = await deps.supervision.openCaseClocks(region);
    const cases = rows.map(({ clock: k, itemCase: c, channel, receivedBy }) => {
      const s = evaluateClock(deps.calendars.forRegion(k.regionCode), k.events, now);
      return {
        caseId: c.id,
        caseNumber: c.caseNumber,
        itemCode: c.itemCode,
        itemName: deps.catalog.hasItem(c.itemCode) ? deps.catalog.item(c.itemCode).nameZh : c.itemCode,
        department: c.department,
        regionCode: c.regionCode,
        stage: c.stageNo,
        channel,
        receivedBy,
        clock: k.kind,
        status: s.status,
        elapsedDays: s.elapsedDays,
        remainingDays: s.remainingDays,
        deadline: s.deadline?.toISOString() ?? null,
        light: s.light,
        overdue: s.overdue,
        nearingDeadline: !s.overdue && s.remainingDays !== null && s.remainingDays <= 1,
        calendarPendingYear: s.calendarPendingYear,
        left: s.remainingDays ?? s.totalDays - s.elapsedDays,
      };
    });
    const { counts, groups } = countLights(cases, query.groupBy);
    const direction = query.sort === '-remainingDays' ? -1 : 1;
    const shown = cases
      .filter((c) => !query.light || c.light === query.light)
      .sort((a, b) => direction * (a.left - b.left) || a.caseId.localeCompare(b.caseId))
      .map(({ left: _left, ...c }) => c);
    return { asOf: now.toISOString(), regionCode: region ?? CITY_REGION, counts, groups, ...pageOf(shown, query) };
  };
}
