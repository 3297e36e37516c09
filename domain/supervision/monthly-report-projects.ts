/**
 * The projects part of the monthly report: the stage applications completed (阶段办结) in the month,
 * and the projects that finished 竣工验收 (stage 4) with their whole process against the target.
 */
import { groupBy, mean, ratio } from './monthly-report-figures.ts';
import type { ReportStageCompletion } from './monthly-report-inputs.ts';
import { within, type MonthRange } from './monthly-report-month.ts';

export function projectsOf(all: readonly ReportStageCompletion[], range: MonthRange) {
  const completions = all.filter((p) => within(p.completedAt, range));
  const finished = completions.filter((p) => p.stage === 4);
  const onTarget = (p: ReportStageCompletion) =>
    p.fullProcessDays !== null && p.targetDays !== null && p.fullProcessDays <= p.targetDays;
  const byStage = groupBy(completions, (p) => String(p.stage));
  return {
    stagesCompleted: Object.fromEntries(
      [...byStage].sort(([a], [b]) => Number(a) - Number(b)).map(([stage, list]) => [stage, list.length]),
    ),
    avgStageDays: Object.fromEntries(
      [...byStage]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([stage, list]) => [stage, mean(list.map((p) => p.stageDays).filter((d): d is number => d !== null))]),
    ),
    /** Projects that finished 竣工验收 in the month, and their whole process in working days. */
    completedProjects: finished.length,
    avgFullProcessDays: mean(finished.map((p) => p.fullProcessDays).filter((d): d is number => d !== null)),
    withinTarget: finished.filter(onTarget).length,
    withinTargetRate: ratio(finished.filter(onTarget).length, finished.length),
    byFlowType: [...groupBy(finished, (p) => p.flowType)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([flowType, list]) => ({
        flowType,
        projects: list.length,
        avgDays: mean(list.map((p) => p.fullProcessDays).filter((d): d is number => d !== null)),
        targetDays: list[0]!.targetDays,
        withinTarget: list.filter(onTarget).length,
      })),
  };
}
