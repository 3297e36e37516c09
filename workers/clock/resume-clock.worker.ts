/**
 * approval.resume-clock — after a supplement: the lead department's extension (办法 §15) is added to the
 * limit when decided; the clock itself resumed with the re-submission (the application service records
 * it with SUPPLEMENT_RECEIVED), so the days the lead takes to decide are counted. After a rectification
 * (and for a supplement message published straight to the engine) the clock resumes here, with exactly
 * the time that was left.
 *
 * Actors: EXTENDED is the lead's person who completed Task_DecideExtension (`extendedBy`); RECTIFIED is
 * whoever reported the rectification (`rectifiedBy`, carried by the `case.rectified` message). The
 * `lead` placeholder stays only as the fallback for instances completed without them (engine tests,
 * older instances). SUPPLEMENT_RECEIVED is written here only when the application service did not
 * record it with the applicant's identity already (a message published straight to the engine).
 */
import { appendClockEvent, loadClock } from '../../infra/db/legal-clock.repo.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, optionalString, requireString, transact } from '../step.ts';
import { loadCase } from '../case-context.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';

export function createResumeClockWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.resumeClock,
    async handler(job) {
      const caseId = requireString(job, 'caseId');
      const days = Number(job.variables.extensionDays ?? 0);
      const reason = optionalString(job, 'extensionReason') ?? '补件导致审批时限延长(办法第十五条)';
      const now = deps.clock.now();
      await transact(deps, async (tx) => {
        const { itemCase, application } = await loadCase(deps, tx, caseId);
        const lead = { userId: 'lead', role: 'DEPT_HEAD', departmentCode: application.leadDepartment };
        if (itemCase.state === 'RECTIFICATION') await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'RECTIFIED', actor: actorOf(job, 'rectifiedBy', lead), payload: {} });
        if (Number.isInteger(days) && days > 0) {
          if (await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'EXTENDED', actor: actorOf(job, 'extendedBy', lead), payload: { days, reason } })) {
            await appendClockEvent(tx, deps.calendars, adminClockId(caseId), { type: 'EXTEND', at: now, days, by: application.leadDepartment, why: reason });
          }
        }
        const resumed = itemCase.state !== 'SUPPLEMENT_PENDING' || await append(deps, tx, job, { aggregateId: caseId, aggregate: 'CASE', type: 'SUPPLEMENT_RECEIVED', actor: lead, payload: {} });
        const current = await loadClock(tx, adminClockId(caseId));
        const lastToggle = current?.events.filter((e) => e.type === 'PAUSE' || e.type === 'RESUME').at(-1);
        if (resumed && lastToggle?.type === 'PAUSE') await appendClockEvent(tx, deps.calendars, adminClockId(caseId), { type: 'RESUME', at: now });
      });
      return { outcome: 'complete' };
    },
  };
}
