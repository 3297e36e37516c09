/**
 * approval.notify-results — 统一出件 (办法 §18): on the day the results arrive, the applicant is told by
 * SMS to collect them (online, at the window, or by mail), and the application is marked decided. The
 * system's own step (it follows the last case's result by itself, no person acts): SYSTEM_ACTOR; each
 * decision it sums up is recorded on its case as the head who made it.
 */
import { getApplication, itemCasesOfApplication } from '../../infra/db/case.repo.ts';
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import { NonRetryableError } from '../../infra/engine/port.ts';
import { JOB_TYPES, MESSAGES, PROJECT_MESSAGE_TTL_MS } from '../../domain/process-contract.ts';
import { EngineError } from '../../infra/engine/port.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { append, effectKey, requireString, transact } from '../step.ts';

const DECISION_ZH: Record<string, string> = { APPROVED: '准予许可', APPROVED_WITH_CONDITIONS: '附条件准予', REJECTED: '不予许可' };

export function createNotifyResultsWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.notifyResults,
    async handler(job) {
      const applicationId = requireString(job, 'applicationId');
      const { app, cases } = await transact(deps, async (tx) => {
        const application = await getApplication(tx, applicationId);
        if (!application) throw new NonRetryableError(`application ${applicationId} not found`);
        const itemCases = await itemCasesOfApplication(tx, applicationId);
        await append(deps, tx, job, { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'DECIDED', actor: SYSTEM_ACTOR, payload: { decisions: itemCases.map((c) => ({ caseId: c.id, decision: c.decision })) } });
        return { app: application, cases: itemCases };
      });
      if (app.contactPhone) {
        await deps.sms.send({
          templateId: 'RESULT_READY', phones: [app.contactPhone], idempotencyKey: effectKey(job, applicationId),
          params: {
            itemName: `第${app.stageNo}阶段申报`, caseNo: cases.map((c) => c.caseNumber ?? c.id).join('、'),
            result: cases.map((c) => `${deps.catalog.item(c.itemCode).nameZh}${DECISION_ZH[c.decision ?? ''] ?? ''}`).join('；'),
            collection: '电子证照已推送至广东政务服务网，纸质文书请到综合窗口领取或选择邮寄。',
          },
        });
      }
      // the project tracker (bpmn/project.bpmn) moves on to the next stage only when every item of the stage
      // was granted: after a 不予许可 it keeps waiting, and the re-application's results move it on
      const granted = cases.length > 0 && cases.every((c) => c.decision === 'APPROVED' || c.decision === 'APPROVED_WITH_CONDITIONS');
      if (granted) await deps.messages?.publish({
        name: MESSAGES.stageCompleted, correlationKey: `${app.projectCode}/${app.stageNo}`, messageId: `${applicationId}:completed`,
        timeToLiveMs: PROJECT_MESSAGE_TTL_MS, variables: { [`stage${app.stageNo}Decisions`]: cases.map((c) => ({ itemCode: c.itemCode, decision: c.decision })) },
      }).catch((err: unknown) => { if (!(err instanceof EngineError && err.code === 'MESSAGE_ALREADY_EXISTS')) throw err; });
      return { outcome: 'complete' };
    },
  };
}
