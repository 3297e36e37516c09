/** approval.record-withdrawal — 撤件: the application and every open item case are withdrawn; clocks stop. */
import { getApplication, itemCasesOfApplication } from '../../infra/db/case.repo.ts';
import { clocksOfCase, appendClockEvent } from '../../infra/db/legal-clock.repo.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, optionalString, requireString, transact } from '../step.ts';

const OPEN = new Set(['PENDING', 'ACCEPTED', 'IN_REVIEW', 'SUPPLEMENT_PENDING', 'SPECIAL_PROCEDURE', 'RECTIFICATION', 'OPINION_GIVEN']);

export function createRecordWithdrawalWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.recordWithdrawal,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const actor = { userId: optionalString(job, 'withdrawnBy') ?? 'applicant', role: 'APPLICANT', departmentCode: null };
      const now = deps.clock.now();
      await transact(deps, async (tx) => {
        const app = await getApplication(tx, applicationId);
        if (!app) throw new NonRetryableError(`application ${applicationId} not found`);
        if (app.state !== 'WITHDRAWN') await append(deps, tx, job, { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'WITHDRAWN', actor, payload: { reason: optionalString(job, 'withdrawReason') } });
        for (const c of await itemCasesOfApplication(tx, applicationId)) {
          if (!OPEN.has(c.state)) continue;
          await append(deps, tx, job, { aggregateId: c.id, aggregate: 'CASE', type: 'WITHDRAWN', actor, payload: {} });
          for (const clock of await clocksOfCase(tx, c.id)) {
            if (clock.events.at(-1)?.type !== 'STOP') await appendClockEvent(tx, deps.calendars, clock.id, { type: 'STOP', at: now });
          }
        }
      });
      return { outcome: 'complete' };
    },
  };
}
