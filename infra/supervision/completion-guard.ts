/**
 * A1 秒办件 as a hard constraint at the moment of decision (办法 §21 "强制约束"): a decision too soon
 * after acceptance is refused with ANOMALY_A1_SECONDS_HANDLING unless it carries a supervisor override
 * code for this case and a reason. Every check is recorded (PASSED / REFUSED / OVERRIDDEN); an
 * overridden decision also raises an A1 flag (key 'guard') for supervisors to review.
 *
 * Override codes: a supervisor issues a one-time code for one case (POST
 * /api/v1/supervision/cases/{caseId}/override-codes) with a reason; the code is shown once, only its
 * sha256 is kept; it expires after `ttlMs` (default 24 h) and is spent by the first decision using it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { getItemCase, listCaseEvents } from '../db/case.repo.ts';
import { clocksOfCase } from '../db/legal-clock.repo.ts';
import { completionCheck, overrideCode } from '../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { currentOverrides } from './rule-parameter.repo.ts';
import { paramsFor, type RuleOverrides } from '../../domain/supervision/anomaly-rule.ts';
import { A1, secondsHandlingAt } from '../../domain/supervision/anomaly-rules.ts';
import { recordFlags } from './flag.repo.ts';

const hash = (code: string) => createHash('sha256').update(code).digest('hex');
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface GuardInput { caseId: string; actor: { userId: string }; at: Date; override?: { code: string; reason: string } }

export async function issueOverrideCode(database: Database, input: { caseId: string; supervisorId: string; reason: string; now: Date; ttlMs?: number }): Promise<{ code: string; expiresAt: Date }> {
  if (input.reason.trim().length < 4) throw new DomainError('OVERRIDE_REASON_REQUIRED', '签发核准码须说明理由(至少 4 字)', { field: 'body.reason' });
  const caseRow = await getItemCase(database.db, input.caseId);
  if (!caseRow) throw new DomainError('CASE_NOT_FOUND', `办件 ${input.caseId} 不存在`, { field: 'params.caseId' });
  const code = Array.from(randomBytes(10), (b) => ALPHABET[b % ALPHABET.length]).join('');
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? 86_400_000));
  await database.db.insert(overrideCode).values({ caseId: input.caseId, codeHash: hash(code), issuedBy: input.supervisorId, reason: input.reason, issuedAt: input.now, expiresAt });
  return { code, expiresAt };
}

/** A decision the guard lets through: `commit` records the check (and spends an override code) in the decision's own transaction. */
export interface GuardPass {
  outcome: 'PASSED' | 'OVERRIDDEN';
  commit(tx: Tx): Promise<void>;
}

export function createCompletionGuard(database: Database, clock: Clock, options: { overrides?: RuleOverrides } = {}) {
  const db = database.db;
  return {
    /**
     * Judges a decision before it is made. A refusal is recorded at once (it stands even though the
     * decision is not made) and thrown; a pass returns what to record with the decision, so a decision
     * that fails afterwards leaves no PASSED check and no spent override code behind.
     */
    async check(input: GuardInput): Promise<GuardPass> {
      const caseRow = await getItemCase(db, input.caseId);
      if (!caseRow) throw new DomainError('CASE_NOT_FOUND', `办件 ${input.caseId} 不存在`, { field: 'params.caseId' });
      const clocks = await clocksOfCase(db, input.caseId);
      const immediate = clocks.some((c) => c.kind === 'IMMEDIATE');
      const params = paramsFor(A1, caseRow.itemCode, options.overrides ?? (await currentOverrides(db)).overrides);
      const events = await listCaseEvents(db, input.caseId);
      const item = { itemCode: caseRow.itemCode, promisedDays: immediate ? 0 : 1, immediate, departments: [caseRow.department], specialProcedures: [], eCertResult: false };
      const flag = secondsHandlingAt({ item, events }, input.at, params);
      const accepted = events.find((e) => e.type === 'ACCEPTED' || e.type === 'RECEIPT');
      const dwellSeconds = accepted ? Math.floor((input.at.getTime() - accepted.businessTime.getTime()) / 1000) : null;
      const row = (outcome: 'PASSED' | 'REFUSED' | 'OVERRIDDEN', extra: { overrideCodeId?: number; reason?: string } = {}) =>
        ({ caseId: input.caseId, actorUserId: input.actor.userId, at: clock.now(), dwellSeconds, outcome, params, overrideCodeId: extra.overrideCodeId ?? null, reason: extra.reason ?? null });
      if (!flag) return { outcome: 'PASSED', commit: async (tx) => { await tx.insert(completionCheck).values(row('PASSED')); } };
      const refusal = (why: string) => new DomainError('ANOMALY_A1_SECONDS_HANDLING', `秒办件:${flag.message}。${why}`, {
        field: 'body.override', rule: 'A1', ruleVersion: A1.version, dwellSeconds, minSeconds: immediate ? params.immediate_case_dwell_s : params.min_case_dwell_s,
      });
      const refuse = async (why: string) => {
        await db.insert(completionCheck).values(row('REFUSED', { reason: input.override?.reason }));
        return refusal(why);
      };
      if (!input.override) throw await refuse('如确需办结,请提供监察核准码和理由');
      if (input.override.reason.trim().length < 4) throw await refuse('核准理由至少 4 字');
      const codeHash = hash(input.override.code.trim().toUpperCase());
      const usable = (c: typeof overrideCode.$inferSelect | undefined) => !!c && c.expiresAt.getTime() >= clock.now().getTime();
      const [code] = await db.select().from(overrideCode).where(and(eq(overrideCode.codeHash, codeHash), eq(overrideCode.caseId, input.caseId), isNull(overrideCode.usedAt)));
      if (!usable(code)) throw await refuse('监察核准码无效、已使用、已过期或不属于本办件');
      const reason = input.override.reason;
      return {
        outcome: 'OVERRIDDEN',
        async commit(tx) {
          // spent with the decision: the row lock makes a code good for one decision only
          const [locked] = await tx.select().from(overrideCode).where(and(eq(overrideCode.id, code!.id), isNull(overrideCode.usedAt))).for('update');
          if (!usable(locked)) throw refusal('监察核准码已被使用或已过期');
          const now = clock.now();
          await tx.update(overrideCode).set({ usedAt: now, usedBy: input.actor.userId }).where(eq(overrideCode.id, locked!.id));
          await tx.insert(completionCheck).values(row('OVERRIDDEN', { overrideCodeId: locked!.id, reason }));
          await recordFlags(tx, new Map([[caseRow.id, caseRow]]), [{ ...flag, key: `guard:${locked!.id}`, message: `${flag.message};凭核准码办结:${reason}`, rule: 'A1', ruleVersion: A1.version, caseId: caseRow.id, params }], 'guard', now);
        },
      };
    },
  };
}
