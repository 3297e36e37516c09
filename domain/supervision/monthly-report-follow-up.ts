/** 整改跟踪 in the monthly report: last month's flags and where they stand at this month's end. */
import { count } from './monthly-report-figures.ts';
import type { ReportFollowUp } from './monthly-report-inputs.ts';
import { monthRange, previousMonth, within } from './monthly-report-month.ts';

/** Last month's flags and where they stand now: still OPEN means the department has not answered. */
export function followUpOf(month: string, all: readonly ReportFollowUp[]) {
  const before1 = monthRange(previousMonth(month));
  const followUps = all.filter((f) => within(f.detectedAt, before1));
  const followUpByStatus: Record<string, number> = {};
  for (const f of followUps) count(followUpByStatus, f.status);
  return {
    month: before1.month,
    flags: followUps.length,
    byStatus: followUpByStatus,
    unanswered: followUps
      .filter((f) => f.status === 'OPEN')
      .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime() || a.flagId - b.flagId)
      .map((f) => ({
        flagId: f.flagId,
        caseId: f.caseId,
        rule: f.rule,
        department: f.department,
        regionCode: f.regionCode,
        detectedAt: f.detectedAt.toISOString(),
      })),
  };
}
