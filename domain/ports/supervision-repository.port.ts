/**
 * 电子监察 as the supervision use cases read and write it: the open clocks for time-limit supervision
 * (时限监察), anomaly flags (异常) and their append-only history, the supervision rules' parameters as
 * versioned data, and the one-time override codes supervisors issue (only their digest is kept).
 */
import type { ItemCaseRecord } from '../case/case-records.ts';
import type { RuleOverrides, RuleParams, Severity } from '../supervision/anomaly-rule.ts';
import type { FlagStatus } from '../supervision/flag-status.ts';
import type { ClockRecord } from './clock-repository.port.ts';

export interface FlagRecord {
  id: number;
  rule: string;
  ruleVersion: number;
  caseId: string;
  /** Tells two flags of one rule on one case apart ('case', 'event:7', 'guard:3' …). */
  key: string;
  itemCode: string;
  department: string;
  regionCode: string;
  severity: Severity;
  message: string;
  params: RuleParams;
  evidenceSeqs: number[];
  /** 'detector' | 'nightly' | 'guard'. */
  source: string;
  detectedAt: Date;
  status: FlagStatus;
  statusAt: Date;
}

export interface FlagTransitionRecord {
  flagId: number;
  fromStatus: FlagStatus;
  toStatus: FlagStatus;
  actorUserId: string;
  actorRole: string;
  note: string;
  at: Date;
}

export interface FlagFilter {
  regionCode?: string;
  department?: string;
  status?: FlagStatus;
  rule?: string;
  caseId?: string;
  sort: 'detectedAt' | '-detectedAt';
  limit: number;
  offset: number;
}

/** A clock that has not stopped, with its item case, the application's channel and the receiving window (收件窗口: who recorded the receipt). */
export interface OpenCaseClock {
  clock: ClockRecord;
  itemCase: ItemCaseRecord;
  channel: 'online' | 'window';
  receivedBy: string | null;
}

/** A change of a rule's parameters; `scope` is CITY_SCOPE (domain/supervision/anomaly-rule.ts) or an item code. */
export interface ParameterChange {
  id: number;
  rule: string;
  scope: string;
  params: RuleParams;
  setBy: string;
  reason: string;
  setAt: Date;
}

export interface NewOverrideCode {
  caseId: string;
  digest: string;
  issuedBy: string;
  reason: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SupervisionRepository {
  /** Every clock not stopped, in a region (null: the city). */
  openCaseClocks(regionCode: string | null): Promise<OpenCaseClock[]>;
  flags(filter: FlagFilter): Promise<{ rows: FlagRecord[]; total: number }>;
  flag(id: number): Promise<FlagRecord | null>;
  /** The history of the flags, oldest first. */
  transitionsOf(flagIds: readonly number[]): Promise<FlagTransitionRecord[]>;
  /**
   * Moves a flag: locks it, lets `decide` judge the move on the locked row (throwing refuses it), then
   * writes the history row and the status in one transaction. Null when there is no such flag.
   */
  transitionFlag(
    id: number,
    decide: (flag: FlagRecord) => Omit<FlagTransitionRecord, 'flagId' | 'fromStatus'>,
  ): Promise<FlagRecord | null>;
  /** The overrides in force and the parameter version (the newest change's id; 0 before any). */
  currentOverrides(): Promise<{ overrides: RuleOverrides; version: number }>;
  parameterVersion(): Promise<number>;
  /** The changes, newest first, a page at a time. */
  parameterChanges(page: { limit: number; offset: number }): Promise<{ rows: ParameterChange[]; total: number }>;
  /** A new change (never an update: the rows are append-only). */
  setParameters(change: Omit<ParameterChange, 'id'>): Promise<ParameterChange>;
  addOverrideCode(code: NewOverrideCode): Promise<void>;
}
