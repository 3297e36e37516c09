/** 月通报存档 — the city reform office (a city-wide supervisor) archives the city-wide report of an ended month, with its narrative, as the next version. */
import { can } from '../../domain/access/policy.ts';
import { CITY_REGION, type Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ArchiveInfo } from '../../domain/supervision/report-snapshot.ts';
import type { MonthlyReports } from './monthly-reports.ts';

export function createArchiveMonthlyReport(deps: { reports: MonthlyReports }) {
  return async function archiveMonthlyReport(actor: Actor, month: string, narrative: string): Promise<ArchiveInfo> {
    if (!can(actor, 'report.archive', { kind: 'region', regionCode: CITY_REGION }))
      throw new DomainError('FORBIDDEN', '月通报由市工改办存档', { field: 'authorization' });
    return (await deps.reports.archive(month, actor.userId, narrative.trim())).info;
  };
}
