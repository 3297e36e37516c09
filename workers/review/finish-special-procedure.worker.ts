/**
 * approval.finish-special-procedure — the special clock stops; on pass the administrative clock resumes
 * with the time that was left and the applicant is told; on fail the one-time rectification notice
 * (一次性整改告知) goes out and the administrative clock stays paused until rectification. Recorded as
 * the person who completed Task_RunProcedure (`finishedBy`).
 */
import { eq } from 'drizzle-orm';
import { appendClockEvent } from '../../infra/db/legal-clock.repo.ts';
import { specialProcedure } from '../../infra/db/schema.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, effectKey, optionalString, requireString, transact } from '../step.ts';
import { loadCase, shanghaiTime } from '../case-context.ts';
import { adminClockId, specialClockId } from '../../domain/clock/clock-ids.ts';

export function createFinishSpecialProcedureWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.finishSpecialProcedure,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const procedureId = requireString(job, 'procedureId');
      const result = requireString(job, 'result');
      if (result !== 'PASS' && result !== 'FAIL') throw new NonRetryableError(`special procedure result must be PASS or FAIL, got ${result}`);
      const note = optionalString(job, 'note') ?? '';
      const now = deps.clock.now();
      const ctx = await transact(deps, async (tx) => {
        const loaded = await loadCase(deps, tx, caseId);
        if (await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'SPECIAL_PROCEDURE_FINISHED', actor: actorOf(job, 'finishedBy', { userId: 'reviewer', role: 'REVIEWER', departmentCode: loaded.itemCase.department }), payload: { procedureId, result, note } })) {
          await appendClockEvent(tx, deps.calendars, specialClockId(procedureId), { type: 'STOP', at: now });
          if (result === 'PASS') await appendClockEvent(tx, deps.calendars, adminClockId(caseId), { type: 'RESUME', at: now });
          await tx.update(specialProcedure).set({ finishedAt: now, result, note }).where(eq(specialProcedure.id, procedureId));
        }
        // on a redelivery the notice keeps the instant first recorded, so the SMS is the same message
        const [row] = await tx.select({ finishedAt: specialProcedure.finishedAt }).from(specialProcedure).where(eq(specialProcedure.id, procedureId));
        return { ...loaded, finishedAt: row?.finishedAt ?? now };
      });
      const code = optionalString(job, 'procedureType');
      const type = code ? deps.catalog.specialProcedureType(code).nameZh : '特别程序';
      if (ctx.application.contactPhone) {
        await deps.sms.send(result === 'PASS'
          ? { templateId: 'SPECIAL_PROCEDURE_PASSED', phones: [ctx.application.contactPhone], idempotencyKey: effectKey(job, caseId), params: { itemName: ctx.item.nameZh, caseNo: ctx.itemCase.caseNumber ?? caseId, procedureType: type, resumedAt: shanghaiTime(ctx.finishedAt) } }
          : { templateId: 'SPECIAL_PROCEDURE_FAILED', phones: [ctx.application.contactPhone], idempotencyKey: effectKey(job, caseId), params: { itemName: ctx.item.nameZh, caseNo: ctx.itemCase.caseNumber ?? caseId, procedureType: type, rectification: note || '详见整改告知书', rectifyBy: '整改完成后' } });
      }
      return { outcome: 'complete' };
    },
  };
}
