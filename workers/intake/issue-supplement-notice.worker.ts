/**
 * approval.issue-supplement-notice — 补齐补正通知: one notice listing every missing material at once
 * (一次性告知, 办法 §9–§11); the clock has not started and does not run. Issued in the name of the window
 * clerk whose check found the gaps (`checkedBy`).
 */
import { getApplication } from '../../infra/db/case.repo.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, effectKey, requireString, transact } from '../step.ts';

export function createIssueSupplementNoticeWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.issueSupplementNotice,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const missing = (job.variables.missingMaterials ?? []) as { materialId: string; nameZh: string }[];
      if (missing.length === 0) throw new NonRetryableError('a supplement notice needs at least one missing material');
      const application = await transact(deps, async (tx) => {
        const app = await getApplication(tx, applicationId);
        if (!app) throw new NonRetryableError(`application ${applicationId} not found`);
        await append(deps, tx, job, { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'SUPPLEMENT_NOTICE', actor: actorOf(job, 'checkedBy', SYSTEM_ACTOR), payload: { missing } });
        return app;
      });
      if (application.contactPhone) {
        await deps.sms.send({
          templateId: 'SUPPLEMENT_NOTICE', phones: [application.contactPhone], idempotencyKey: effectKey(job, applicationId),
          params: { itemName: `第${application.stageNo}阶段申报`, caseNo: applicationId, materials: missing.map((m) => m.nameZh).join('、') },
        });
      }
      return { outcome: 'complete' };
    },
  };
}
