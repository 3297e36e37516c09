/**
 * approval.start-special-procedure — 特别程序 (办法 §12, 行政许可法 §45): the administrative clock pauses,
 * the procedure's own clock starts with its catalogue limit and unit, and the applicant is told its type
 * and limit by SMS. Only types the item allows. Recorded as the reviewer who chose the procedure in
 * Task_Review (`startedBy`, passed in by the call activity).
 */
import { eq } from 'drizzle-orm';
import { appendClockEvent, startClock } from '../../infra/db/legal-clock.repo.ts';
import { specialProcedure } from '../../infra/db/schema.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, effectKey, requireString, transact } from '../step.ts';
import { loadCase, shanghaiTime } from '../case-context.ts';
import { adminClockId, specialClockId } from '../../domain/clock/clock-ids.ts';

export function createStartSpecialProcedureWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.startSpecialProcedure,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const type = requireString(job, 'procedureType');
      const procedureId = `${caseId}:SP:${job.elementInstanceKey}`;
      const now = deps.clock.now();
      const result = await transact(deps, async (tx) => {
        const ctx = await loadCase(deps, tx, caseId);
        let allowed;
        try { allowed = deps.catalog.specialProcedureOf(ctx.itemCase.itemCode, type); } catch (err) { throw new NonRetryableError((err as Error).message, { cause: err }); }
        const state = await startClock(tx, deps.calendars, {
          id: specialClockId(procedureId), caseId, kind: 'SPECIAL', regionCode: ctx.itemCase.regionCode, department: ctx.itemCase.department,
          limit: allowed.limit, unit: allowed.unit, at: now,
        });
        if (await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'SPECIAL_PROCEDURE_STARTED', actor: actorOf(job, 'startedBy', { userId: 'reviewer', role: 'REVIEWER', departmentCode: ctx.itemCase.department }), payload: { procedureId, type, limit: allowed.limit, unit: allowed.unit, deadline: state.deadline } })) {
          await appendClockEvent(tx, deps.calendars, adminClockId(caseId), { type: 'PAUSE', at: now, reason: 'SPECIAL_PROCEDURE' });
          await tx.insert(specialProcedure).values({ id: procedureId, caseId, type, limit: allowed.limit, unit: allowed.unit, startedAt: now, deadline: state.deadline }).onConflictDoNothing();
        }
        // on a redelivery the notice keeps the instant first recorded, so the SMS is the same message
        const [row] = await tx.select({ startedAt: specialProcedure.startedAt }).from(specialProcedure).where(eq(specialProcedure.id, procedureId));
        return { ctx, allowed, deadline: state.deadline, startedAt: row?.startedAt ?? now };
      });
      if (result.ctx.application.contactPhone) {
        await deps.sms.send({
          templateId: 'SPECIAL_PROCEDURE_STARTED', phones: [result.ctx.application.contactPhone], idempotencyKey: effectKey(job, caseId),
          params: { itemName: result.ctx.item.nameZh, caseNo: result.ctx.itemCase.caseNumber ?? caseId, startedAt: shanghaiTime(result.startedAt), procedureType: deps.catalog.specialProcedureType(type).nameZh, limit: String(result.allowed.limit), limitUnit: result.allowed.unit === 'WD' ? '个工作日' : '个自然日' },
        });
      }
      // null while the deadline falls in a year the working-day calendar lacks (the task then has no due date)
      return { outcome: 'complete', variables: { specialDeadline: result.deadline?.toISOString() ?? null, procedureId } };
    },
  };
}
