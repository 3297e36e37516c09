/** A case's facts built event by event, for the rule tests: times are Asia/Shanghai wall times. */
import { sh } from '../calendar/shanghai-day.fixture.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import type { Actor, CaseEventType, RecordedCaseEvent } from '../case/case-event.ts';
import type { CaseFacts, ItemFacts } from './anomaly-rule.ts';

export const calendar = createWorkingCalendar();

export const REVIEWER: Actor = { userId: 'rev1', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };

export const ITEM: ItemFacts = {
  itemCode: 'ZH-S3-03',
  promisedDays: 10,
  immediate: false,
  departments: ['ZH_ZJJ'],
  specialProcedures: [{ type: 'EXPERT_REVIEW', limit: 20, unit: 'WD' }],
  eCertResult: true,
};

/** One event: `at` business time; `recorded` defaults to the business time. */
export interface EventSpec {
  type: CaseEventType;
  at: string;
  recorded?: string;
  payload?: Record<string, unknown>;
  actor?: Actor;
}

export function events(specs: EventSpec[], aggregateId = 'C1'): RecordedCaseEvent[] {
  return specs.map((s, i) => ({
    aggregateId,
    aggregate: aggregateId.startsWith('A') ? 'APPLICATION' : 'CASE',
    type: s.type,
    actor: s.actor ?? REVIEWER,
    businessTime: sh(s.at),
    recordedAt: sh(s.recorded ?? s.at),
    payload: s.payload ?? {},
    seq: i + 1,
    hash: `h${i + 1}`,
  }));
}

export function facts(specs: EventSpec[], now: string, extra: Partial<CaseFacts> = {}): CaseFacts {
  return { caseId: 'C1', item: ITEM, events: events(specs), calendar, now: sh(now), ...extra };
}
