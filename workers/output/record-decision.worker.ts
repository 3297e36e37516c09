/** approval.record-decision — 办结: the department head's decision; the administrative clock stops. */
import { appendClockEvent, loadClock } from '../../infra/db/legal-clock.repo.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { Decision } from '../../domain/case/case-event.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, optionalString, requireString, transact, actorOf } from '../step.ts';
import { loadCase } from '../case-context.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';

const DECISIONS: Decision[] = ['APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED'];

export function createRecordDecisionWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.recordDecision,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const decision = requireString(job, 'decision') as Decision;
      if (!DECISIONS.includes(decision)) throw new NonRetryableError(`decision must be one of ${DECISIONS.join(', ')}, got ${decision}`);
      const now = deps.clock.now();
      await transact(deps, async (tx) => {
        const { itemCase } = await loadCase(deps, tx, caseId);
        if (await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'DECIDED', actor: actorOf(job, 'completedBy', { userId: 'head', role: 'DEPT_HEAD', departmentCode: itemCase.department }), payload: { decision, conditions: optionalString(job, 'conditions') } }, { decision, decidedAt: now })) {
          const clock = await loadClock(tx, adminClockId(caseId));
          if (clock && clock.events.at(-1)?.type !== 'STOP') await appendClockEvent(tx, deps.calendars, clock.id, { type: 'STOP', at: now });
        }
      });
      return { outcome: 'complete' };
    },
  };
}
