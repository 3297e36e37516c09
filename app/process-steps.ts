/**
 * The steps the diagrams' jobs run, built once over the ports (system.ts hands them to the workers,
 * one use case per job type of domain/process-contract.ts).
 */
import type { Calendars } from '../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { CertificateService } from '../domain/ports/certificates.port.ts';
import type { Clock } from '../domain/ports/clock.port.ts';
import type { ContactDirectory } from '../domain/ports/contact-directory.port.ts';
import type { EnginePort } from '../domain/ports/engine.port.ts';
import type { Logger } from '../domain/ports/logger.port.ts';
import type { SmsGateway } from '../domain/ports/sms.port.ts';
import type { Store } from '../domain/ports/store.port.ts';
import { createResumeClock } from './clock/resume-clock.ts';
import { createCheckMaterials } from './intake/check-materials.ts';
import { createIssueReceipt } from './intake/issue-receipt.ts';
import { createIssueSupplementNotice } from './intake/issue-supplement-notice.ts';
import { createRecordWithdrawal } from './intake/record-withdrawal.ts';
import { createIssueResult } from './output/issue-result.ts';
import { createNotifyResults } from './output/notify-results.ts';
import { createRecordDecision } from './output/record-decision.ts';
import { createRecordJointReview } from './review/record-joint-review.ts';
import { createRecordOpinion } from './review/record-opinion.ts';
import { createRecordSpecialProcedureResult } from './review/record-special-procedure-result.ts';
import { createRecordSpecialProcedureStart } from './review/record-special-procedure-start.ts';
import { createRecordSupplementRequest } from './review/record-supplement-request.ts';
import { createSweepClocks } from './supervision/sweep-clocks.ts';

export interface ProcessStepDeps {
  store: Store;
  catalog: CatalogIndex;
  calendars: Calendars;
  clock: Clock;
  sms: SmsGateway;
  certificates: CertificateService;
  /** Who receives time warnings. */
  contacts: ContactDirectory;
  /** Messages to other process instances (the project tracker). */
  messages: Pick<EnginePort, 'publishMessage'>;
  /** Where a step recorded as the system for want of a person is reported. */
  log: Logger;
  /** Told by each clock sweep how many running clocks wait on a year the calendar lacks. */
  pendingClocks?: { sawPendingClocks(count: number, at: Date): void };
}

export function createProcessSteps(deps: ProcessStepDeps) {
  return {
    checkMaterials: createCheckMaterials(deps),
    issueSupplementNotice: createIssueSupplementNotice(deps),
    issueReceipt: createIssueReceipt(deps),
    recordWithdrawal: createRecordWithdrawal(deps),
    recordOpinion: createRecordOpinion(deps),
    recordSupplementRequest: createRecordSupplementRequest(deps),
    recordSpecialProcedureStart: createRecordSpecialProcedureStart(deps),
    recordSpecialProcedureResult: createRecordSpecialProcedureResult(deps),
    recordJointReview: createRecordJointReview(deps),
    resumeClock: createResumeClock(deps),
    recordDecision: createRecordDecision(deps),
    issueResult: createIssueResult(deps),
    notifyResults: createNotifyResults(deps),
    sweepClocks: createSweepClocks(deps),
  };
}

export type ProcessSteps = ReturnType<typeof createProcessSteps>;
