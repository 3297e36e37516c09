/** The use cases of the monthly report (月通报, 办法 §22): read a month (now or archived; JSON, HTML, PDF), archive it, list its versions. */
import type { Clock } from '../domain/ports/clock.port.ts';
import type { ReportArchive } from '../domain/ports/report-archive.port.ts';
import type { ReportRenderer } from '../domain/ports/report-renderer.port.ts';
import type { SupervisionRepository } from '../domain/ports/supervision-repository.port.ts';
import { createArchiveMonthlyReport } from './reports/archive-monthly-report.ts';
import { createGetMonthlyReport } from './reports/get-monthly-report.ts';
import { createListReportVersions } from './reports/list-report-versions.ts';
import { createMonthlyReports } from './reports/monthly-reports.ts';

export interface ReportUseCaseDeps {
  archive: ReportArchive;
  renderer: ReportRenderer;
  supervision: Pick<SupervisionRepository, 'parameterVersion'>;
  clock: Clock;
}

export function createReportUseCases(deps: ReportUseCaseDeps) {
  const reports = createMonthlyReports(deps);
  return {
    getMonthlyReport: createGetMonthlyReport({ reports, renderer: deps.renderer }),
    archiveMonthlyReport: createArchiveMonthlyReport({ reports }),
    listReportVersions: createListReportVersions({ reports }),
  };
}
export type ReportUseCases = ReturnType<typeof createReportUseCases>;
