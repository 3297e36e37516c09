/**
 * The check electronic supervision makes before a decision is recorded (A1 秒办件: a decision too soon
 * after acceptance is refused unless a supervisor's override code is given). It throws a refusal, or
 * answers what to record with the decision, in the decision's unit of work.
 */
import type { Actor } from '../access/roles.ts';
import type { StoreTransaction } from './store.port.ts';

export interface DecisionGuardInput {
  caseId: string;
  actor: Actor;
  at: Date;
  override?: { code: string; reason: string };
}

export interface DecisionGuard {
  check(input: DecisionGuardInput): Promise<{ commit(tx: StoreTransaction): Promise<void> }>;
}
