/**
 * 统一出件 (办法 §18) — on the day the results arrive the applicant is told by SMS to collect them
 * (online, at the window, or by mail) and the application is marked decided. The system's own step (it
 * follows the last case's result by itself, no person acts); each decision it sums up is recorded on
 * its case as the head who made it. When every item of the stage was granted, the project tracker is
 * told the stage completed.
 */
import { SYSTEM_ACTOR } from '../../domain/case/case-event.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { MESSAGES, PROJECT_MESSAGE_TTL_MS, stageVariable } from '../../domain/process-contract.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { EngineError, type EnginePort } from '../../domain/ports/engine.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, requireApplication, type ProcessStep } from '../process-step.ts';

const DECISION_ZH: Record<string, string> = {
  APPROVED: '准予许可',
  APPROVED_WITH_CONDITIONS: '附条件准予',
  REJECTED: '不予许可',
};

export interface NotifyResultsDeps {
  store: Store;
  catalog: CatalogIndex;
  sms: SmsGateway;
  /** Messages to the project tracker, published after the step's transaction commits (each with a message id). */
  messages: Pick<EnginePort, 'publishMessage'>;
  clock: Clock;
}

export function createNotifyResults(deps: NotifyResultsDeps) {
  return async function notifyResults(input: { step: ProcessStep; applicationId: string }): Promise<void> {
    const { applicationId, step } = input;
    const now = deps.clock.now();
    const { application, cases } = await deps.store.transaction(async (uow) => {
      const found = await requireApplication(uow, applicationId);
      const itemCases = await uow.cases.itemCasesOf([applicationId]);
      await appendStepEvent(
        uow,
        step,
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'DECIDED',
          actor: SYSTEM_ACTOR,
          payload: { decisions: itemCases.map((c) => ({ caseId: c.id, decision: c.decision })) },
        },
        now,
      );
      return { application: found, cases: itemCases };
    });
    if (application.contactPhone) {
      await deps.sms.send({
        templateId: 'RESULT_READY',
        phones: [application.contactPhone],
        idempotencyKey: effectKey(step, applicationId),
        params: {
          itemName: `第${application.stageNo}阶段申报`,
          caseNo: cases.map((c) => c.caseNumber ?? c.id).join('、'),
          result: cases
            .map((c) => `${deps.catalog.item(c.itemCode).nameZh}${DECISION_ZH[c.decision ?? ''] ?? ''}`)
            .join('；'),
          collection: '电子证照已推送至广东政务服务网，纸质文书请到综合窗口领取或选择邮寄。',
        },
      });
    }
    // the project tracker (bpmn/project.bpmn) moves on to the next stage only when every item of the stage
    // was granted: after a 不予许可 it keeps waiting, and the re-application's results move it on
    const granted =
      cases.length > 0 && cases.every((c) => c.decision === 'APPROVED' || c.decision === 'APPROVED_WITH_CONDITIONS');
    if (!granted) return;
    await deps.messages
      .publishMessage({
        name: MESSAGES.stageCompleted,
        correlationKey: `${application.projectCode}/${application.stageNo}`,
        messageId: `${applicationId}:completed`,
        timeToLiveMs: PROJECT_MESSAGE_TTL_MS,
        variables: {
          [stageVariable(application.stageNo, 'Decisions')]: cases.map((c) => ({
            itemCode: c.itemCode,
            decision: c.decision,
          })),
        },
      })
      .catch((err: unknown) => {
        if (!(err instanceof EngineError && err.code === 'MESSAGE_ALREADY_EXISTS')) throw err;
      });
  };
}

export type NotifyResults = ReturnType<typeof createNotifyResults>;
