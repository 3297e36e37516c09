/**
 * 月通报 as stored: a month's rows loaded from the transactional store (set-based), and the archive —
 * each version of a month with its data snapshot and rule versions, append-only, versions numbered in
 * turn (one archiver at a time per month).
 */
import type { MonthlyReportRows, ReportSnapshot, ScopedReport } from '../supervision/report-snapshot.ts';

export interface ArchivedVersion {
  version: number;
  generatedAt: Date;
  generatedBy: string;
  narrative: string;
  ruleVersions: Record<string, number>;
  cases: number;
  flags: number;
}

export interface ArchivedReport extends ArchivedVersion {
  /** The figures as archived. */
  report: ScopedReport;
  /** The rows they were computed from (dates revived). */
  snapshot: ReportSnapshot;
}

export interface NewArchive {
  generatedAt: Date;
  generatedBy: string;
  narrative: string;
  ruleVersions: Record<string, number>;
  report: ScopedReport;
  snapshot: ReportSnapshot;
}

export interface ReportArchive {
  /** The month's rows in a region (null: the city), clocks evaluated at the month's end. */
  rows(month: string, regionCode: string | null): Promise<MonthlyReportRows>;
  /** What is counted in SQL (province sync, intake) for one region. */
  counts(month: string, regionCode: string): Promise<Pick<MonthlyReportRows, 'sync' | 'intake'>>;
  /** Stores the month's next version; its number. */
  archiveNext(month: string, archive: NewArchive): Promise<number>;
  versions(month: string, page: { limit: number; offset: number }): Promise<{ rows: ArchivedVersion[]; total: number }>;
  version(month: string, version: number): Promise<ArchivedReport | null>;
}
