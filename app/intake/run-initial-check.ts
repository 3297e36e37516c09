/**
 * 初步核对 (办法 §9–§11) — the window checks the materials item by item; the check-materials worker
 * then issues either the formal receipt (正式收件回执: the legal clock starts, each item gets its case
 * number) or one notice listing every missing material (一次性告知). The window is answered with the
 * outcome as soon as the worker's events commit, or PENDING if it takes longer than `waitMs`.
 */
import { assertCan } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { CaseWatch } from '../../domain/ports/case-watch.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { Store } from '../../domain/ports/store.port.ts';
import { loadApplication } from '../cases/case-scope.ts';
import { openApplicationTask } from '../cases/case-task.ts';
import type { CompleteTask } from '../tasks/complete-task.ts';
import type { TaskEngine } from '../tasks/task-scope.ts';

export interface RunInitialCheckDeps {
  store: Store;
  engine: TaskEngine;
  completeTask: CompleteTask;
  watch: CaseWatch;
  clock: Clock;
  waitMs?: number;
}
export interface MaterialCheck {
  materialId: string;
  ok: boolean;
  note?: string;
}
export type InitialCheckOutcome =
  | { outcome: 'RECEIPT'; state: string; missing: []; caseNumbers: string[] }
  | { outcome: 'SUPPLEMENT_NOTICE'; state: string; missing: unknown[]; caseNumbers: [] }
  | { outcome: 'PENDING'; state: string; missing: []; caseNumbers: [] };

export function createRunInitialCheck(deps: RunInitialCheckDeps) {
  const waitMs = deps.waitMs ?? 10_000;
  return async function runInitialCheck(
    actor: Actor,
    applicationId: string,
    materialChecks: MaterialCheck[],
  ): Promise<InitialCheckOutcome> {
    const { application, resource } = await loadApplication(deps.store.read, applicationId);
    assertCan(actor, 'case.intake', resource);
    const task = await openApplicationTask(deps.engine, application, 'Task_InitialCheck');
    await deps.completeTask(actor, task.key, { materialChecks });
    // the worker records the check (PRECHECKED), then the notice, or the receipt with the case numbers
    // (one transaction): wait through the events until one of the two is there
    let seen = application.lastSeq;
    let notice;
    let receipt;
    for (
      let left = waitMs, started = deps.clock.now().getTime();
      left > 0 && !notice && !receipt;
      left = waitMs - (deps.clock.now().getTime() - started)
    ) {
      const newer = await deps.watch.eventsAfter(application.id, seen, left);
      if (newer.length === 0) break;
      seen = newer.at(-1)!.seq;
      notice = newer.find((e) => e.type === 'SUPPLEMENT_NOTICE');
      receipt = newer.find((e) => e.type === 'RECEIPT');
    }
    const now = await deps.store.read.cases.application(application.id);
    const state = now?.state ?? application.state;
    if (notice)
      return {
        outcome: 'SUPPLEMENT_NOTICE',
        state,
        missing: (notice.payload as { missing?: unknown[] }).missing ?? [],
        caseNumbers: [],
      };
    if (receipt) {
      const cases = await deps.store.read.cases.itemCasesOf([application.id]);
      return {
        outcome: 'RECEIPT',
        state,
        missing: [],
        caseNumbers: cases.map((c) => c.caseNumber).filter((n): n is string => n !== null),
      };
    }
    return { outcome: 'PENDING', state, missing: [], caseNumbers: [] };
  };
}
