/**
 * 月通报 (办法 §22): the current report of a month, its archive and its reproduction.
 *
 * Archiving stores the city-wide report together with the rows it was computed from (the data
 * snapshot), the supervision rule versions in force and the computation's own version, as the next
 * version of that month; nothing archived is changed or deleted. A past report is reproduced from
 * its snapshot by the same pure function, so it does not move when later events arrive; a district's
 * view of an archived month is the city snapshot restricted to the district.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { monthlyReport as monthlyReportTable } from '../db/schema.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import { DomainError } from '../../domain/errors.ts';
import { CITY_REGION } from '../../domain/access/roles.ts';
import { ruleVersions } from '../../domain/supervision/supervision-rules.ts';
import {
  MONTHLY_REPORT_VERSION, monthlyReport, monthRange, previousMonth, sameMonthLastYear,
  type Headline, type MonthlyReport, type ReportCase, type ReportFlag, type ReportFollowUp, type ReportInputs, type ReportIntake, type ReportStageCompletion, type ReportSync,
} from '../../domain/supervision/monthly-report.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { loadMonthlyCounts, loadMonthlyReportRows, type MonthlyReportRows } from './monthly-report.repo.ts';
import { parameterVersion } from './rule-parameter.repo.ts';

export type ScopedReport = MonthlyReport & { regionCode: string };
export interface FoundReport { report: ScopedReport; archive: (ArchiveInfo & { reproduced: boolean }) | null }

export interface ArchiveInfo { version: number; generatedAt: string; generatedBy: string; narrative: string; ruleVersions: Record<string, number>; reportVersion: number; cases: number; flags: number }

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
  byRegion: Record<string, { sync: ReportSync; intake: ReportIntake; previous: Headline | null; lastYear: Headline | null }>;
}

/** JSON with keys sorted at every level: jsonb does not keep key order, so equality is checked on this. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** JSON keeps dates as ISO strings; these bring them back. */
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
function reviveSnapshot(raw: ReportSnapshot): ReportSnapshot {
  return {
    ...raw,
    cases: raw.cases.map((c) => ({ ...c, acceptedAt: date(c.acceptedAt), decidedAt: date(c.decidedAt), closedAt: date(c.closedAt) })),
    flags: raw.flags.map((f) => ({ ...f, detectedAt: date(f.detectedAt)! })),
    completions: raw.completions.map((p) => ({ ...p, completedAt: date(p.completedAt)! })),
    followUps: raw.followUps.map((f) => ({ ...f, detectedAt: date(f.detectedAt)! })),
  };
}

const inRegion = <T extends { regionCode: string }>(list: readonly T[], regionCode: string | null) => (regionCode ? list.filter((x) => x.regionCode === regionCode) : [...list]);
const headlineOf = (month: string, rows: Pick<MonthlyReportRows, 'cases' | 'flags'>, regionCode: string | null): Headline =>
  monthlyReport(month, { cases: inRegion(rows.cases, regionCode), flags: inRegion(rows.flags, regionCode) }).headline;

const scoped = (month: string, inputs: ReportInputs, regionCode: string | null): ScopedReport => ({ regionCode: regionCode ?? CITY_REGION, ...monthlyReport(month, inputs) });

/** The district view of an archived city snapshot. */
function restrict(snapshot: ReportSnapshot, regionCode: string | null): ReportInputs {
  if (!regionCode) return snapshot;
  const own = snapshot.byRegion[regionCode];
  return {
    cases: inRegion(snapshot.cases, regionCode), flags: inRegion(snapshot.flags, regionCode), completions: inRegion(snapshot.completions, regionCode), followUps: inRegion(snapshot.followUps, regionCode),
    sync: own?.sync, intake: own?.intake, previous: own?.previous ?? null, lastYear: own?.lastYear ?? null,
  };
}

function notFound(month: string, version: number): DomainError {
  return new DomainError('REPORT_ARCHIVE_NOT_FOUND', `${month} 月通报没有第 ${version} 版存档`, { field: 'query.version' });
}

export function createMonthlyReports(deps: { database: Database; calendars: Calendars; catalog: CatalogIndex; clock: Clock }) {
  const db = deps.database.db;

  const load = (month: string, regionCode: string | null) => loadMonthlyReportRows(db, { calendars: deps.calendars, catalog: deps.catalog }, month, regionCode);
  /** The month's rows, with the headlines of the month before and of the same month last year (city-wide rows, so any district's can be taken from them). */
  async function gather(month: string, regionCode: string | null) {
    const [rows, previous, lastYear] = await Promise.all([load(month, regionCode), load(previousMonth(month), regionCode), load(sameMonthLastYear(month), regionCode)]);
    return { rows, previous, lastYear };
  }

  return {
    /** The month as the data stands now. */
    async current(month: string, regionCode: string | null): Promise<ScopedReport> {
      const { rows, previous, lastYear } = await gather(month, regionCode);
      return scoped(month, { ...rows, previous: headlineOf(previousMonth(month), previous, null), lastYear: headlineOf(sameMonthLastYear(month), lastYear, null) }, regionCode);
    },

    /** Computes the city-wide report now and archives it, with its snapshot, as the month's next version. */
    async archive(month: string, generatedBy: string, narrative = ''): Promise<{ info: ArchiveInfo; report: ScopedReport }> {
      const range = monthRange(month);
      if (range.to.getTime() > deps.clock.now().getTime()) {
        throw new DomainError('REPORT_MONTH_NOT_ENDED', `${month} 尚未结束,月通报只能在月末之后存档`, { field: 'params.month' });
      }
      const { rows, previous, lastYear } = await gather(month, null);
      const prevMonth = previousMonth(month);
      const lastYearMonth = sameMonthLastYear(month);
      const byRegion: ReportSnapshot['byRegion'] = {};
      for (const region of [...new Set(rows.cases.map((c) => c.regionCode))].sort()) {
        const own = await loadMonthlyCounts(db, month, region);
        byRegion[region] = { sync: own.sync, intake: own.intake, previous: headlineOf(prevMonth, previous, region), lastYear: headlineOf(lastYearMonth, lastYear, region) };
      }
      const snapshot: ReportSnapshot = { ...rows, previous: headlineOf(prevMonth, previous, null), lastYear: headlineOf(lastYearMonth, lastYear, null), byRegion };
      const report = scoped(month, snapshot, null);
      const generatedAt = deps.clock.now();
      // the rule definitions, the computation and the parameters in force (rule_parameter's newest id)
      const rules = { ...ruleVersions(), report: MONTHLY_REPORT_VERSION, parameters: await parameterVersion(db) };
      const version = await db.transaction(async (tx) => {
        // one archiver at a time per month: the advisory lock serialises version numbers
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`monthly-report:${month}`}))`);
        const [last] = await tx.select({ version: monthlyReportTable.version }).from(monthlyReportTable).where(eq(monthlyReportTable.month, month)).orderBy(desc(monthlyReportTable.version)).limit(1);
        const next = (last?.version ?? 0) + 1;
        await tx.insert(monthlyReportTable).values({
          month, version: next, generatedAt, generatedBy, narrative, ruleVersions: rules,
          report: report as unknown as Record<string, unknown>, snapshot: JSON.parse(JSON.stringify(snapshot)) as unknown,
        });
        return next;
      });
      return { info: { version, generatedAt: generatedAt.toISOString(), generatedBy, narrative, ruleVersions: rules, reportVersion: MONTHLY_REPORT_VERSION, cases: rows.cases.length, flags: rows.flags.length }, report };
    },

    /** The month now, or its archived `version` (reproduced, with the archive's facts). */
    async find(month: string, regionCode: string | null, version?: number): Promise<FoundReport> {
      if (version === undefined) return { report: await this.current(month, regionCode), archive: null };
      const found = await this.archived(month, version, regionCode);
      return { report: found.report, archive: { ...found.info, reproduced: found.reproduced } };
    },

    async versions(month: string): Promise<ArchiveInfo[]> {
      monthRange(month);
      const rows = await db.select({
        version: monthlyReportTable.version, generatedAt: monthlyReportTable.generatedAt, generatedBy: monthlyReportTable.generatedBy, narrative: monthlyReportTable.narrative, ruleVersions: monthlyReportTable.ruleVersions,
        cases: sql<number>`jsonb_array_length(${monthlyReportTable.snapshot}->'cases')::int`, flags: sql<number>`jsonb_array_length(${monthlyReportTable.snapshot}->'flags')::int`,
      }).from(monthlyReportTable).where(eq(monthlyReportTable.month, month)).orderBy(monthlyReportTable.version);
      return rows.map((r) => ({ version: r.version, generatedAt: r.generatedAt.toISOString(), generatedBy: r.generatedBy, narrative: r.narrative, ruleVersions: r.ruleVersions, reportVersion: r.ruleVersions.report ?? 1, cases: Number(r.cases), flags: Number(r.flags) }));
    },

    /**
     * An archived version, reproduced from its snapshot (restricted to the district for a district
     * supervisor). `reproduced` says whether recomputing the city report from the snapshot gives the
     * archived figures exactly — false only if the computation has changed since (see reportVersion).
     */
    async archived(month: string, version: number, regionCode: string | null): Promise<{ info: ArchiveInfo; report: ScopedReport; reproduced: boolean }> {
      monthRange(month);
      const [row] = await db.select().from(monthlyReportTable).where(and(eq(monthlyReportTable.month, month), eq(monthlyReportTable.version, version)));
      if (!row) throw notFound(month, version);
      const snapshot = reviveSnapshot(row.snapshot as ReportSnapshot);
      const city = scoped(month, snapshot, null);
      const reproduced = canonical(city) === canonical(row.report);
      const report = regionCode ? scoped(month, restrict(snapshot, regionCode), regionCode) : reproduced ? city : (row.report as unknown as ScopedReport);
      return {
        info: { version: row.version, generatedAt: row.generatedAt.toISOString(), generatedBy: row.generatedBy, narrative: row.narrative, ruleVersions: row.ruleVersions, reportVersion: row.ruleVersions.report ?? 1, cases: snapshot.cases.length, flags: snapshot.flags.length },
        report, reproduced,
      };
    },
  };
}

export type MonthlyReports = ReturnType<typeof createMonthlyReports>;
