/** Every job worker, one per job type of domain/process-contract.ts. */
import type { JobWorkerDefinition, WorkerDeps } from './deps.ts';
import { createCheckMaterialsWorker } from './intake/check-materials.worker.ts';
import { createIssueSupplementNoticeWorker } from './intake/issue-supplement-notice.worker.ts';
import { createIssueReceiptWorker } from './intake/issue-receipt.worker.ts';
import { createRecordWithdrawalWorker } from './intake/record-withdrawal.worker.ts';
import { createRecordOpinionWorker } from './review/record-opinion.worker.ts';
import { createRequestSupplementWorker } from './review/request-supplement.worker.ts';
import { createStartSpecialProcedureWorker } from './review/start-special-procedure.worker.ts';
import { createFinishSpecialProcedureWorker } from './review/finish-special-procedure.worker.ts';
import { createRecordJointReviewWorker } from './review/record-joint-review.worker.ts';
import { createResumeClockWorker } from './clock/resume-clock.worker.ts';
import { createRecordDecisionWorker } from './output/record-decision.worker.ts';
import { createIssueResultWorker } from './output/issue-result.worker.ts';
import { createNotifyResultsWorker } from './output/notify-results.worker.ts';
import { createSweepClocksWorker } from './supervision/sweep-clocks.worker.ts';

export function createWorkers(deps: WorkerDeps): JobWorkerDefinition[] {
  return [
    createCheckMaterialsWorker(deps),
    createIssueSupplementNoticeWorker(deps),
    createIssueReceiptWorker(deps),
    createRecordWithdrawalWorker(deps),
    createRecordOpinionWorker(deps),
    createRequestSupplementWorker(deps),
    createStartSpecialProcedureWorker(deps),
    createFinishSpecialProcedureWorker(deps),
    createRecordJointReviewWorker(deps),
    createResumeClockWorker(deps),
    createRecordDecisionWorker(deps),
    createIssueResultWorker(deps),
    createNotifyResultsWorker(deps),
    createSweepClocksWorker(deps),
  ];
}
