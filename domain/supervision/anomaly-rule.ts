/**
 * 异常监察 (办法 §21, §19, §27) — the shape of a supervision rule: versioned data with parameters
 * (city-wide defaults, per-item overrides) and one pure function over one case's facts that returns
 * flags. A flag keeps the rule version, the parameter snapshot it was computed with and the event
 * sequence numbers that prove it. Nothing here reads a clock or a database.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { AllowedSpecialProcedure } from '../catalog/catalog.types.ts';
import type { RecordedCaseEvent } from '../case/case-event.ts';

export type RuleCode = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8' | 'A9' | 'A10' | 'P1' | 'P2' | 'P3' | 'P4';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH';
export type RuleParams = Record<string, number>;

/** What the item's catalogue entry says about the case (its pinned version). */
export interface ItemFacts {
  itemCode: string;
  /** 承诺时限 in working days; 0 for 即办. */
  promisedDays: number;
  immediate: boolean;
  /** Departments that may act on the case: the item's department (and the stage lead for joint steps). */
  departments: string[];
  specialProcedures: AllowedSpecialProcedure[];
  /** Whether the item's result is an e-certificate (电子证照); otherwise a numbered document (批复、决定书). */
  eCertResult: boolean;
}

/** The ADMIN clock as evaluated by domain/clock (figures in working days). */
export interface AdminClockFacts {
  limitDays: number;
  extensionDays: number;
  elapsedDays: number;
}

/** A finish (办结) of another case of the same project + item + applicant, for A3 and A5. */
export interface SiblingCase {
  caseId: string;
  submittedAt: Date | null;
  finishedAt: Date | null;
  resultDocNumber: string | null;
}

/** The province push of one event (A10). */
export interface SyncFact {
  seq: number;
  recordedAt: Date;
  syncedAt: Date | null;
}

export interface CaseFacts {
  caseId: string;
  item: ItemFacts;
  /** The item case's own events, in seq order. */
  events: readonly RecordedCaseEvent[];
  /** The stage application's events (初步核对 lives there), in seq order. */
  applicationEvents?: readonly RecordedCaseEvent[];
  admin?: AdminClockFacts | null;
  siblings?: readonly SiblingCase[];
  syncs?: readonly SyncFact[];
  calendar: WorkingCalendar;
  /** The instant the rules are evaluated at. */
  now: Date;
}

export interface FlagDraft {
  /** Distinguishes two flags of one rule on one case (e.g. 'case', 'step:7'); with rule + case it is the flag's identity. */
  key: string;
  severity: Severity;
  evidenceSeqs: number[];
  message: string;
}

export interface AnomalyFlag extends FlagDraft {
  rule: RuleCode;
  ruleVersion: number;
  caseId: string;
  params: RuleParams;
}

export interface AnomalyRule {
  code: RuleCode;
  /** Bumped whenever the definition or a default changes; a stored flag keeps the version it came from. */
  version: number;
  nameZh: string;
  /** 办法 articles the rule serves. */
  basis: string[];
  defaults: RuleParams;
  evaluate(facts: CaseFacts, params: RuleParams): FlagDraft[];
}

/** The scope of a city-wide parameter change (otherwise an item code). */
export const CITY_SCOPE = '*';

/** Parameter overrides: city-wide, then per item (the item wins). */
export interface RuleOverrides {
  city?: Partial<Record<RuleCode, RuleParams>>;
  items?: Record<string, Partial<Record<RuleCode, RuleParams>>>;
}

export function paramsFor(rule: AnomalyRule, itemCode: string, overrides: RuleOverrides = {}): RuleParams {
  return { ...rule.defaults, ...overrides.city?.[rule.code], ...overrides.items?.[itemCode]?.[rule.code] };
}

/**
 * A parameter change checked against the rule: only the rule's own parameters, each a finite number
 * ≥ 0 (durations, counts and 0/1 switches all are). Returns the problems, each with its field.
 */
export function checkRuleParams(
  rule: AnomalyRule,
  params: Record<string, unknown>,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (Object.keys(params).length === 0) problems.push({ field: 'body.params', message: '至少给出一个参数' });
  for (const [name, value] of Object.entries(params)) {
    if (!(name in rule.defaults))
      problems.push({
        field: `body.params.${name}`,
        message: `${rule.code} 没有参数 ${name}(可设:${Object.keys(rule.defaults).join('、') || '无'})`,
      });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      problems.push({ field: `body.params.${name}`, message: `${name} 应为不小于 0 的数` });
  }
  return problems;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** 办结 events: DECIDED with a decision (BLZT 11/12/13). */
export const isFinish = (e: RecordedCaseEvent): boolean =>
  e.type === 'DECIDED' && typeof e.payload.decision === 'string';

/* Readings of a case's events shared by the rules (A1–A10). */
export const ms = (d: Date) => d.getTime();
export const first = (events: readonly RecordedCaseEvent[], type: RecordedCaseEvent['type']) =>
  events.find((e) => e.type === type) ?? null;
export const acceptanceOf = (events: readonly RecordedCaseEvent[]) =>
  first(events, 'ACCEPTED') ?? first(events, 'RECEIPT');
const ENDED = new Set(['WITHDRAWN', 'NOT_ACCEPTED', 'REVOKED']);
export const isOpen = (events: readonly RecordedCaseEvent[]) => !events.some((e) => isFinish(e) || ENDED.has(e.type));
export const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
export const hasList = (v: unknown) => Array.isArray(v) && v.length > 0;
