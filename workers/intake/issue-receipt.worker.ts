/**
 * approval.issue-receipt — 正式收件回执 (办法 §9, §11): the application is received, each item case gets
 * its number and is distributed to its department, and its legal clock starts now (immediate items:
 * due at the end of the acceptance working day). The receipt and each acceptance (受理) are the window
 * clerk's who completed Task_InitialCheck (`checkedBy`); REVIEW_STARTED, the automatic distribution to
 * the departments, is the system's.
 */
import { getApplication, itemCasesOfApplication, nextCaseNumber } from '../../infra/db/case.repo.ts';
import { startClock } from '../../infra/db/legal-clock.repo.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { actorOf, append, effectKey, requireString, transact } from '../step.ts';
import { shanghaiTime } from '../case-context.ts';

export function createIssueReceiptWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.issueReceipt,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const now = deps.clock.now();
      const clerk = actorOf(job, 'checkedBy', SYSTEM_ACTOR);
      const { application, numbers, limit, receivedAt } = await transact(deps, async (tx) => {
        const app = await getApplication(tx, applicationId);
        if (!app) throw new NonRetryableError(`application ${applicationId} not found`);
        await append(deps, tx, job, { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'RECEIPT', actor: clerk, payload: {} }, { receivedAt: now });
        const out: Record<string, string> = {};
        let maxLimit = 0;
        for (const c of await itemCasesOfApplication(tx, applicationId)) {
          const item = deps.catalog.item(c.itemCode);
          maxLimit = Math.max(maxLimit, item.promised.days);
          const caseNumber = c.caseNumber ?? await nextCaseNumber(tx, now);
          out[c.id] = caseNumber;
          await append(deps, tx, job, { aggregateId: c.id, aggregate: 'CASE', type: 'ACCEPTED', actor: clerk, payload: { caseNumber } }, { caseNumber, acceptedAt: now });
          await append(deps, tx, job, { aggregateId: c.id, aggregate: 'CASE', type: 'REVIEW_STARTED', actor: SYSTEM_ACTOR, payload: { department: c.department } });
          await startClock(tx, deps.calendars, {
            id: adminClockId(c.id), caseId: c.id, kind: item.immediate ? 'IMMEDIATE' : 'ADMIN', regionCode: c.regionCode, department: c.department,
            limit: item.promised.days, unit: 'WD', at: now,
          });
        }
        // on a redelivery the receipt keeps the instant first recorded, so the SMS is the same message
        const receivedAt = (await getApplication(tx, applicationId))?.receivedAt ?? now;
        return { application: app, numbers: out, limit: maxLimit, receivedAt };
      });
      if (application.contactPhone) {
        await deps.sms.send({
          templateId: 'FORMAL_RECEIPT', phones: [application.contactPhone], idempotencyKey: effectKey(job, applicationId),
          params: { itemName: `第${application.stageNo}阶段申报`, caseNo: Object.values(numbers).join('、'), receivedAt: shanghaiTime(receivedAt), limitDays: String(limit) },
        });
      }
      return { outcome: 'complete', variables: { caseNumbers: numbers } };
    },
  };
}
