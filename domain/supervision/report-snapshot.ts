/**
 * 月通报 archives (办法 §22): what an archived version keeps — the city-wide rows the figures were
 * computed from (the data snapshot), what is counted in SQL per district, and the headlines compared
 * with — and how a version is read back: a district's view restricted from the city snapshot, and
 * whether recomputing gives the archived figures exactly. Pure.
 */
import { CITY_REGION } from '../access/roles.ts';
import { monthlyReport, type MonthlyReport } from './monthly-report.ts';
import type {
  Headline,
  ReportCase,
  ReportFlag,
  ReportFollowUp,
  ReportInputs,
  ReportIntake,
  ReportStageCompletion,
  ReportSync,
} from './monthly-report-inputs.ts';

/** A month's rows as loaded from the store, for one region (null: the city). */
export interface MonthlyReportRows {
  cases: ReportCase[];
  flags: ReportFlag[];
  sync: ReportSync;
  intake: ReportIntake;
  completions: ReportStageCompletion[];
  followUps: ReportFollowUp[];
}

export type ScopedReport = MonthlyReport & { regionCode: string };

/** An archived version as listed: its number, who archived it and when, the rule versions in force, its size. */
export interface ArchiveInfo {
  version: number;
  generatedAt: string;
  generatedBy: string;
  narrative: string;
  ruleVersions: Record<string, number>;
  reportVersion: number;
  cases: number;
  flags: number;
}

/** A report found: the month now (archive null), or an archived version as reproduced. */
export interface FoundReport {
  report: ScopedReport;
  archive: (ArchiveInfo & { reproduced: boolean }) | null;
}

/** What an archive keeps: the rows, and what is counted in SQL (sync, intake) and compared (headlines), city-wide and per district. */
export interface ReportSnapshot {
  cases: ReportCase[];
  flags: ReportFlag[];
  sync: ReportSync;
  intake: ReportIntake;
  completions: ReportStageCompletion[];
  followUps: ReportFollowUp[];
  previous: Headline | null;
  lastYear: Headline | null;
  byRegion: Record<
    string,
    { sync: ReportSync; intake: ReportIntake; previous: Headline | null; lastYear: Headline | null }
  >;
}

export const inRegion = <T extends { regionCode: string }>(list: readonly T[], regionCode: string | null): T[] =>
  regionCode ? list.filter((x) => x.regionCode === regionCode) : [...list];

/** The headline of a month's rows, for a region (null: the city). */
export const headlineOf = (
  month: string,
  rows: Pick<MonthlyReportRows, 'cases' | 'flags'>,
  regionCode: string | null,
): Headline =>
  monthlyReport(month, { cases: inRegion(rows.cases, regionCode), flags: inRegion(rows.flags, regionCode) }).headline;

export const scopedReport = (month: string, inputs: ReportInputs, regionCode: string | null): ScopedReport => ({
  regionCode: regionCode ?? CITY_REGION,
  ...monthlyReport(month, inputs),
});

/** The district view of an archived city snapshot. */
export function restrictSnapshot(snapshot: ReportSnapshot, regionCode: string | null): ReportInputs {
  if (!regionCode) return snapshot;
  const own = snapshot.byRegion[regionCode];
  return {
    cases: inRegion(snapshot.cases, regionCode),
    flags: inRegion(snapshot.flags, regionCode),
    completions: inRegion(snapshot.completions, regionCode),
    followUps: inRegion(snapshot.followUps, regionCode),
    sync: own?.sync,
    intake: own?.intake,
    previous: own?.previous ?? null,
    lastYear: own?.lastYear ?? null,
  };
}

/** JSON with keys sorted at every level: the stored report's key order is not kept, so equality is checked on this. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
