/** approval.record-opinion — 初审意见: the department's preliminary opinion, readable by the stage's other departments. */
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, optionalString, requireString, transact, actorOf } from '../step.ts';
import { loadCase } from '../case-context.ts';

export function createRecordOpinionWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.recordOpinion,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const opinion = optionalString(job, 'opinion') ?? '同意';
      await transact(deps, async (tx) => {
        const { itemCase } = await loadCase(deps, tx, caseId);
        await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'OPINION_RECORDED', actor: actorOf(job, 'completedBy', { userId: optionalString(job, 'reviewer') ?? 'reviewer', role: 'REVIEWER', departmentCode: itemCase.department }), payload: { opinion } });
      });
      return { outcome: 'complete', variables: { opinion: { caseId, opinion } } };
    },
  };
}
