/**
 * The records of A1 秒办件 at decision time: every check (PASSED / REFUSED / OVERRIDDEN), the override
 * codes a decision spends (a row lock makes a code good for one decision), and the flag an overridden
 * decision raises for review.
 */
import type { AnomalyFlag, RuleParams } from '../supervision/anomaly-rule.ts';
import type { StoreTransaction } from './store.port.ts';

export interface CompletionCheckRecord {
  caseId: string;
  actorUserId: string;
  at: Date;
  /** Seconds since acceptance (null before an acceptance). */
  dwellSeconds: number | null;
  outcome: 'PASSED' | 'REFUSED' | 'OVERRIDDEN';
  params: RuleParams;
  overrideCodeId: number | null;
  reason: string | null;
}

export interface OverrideCodeRecord {
  id: number;
  caseId: string;
  expiresAt: Date;
}

/** Where a case's flags are filed (its item, department and region). */
export interface FlaggedCase {
  id: string;
  itemCode: string;
  department: string;
  regionCode: string;
}

export interface DecisionChecks {
  /** Records a check: on its own (a refusal stands though the decision is not made), or in the decision's transaction. */
  record(check: CompletionCheckRecord, tx?: StoreTransaction): Promise<void>;
  /** The unspent code of the case with this digest, or null. */
  unspentCode(caseId: string, digest: string): Promise<OverrideCodeRecord | null>;
  /** Locks an unspent code in the decision's transaction; null when it was spent meanwhile. */
  lockUnspentCode(tx: StoreTransaction, id: number): Promise<OverrideCodeRecord | null>;
  spendCode(tx: StoreTransaction, id: number, usedBy: string, at: Date): Promise<void>;
  /** Files flags not filed yet (idempotent per rule, case and key); how many were new. */
  recordFlags(
    tx: StoreTransaction,
    flaggedCase: FlaggedCase,
    flags: AnomalyFlag[],
    source: string,
    at: Date,
  ): Promise<number>;
}
