/**
 * 月通报 (办法 §22) — a month's report for a supervisor's region (a district supervisor its district,
 * also of an archived city report): now, or an archived version as reproduced; as data, as its HTML
 * page, or as the page printed to PDF.
 */
import { assertListScope } from '../../domain/access/list-scope.ts';
import type { Actor } from '../../domain/access/roles.ts';
import type { ReportRenderer } from '../../domain/ports/report-renderer.port.ts';
import type { ArchiveInfo, ScopedReport } from '../../domain/supervision/report-snapshot.ts';
import type { MonthlyReports } from './monthly-reports.ts';

export type ReportFormat = 'json' | 'html' | 'pdf';
export type RenderedReport =
  | { format: 'json'; report: ScopedReport & { archive?: ArchiveInfo & { reproduced: boolean } } }
  | { format: 'html'; html: string }
  | { format: 'pdf'; pdf: Uint8Array; fileName: string };

/** The region whose reports the actor may read (null: the whole city), or 403 (policy: supervision.read). */
export const readableRegion = (actor: Actor): string | null =>
  assertListScope(actor, 'supervision.read', '仅限工改办监察人员').regionCode;

export function createGetMonthlyReport(deps: { reports: MonthlyReports; renderer: ReportRenderer }) {
  return async function getMonthlyReport(
    actor: Actor,
    month: string,
    query: { format: ReportFormat; version?: number },
  ): Promise<RenderedReport> {
    const found = await deps.reports.find(month, readableRegion(actor), query.version);
    if (query.format === 'html') return { format: 'html', html: deps.renderer.html(found) };
    if (query.format === 'pdf')
      return {
        format: 'pdf',
        pdf: await deps.renderer.pdf(found),
        fileName: `monthly-report-${month}${query.version ? `-v${query.version}` : ''}.pdf`,
      };
    return { format: 'json', report: found.archive ? { ...found.report, archive: found.archive } : found.report };
  };
}
