/** approval.record-joint-review — 会审 (办法 §15): the lead department's conclusion over every opinion. */
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, optionalString, requireString, transact, actorOf } from '../step.ts';
import { getApplication } from '../../infra/db/case.repo.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';

export function createRecordJointReviewWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.recordJointReview,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      await transact(deps, async (tx) => {
        const app = await getApplication(tx, applicationId);
        if (!app) throw new NonRetryableError(`application ${applicationId} not found`);
        await append(deps, tx, job, {
          aggregateId: applicationId, aggregate: 'APPLICATION', type: 'JOINT_REVIEWED', actor: actorOf(job, 'jointReviewedBy', { ...SYSTEM_ACTOR, departmentCode: app.leadDepartment }),
          payload: { conclusion: optionalString(job, 'jointConclusion') ?? '同意', opinions: job.variables.opinions ?? [] },
        });
      });
      return { outcome: 'complete' };
    },
  };
}
