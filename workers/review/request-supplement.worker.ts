/**
 * approval.request-supplement — 受理后补件: the department asks for materials; the administrative clock
 * pauses from the notice (BRIEF §2.2) and the applicant is told everything missing at once. Recorded as
 * the reviewer who asked for it in Task_Review (`completedBy`, local to the case's review scope).
 */
import { appendClockEvent } from '../../infra/db/legal-clock.repo.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, effectKey, requireString, transact } from '../step.ts';
import { loadCase } from '../case-context.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';

export function createRequestSupplementWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.requestSupplement,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const missing = (job.variables.missingMaterials ?? []) as string[];
      const now = deps.clock.now();
      const ctx = await transact(deps, async (tx) => {
        const loaded = await loadCase(deps, tx, caseId);
        const fresh = await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'SUPPLEMENT_REQUESTED', actor: actorOf(job, 'completedBy', { userId: 'reviewer', role: 'REVIEWER', departmentCode: loaded.itemCase.department }), payload: { missing } });
        if (fresh) await appendClockEvent(tx, deps.calendars, adminClockId(caseId), { type: 'PAUSE', at: now, reason: 'SUPPLEMENT' });
        return loaded;
      });
      if (ctx.application.contactPhone) {
        await deps.sms.send({
          templateId: 'SUPPLEMENT_NOTICE', phones: [ctx.application.contactPhone], idempotencyKey: effectKey(job, caseId),
          params: { itemName: ctx.item.nameZh, caseNo: ctx.itemCase.caseNumber ?? caseId, materials: missing.join('、') || '见补件通知' },
        });
      }
      return { outcome: 'complete' };
    },
  };
}
