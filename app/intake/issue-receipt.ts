/**
 * 正式收件回执 (办法 §9, §11) — the application is received, each item case gets its number and is
 * distributed to its department, and its legal clock starts now (immediate items: due at the end of
 * the acceptance working day). The receipt and each acceptance (受理) are the window clerk's who
 * completed the check; REVIEW_STARTED, the automatic distribution to the departments, is the system's.
 */
import { SYSTEM_ACTOR, type Actor } from '../../domain/case/case-event.ts';
import { chineseWallTime } from '../../domain/calendar/shanghai-day.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { adminClockId } from '../../domain/clock/clock-ids.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Logger } from '../../domain/ports/logger.port.ts';
import type { SmsGateway } from '../../domain/ports/sms.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { appendStepEvent, effectKey, personOrSystem, requireApplication, type ProcessStep } from '../process-step.ts';

export interface IssueReceiptInput {
  step: ProcessStep;
  applicationId: string;
  checkedBy: Actor | null;
}

export function createIssueReceipt(deps: {
  store: Store;
  catalog: CatalogIndex;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
}) {
  return async function issueReceipt(input: IssueReceiptInput): Promise<{ caseNumbers: Record<string, string> }> {
    const { applicationId, step } = input;
    const now = deps.clock.now();
    const clerk = personOrSystem(input.checkedBy, deps.log, { aggregateId: applicationId, event: 'RECEIPT' });
    const { application, caseNumbers, limit, receivedAt } = await deps.store.transaction(async (uow) => {
      const found = await requireApplication(uow, applicationId);
      await appendStepEvent(
        uow,
        step,
        { aggregateId: applicationId, aggregate: 'APPLICATION', type: 'RECEIPT', actor: clerk, payload: {} },
        now,
        { receivedAt: now },
      );
      const numbers: Record<string, string> = {};
      let maxLimit = 0;
      for (const c of await uow.cases.itemCasesOf([applicationId])) {
        const item = deps.catalog.item(c.itemCode);
        maxLimit = Math.max(maxLimit, item.promised.days);
        const caseNumber = c.caseNumber ?? (await uow.cases.nextCaseNumber(now));
        numbers[c.id] = caseNumber;
        await appendStepEvent(
          uow,
          step,
          { aggregateId: c.id, aggregate: 'CASE', type: 'ACCEPTED', actor: clerk, payload: { caseNumber } },
          now,
          { caseNumber, acceptedAt: now },
        );
        await appendStepEvent(
          uow,
          step,
          {
            aggregateId: c.id,
            aggregate: 'CASE',
            type: 'REVIEW_STARTED',
            actor: SYSTEM_ACTOR,
            payload: { department: c.department },
          },
          now,
        );
        await uow.clocks.start({
          id: adminClockId(c.id),
          caseId: c.id,
          kind: item.immediate ? 'IMMEDIATE' : 'ADMIN',
          regionCode: c.regionCode,
          department: c.department,
          limit: item.promised.days,
          unit: 'WD',
          at: now,
        });
      }
      // on a redelivery the receipt keeps the instant first recorded, so the SMS is the same message
      const received = (await uow.cases.application(applicationId))?.receivedAt ?? now;
      return { application: found, caseNumbers: numbers, limit: maxLimit, receivedAt: received };
    });
    if (application.contactPhone) {
      await deps.sms.send({
        templateId: 'FORMAL_RECEIPT',
        phones: [application.contactPhone],
        idempotencyKey: effectKey(step, applicationId),
        params: {
          itemName: `第${application.stageNo}阶段申报`,
          caseNo: Object.values(caseNumbers).join('、'),
          receivedAt: chineseWallTime(receivedAt),
          limitDays: String(limit),
        },
      });
    }
    return { caseNumbers };
  };
}

export type IssueReceipt = ReturnType<typeof createIssueReceipt>;
