/**
 * The use cases of projects, applications, item cases and tasks, built once over the same ports —
 * what the case routes call, one per route.
 */
import type { Calendars } from '../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../domain/catalog/catalog-index.ts';
import type { ProjectCodeVerifier } from '../domain/project/project-code-verifier.ts';
import type { CaseWatch } from '../domain/ports/case-watch.port.ts';
import type { Clock } from '../domain/ports/clock.port.ts';
import type { DecisionGuard } from '../domain/ports/decision-guard.port.ts';
import type { Store } from '../domain/ports/store.port.ts';
import { createDecideExtension } from './cases/decide-extension.ts';
import { createFinishSpecialProcedure } from './cases/finish-special-procedure.ts';
import { createGetApplication } from './cases/get-application.ts';
import { createGetCase } from './cases/get-case.ts';
import { createGetProject } from './cases/get-project.ts';
import { createRequestSupplement } from './cases/request-supplement.ts';
import { createStartSpecialProcedure } from './cases/start-special-procedure.ts';
import { createHandInSupplement } from './intake/hand-in-supplement.ts';
import { createRecordDelivery } from './intake/record-delivery.ts';
import { createRegisterProject } from './intake/register-project.ts';
import { createReportRectification } from './intake/report-rectification.ts';
import { createRunInitialCheck } from './intake/run-initial-check.ts';
import { createSubmitApplication } from './intake/submit-application.ts';
import { createWithdrawApplication } from './intake/withdraw-application.ts';
import { createClaimTask } from './tasks/claim-task.ts';
import { createCompleteTask } from './tasks/complete-task.ts';
import { createGetTask } from './tasks/get-task.ts';
import { createListTasks } from './tasks/list-tasks.ts';
import type { TaskEngine } from './tasks/task-scope.ts';
import { createUnclaimTask } from './tasks/unclaim-task.ts';

export interface CaseUseCaseDeps {
  store: Store;
  engine: TaskEngine;
  catalog: CatalogIndex;
  catalogVersion: string;
  calendars: Calendars;
  clock: Clock;
  projectCodes: ProjectCodeVerifier;
  watch: CaseWatch;
  /** Electronic supervision's check before a decision (A1 秒办件). */
  decisionGuard?: DecisionGuard;
  /** How long the initial check waits for the worker's receipt or notice (default 10 s). */
  initialCheckWaitMs?: number;
}

export function createCaseUseCases(deps: CaseUseCaseDeps) {
  const completeTask = createCompleteTask(deps);
  const shortcut = { store: deps.store, engine: deps.engine, completeTask };
  return {
    registerProject: createRegisterProject(deps),
    getProject: createGetProject(deps),
    submitApplication: createSubmitApplication(deps),
    getApplication: createGetApplication(deps),
    runInitialCheck: createRunInitialCheck({
      ...shortcut,
      watch: deps.watch,
      clock: deps.clock,
      ...(deps.initialCheckWaitMs !== undefined ? { waitMs: deps.initialCheckWaitMs } : {}),
    }),
    handInSupplement: createHandInSupplement(deps),
    withdrawApplication: createWithdrawApplication(deps),
    getCase: createGetCase(deps),
    startSpecialProcedure: createStartSpecialProcedure(shortcut),
    finishSpecialProcedure: createFinishSpecialProcedure(shortcut),
    requestSupplement: createRequestSupplement(shortcut),
    decideExtension: createDecideExtension(shortcut),
    reportRectification: createReportRectification(deps),
    recordDelivery: createRecordDelivery(deps),
    listTasks: createListTasks(deps),
    getTask: createGetTask(deps),
    claimTask: createClaimTask(deps),
    unclaimTask: createUnclaimTask(deps),
    completeTask,
  };
}
export type CaseUseCases = ReturnType<typeof createCaseUseCases>;
