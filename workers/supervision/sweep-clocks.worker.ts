/**
 * approval.sweep-clocks — 时限监察 (办法 §20): every minute, each running clock's escalation ladder is
 * evaluated; a rung that is due is claimed in the ledger (exactly once per clock, rung and epoch) and
 * its SMS goes to the handler and department head (yellow, red) or the lead department and supervisors
 * (further rungs). Paused clocks fire nothing: their rung instants are derived from their events.
 * Each clock is read on its region's calendar; a rung whose instant lies in a year the calendar lacks
 * waits, and the clocks waiting so are counted (WorkerDeps.calendarWatch) for /health and /metrics.
 */
import type { Tx } from '../../infra/db/client.ts';
import { activeClocks } from '../../infra/db/legal-clock.repo.ts';
import { createLadderLedgerRepo } from '../../infra/db/ladder-ledger.repo.ts';
import { getItemCase } from '../../infra/db/case.repo.ts';
import { DEFAULT_LADDER, dueRungs } from '../../domain/clock/escalation-ladder.ts';
import { evaluateClock } from '../../domain/clock/legal-clock.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import type { JobWorkerDefinition, WorkerDeps } from '../deps.ts';
import { shanghaiTime } from '../case-context.ts';

export function createSweepClocksWorker(deps: WorkerDeps): JobWorkerDefinition {
  return {
    type: JOB_TYPES.sweepClocks,
    async handler() {
      const now = deps.clock.now();
      let fired = 0;
      let pending = 0;
      for (const clock of await activeClocks(deps.database.db)) {
        const calendar = deps.calendars.forRegion(clock.regionCode);
        const state = evaluateClock(calendar, clock.events, now);
        if (state.calendarPendingYear !== null) pending++;
        const due = dueRungs(calendar, clock.events, DEFAULT_LADDER, now);
        if (due.length === 0) continue;
        const itemCase = await getItemCase(deps.database.db, clock.caseId);
        const item = itemCase ? deps.catalog.item(itemCase.itemCode) : null;
        const unit = state.unit === 'WD' ? '工作日' : '自然日';
        for (const rung of due) {
          const phones = [...new Set(rung.rung.audience.flatMap((a) => deps.recipients(a, clock.department)))];
          const params = {
            deptName: departmentName(deps, clock.department), itemName: item?.nameZh ?? clock.caseId, caseNo: itemCase?.caseNumber ?? clock.caseId,
            stepName: clock.kind === 'SPECIAL' ? '特别程序' : '审批',
            deadline: state.deadline ? shanghaiTime(state.deadline) : state.calendarPendingYear ? `${state.calendarPendingYear}年工作日历公布后确定的截止日` : '—',
            remaining: state.remainingDays === null ? '待定' : `${state.remainingDays}个${unit}`, issue: '已超期',
            duration: state.remainingDays === null ? `至少${Math.max(1, state.elapsedDays - state.totalDays)}个${unit}` : `${Math.max(0, -state.remainingDays)}个${unit}`,
          };
          const templateId = rung.rung.id === 'YELLOW' ? 'YELLOW_WARNING' : rung.rung.id === 'RED' ? 'RED_WARNING' : 'ESCALATION';
          // claim and send in one transaction: a failed send rolls the claim back, so the next sweep
          // sends it again (the gateway de-duplicates on the key); a rung is never claimed unsent
          const sent = await deps.database.db.transaction(async (tx) => {
            if (!(await createLadderLedgerRepo(tx as Tx).claim(clock.id, rung.rung.id, rung.epoch, now))) return false;
            if (phones.length > 0) await deps.sms.send({ templateId, phones, params, idempotencyKey: `${clock.id}:${rung.rung.id}:${rung.epoch}` });
            return phones.length > 0;
          });
          if (sent) fired++;
        }
      }
      deps.calendarWatch?.sawPendingClocks(pending, now);
      return { outcome: 'complete', variables: { fired } };
    },
  };
}

/** The department's name for the message text (its code when the catalogue does not know it). */
function departmentName(deps: WorkerDeps, code: string): string {
  try { return deps.catalog.department(code).nameZh; } catch { return code; }
}
