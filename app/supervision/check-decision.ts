/**
 * A1 秒办件 as a hard constraint at the moment of decision (办法 §21 "强制约束"): a decision too soon
 * after acceptance (`min_case_dwell_s`, 600 s; 60 s for 即办 items) is refused with
 * ANOMALY_A1_SECONDS_HANDLING unless it carries a supervisor's override code for this case and a
 * reason. Every check is recorded (PASSED / REFUSED / OVERRIDDEN): a refusal at once (it stands though
 * the decision is not made); a pass with the decision, in its unit of work, so a decision that fails
 * afterwards leaves no PASSED check and no spent code behind. An overridden decision also raises an
 * A1 flag (key 'guard') for supervisors to review. This is the decision-guard port the task
 * completion calls.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type {
  CompletionCheckRecord,
  DecisionChecks,
  OverrideCodeRecord,
} from '../../domain/ports/decision-checks.port.ts';
import type { DecisionGuard, DecisionGuardInput } from '../../domain/ports/decision-guard.port.ts';
import type { Secrets } from '../../domain/ports/secrets.port.ts';
import type { Store, StoreTransaction } from '../../domain/ports/store.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { paramsFor } from '../../domain/supervision/anomaly-rule.ts';
import { A1, secondsHandlingAt } from '../../domain/supervision/anomaly-rules-timing.ts';

export interface CheckDecisionDeps {
  store: Store;
  supervision: SupervisionRepository;
  checks: DecisionChecks;
  secrets: Secrets;
  clock: Clock;
}

/** A decision the guard lets through: `commit` records the check (and spends an override code) in the decision's own transaction. */
export interface DecisionPass {
  outcome: 'PASSED' | 'OVERRIDDEN';
  commit(tx: StoreTransaction): Promise<void>;
}

/** The decision guard (domain/ports/decision-guard.port.ts), saying how the decision passed. */
export interface CheckDecision extends DecisionGuard {
  check(input: DecisionGuardInput): Promise<DecisionPass>;
}

export function createCheckDecision(deps: CheckDecisionDeps): CheckDecision {
  const { clock, checks } = deps;
  const usable = (c: OverrideCodeRecord | null): c is OverrideCodeRecord =>
    !!c && c.expiresAt.getTime() >= clock.now().getTime();
  return {
    async check(input) {
      const caseRow = await deps.store.read.cases.itemCase(input.caseId);
      if (!caseRow) throw new DomainError('CASE_NOT_FOUND', `办件 ${input.caseId} 不存在`, { field: 'params.caseId' });
      const [clocks, { overrides }, events] = [
        await deps.store.read.clocks.ofCases([input.caseId]),
        await deps.supervision.currentOverrides(),
        await deps.store.read.cases.events(input.caseId),
      ];
      const immediate = clocks.some((c) => c.kind === 'IMMEDIATE');
      const params = paramsFor(A1, caseRow.itemCode, overrides);
      const item = {
        itemCode: caseRow.itemCode,
        promisedDays: immediate ? 0 : 1,
        immediate,
        departments: [caseRow.department],
        specialProcedures: [],
        eCertResult: false,
      };
      const flag = secondsHandlingAt({ item, events }, input.at, params);
      const accepted = events.find((e) => e.type === 'ACCEPTED' || e.type === 'RECEIPT');
      const dwellSeconds = accepted ? Math.floor((input.at.getTime() - accepted.businessTime.getTime()) / 1000) : null;
      const row = (
        outcome: CompletionCheckRecord['outcome'],
        extra: { overrideCodeId?: number; reason?: string | undefined } = {},
      ): CompletionCheckRecord => ({
        caseId: input.caseId,
        actorUserId: input.actor.userId,
        at: clock.now(),
        dwellSeconds,
        outcome,
        params,
        overrideCodeId: extra.overrideCodeId ?? null,
        reason: extra.reason ?? null,
      });
      if (!flag) return { outcome: 'PASSED', commit: (tx) => checks.record(row('PASSED'), tx) };
      const refusal = (why: string) =>
        new DomainError('ANOMALY_A1_SECONDS_HANDLING', `秒办件:${flag.message}。${why}`, {
          field: 'body.override',
          rule: 'A1',
          ruleVersion: A1.version,
          dwellSeconds,
          minSeconds: immediate ? params.immediate_case_dwell_s : params.min_case_dwell_s,
        });
      const refuse = async (why: string) => {
        await checks.record(row('REFUSED', { reason: input.override?.reason }));
        return refusal(why);
      };
      if (!input.override) throw await refuse('如确需办结,请提供监察核准码和理由');
      if (input.override.reason.trim().length < 4) throw await refuse('核准理由至少 4 字');
      const code = await checks.unspentCode(
        input.caseId,
        deps.secrets.digest(input.override.code.trim().toUpperCase()),
      );
      if (!usable(code)) throw await refuse('监察核准码无效、已使用、已过期或不属于本办件');
      const reason = input.override.reason;
      return {
        outcome: 'OVERRIDDEN',
        async commit(tx) {
          // spent with the decision: the row lock makes a code good for one decision only
          const locked = await checks.lockUnspentCode(tx, code.id);
          if (!usable(locked)) throw refusal('监察核准码已被使用或已过期');
          const now = clock.now();
          await checks.spendCode(tx, locked.id, input.actor.userId, now);
          await checks.record(row('OVERRIDDEN', { overrideCodeId: locked.id, reason }), tx);
          await checks.recordFlags(
            tx,
            caseRow,
            [
              {
                ...flag,
                key: `guard:${locked.id}`,
                message: `${flag.message};凭核准码办结:${reason}`,
                rule: 'A1',
                ruleVersion: A1.version,
                caseId: caseRow.id,
                params,
              },
            ],
            'guard',
            now,
          );
        },
      };
    },
  };
}
