/**
 * 补齐补正通知 — one notice listing every missing material at once (一次性告知, 办法 §9–§11), issued in
 * the name of the window clerk whose check found the gaps, and texted to the applicant. The clock has
 * not started and does not run.
 */
import type { Actor } from '../../domain/case/case-event.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import { NonRetryableError } from '../../domain/ports/engine.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, personOrSystem, requireApplication, type ProcessStep } from '../process-step.ts';

export interface IssueSupplementNoticeInput {
  step: ProcessStep;
  applicationId: string;
  /** The check's missing list (each material once, with its name). */
  missing: readonly { materialId: string; nameZh: string }[];
  checkedBy: Actor | null;
}

export function createIssueSupplementNotice(deps: { store: Store; sms: SmsGateway; clock: Clock; log: Logger }) {
  return async function issueSupplementNotice(input: IssueSupplementNoticeInput): Promise<void> {
    const { applicationId, missing } = input;
    if (missing.length === 0) throw new NonRetryableError('a supplement notice needs at least one missing material');
    const now = deps.clock.now();
    const application = await deps.store.transaction(async (uow) => {
      const found = await requireApplication(uow, applicationId);
      await appendStepEvent(
        uow,
        input.step,
        {
          aggregateId: applicationId,
          aggregate: 'APPLICATION',
          type: 'SUPPLEMENT_NOTICE',
          actor: personOrSystem(input.checkedBy, deps.log, { aggregateId: applicationId, event: 'SUPPLEMENT_NOTICE' }),
          payload: { missing },
        },
        now,
      );
      return found;
    });
    if (application.contactPhone) {
      await deps.sms.send({
        templateId: 'SUPPLEMENT_NOTICE',
        phones: [application.contactPhone],
        idempotencyKey: effectKey(input.step, applicationId),
        params: {
          itemName: `第${application.stageNo}阶段申报`,
          caseNo: applicationId,
          materials: missing.map((m) => m.nameZh).join('、'),
        },
      });
    }
  };
}

export type IssueSupplementNotice = ReturnType<typeof createIssueSupplementNotice>;
