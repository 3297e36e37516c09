/** 存档版本 — the archived versions of a month's report, oldest first, for the supervisors who may read reports. */
import type { Actor } from '../../domain/access/roles.ts';
import type { ArchiveInfo } from '../../domain/supervision/report-snapshot.ts';
import type { Page, PageRequest } from '../paging.ts';
import { readableRegion } from './get-monthly-report.ts';
import type { MonthlyReports } from './monthly-reports.ts';

export function createListReportVersions(deps: { reports: MonthlyReports }) {
  return async function listReportVersions(
    actor: Actor,
    month: string,
    page: PageRequest,
  ): Promise<Page<ArchiveInfo> & { month: string }> {
    readableRegion(actor);
    return { month, ...(await deps.reports.versions(month, page)) };
  };
}
