/**
 * 月通报 (办法 §22): the current report of a month, its archive and its reproduction — without the
 * policy (the use cases beside this check it; the operator's command calls this directly).
 *
 * Archiving stores the city-wide report together with the rows it was computed from (the data
 * snapshot), the supervision rule versions and parameter version in force and the computation's own
 * version, as the next version of that month; nothing archived is changed or deleted. A past report is
 * reproduced from its snapshot by the same pure function, so it does not move when later events arrive;
 * a district's view of an archived month is the city snapshot restricted to the district.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { ReportArchive } from '../../domain/ports/report-archive.port.ts';
import type { SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';
import { MONTHLY_REPORT_VERSION } from '../../domain/supervision/monthly-report.ts';
import { monthRange, previousMonth, sameMonthLastYear } from '../../domain/supervision/monthly-report-month.ts';
import {
  canonicalJson,
  headlineOf,
  restrictSnapshot,
  scopedReport,
  type ArchiveInfo,
  type FoundReport,
  type ReportSnapshot,
  type ScopedReport,
} from '../../domain/supervision/report-snapshot.ts';
import { ruleVersions } from '../../domain/supervision/supervision-rules.ts';
import type { PageRequest } from '../paging.ts';

export interface MonthlyReportDeps {
  archive: ReportArchive;
  supervision: Pick<SupervisionRepository, 'parameterVersion'>;
  clock: Clock;
}

export function createMonthlyReports(deps: MonthlyReportDeps) {
  const { archive } = deps;
  /** The month's rows, with those of the month before and of the same month last year (for the headlines). */
  async function gather(month: string, regionCode: string | null) {
    const [rows, previous, lastYear] = await Promise.all([
      archive.rows(month, regionCode),
      archive.rows(previousMonth(month), regionCode),
      archive.rows(sameMonthLastYear(month), regionCode),
    ]);
    return { rows, previous, lastYear };
  }

  async function current(month: string, regionCode: string | null): Promise<ScopedReport> {
    const { rows, previous, lastYear } = await gather(month, regionCode);
    return scopedReport(
      month,
      {
        ...rows,
        previous: headlineOf(previousMonth(month), previous, null),
        lastYear: headlineOf(sameMonthLastYear(month), lastYear, null),
      },
      regionCode,
    );
  }

  /**
   * An archived version, reproduced from its snapshot (restricted to the district for a district
   * supervisor). `reproduced` says whether recomputing the city report from the snapshot gives the
   * archived figures exactly — false only if the computation has changed since (see reportVersion).
   */
  async function archived(month: string, version: number, regionCode: string | null): Promise<FoundReport> {
    monthRange(month);
    const row = await archive.version(month, version);
    if (!row)
      throw new DomainError('REPORT_ARCHIVE_NOT_FOUND', `${month} 月通报没有第 ${version} 版存档`, {
        field: 'query.version',
      });
    const city = scopedReport(month, row.snapshot, null);
    const reproduced = canonicalJson(city) === canonicalJson(row.report);
    const report = regionCode
      ? scopedReport(month, restrictSnapshot(row.snapshot, regionCode), regionCode)
      : reproduced
        ? city
        : row.report;
    return { report, archive: { ...infoOf(row), reproduced } };
  }

  return {
    /** The month now, or its archived `version` (reproduced, with the archive's facts). */
    async find(month: string, regionCode: string | null, version?: number): Promise<FoundReport> {
      return version === undefined
        ? { report: await current(month, regionCode), archive: null }
        : archived(month, version, regionCode);
    },

    /** Computes the city-wide report now and archives it, with its snapshot, as the month's next version (only once the month has ended). */
    async archive(
      month: string,
      generatedBy: string,
      narrative = '',
    ): Promise<{ info: ArchiveInfo; report: ScopedReport }> {
      if (monthRange(month).to.getTime() > deps.clock.now().getTime()) {
        throw new DomainError('REPORT_MONTH_NOT_ENDED', `${month} 尚未结束,月通报只能在月末之后存档`, {
          field: 'params.month',
        });
      }
      const { rows, previous, lastYear } = await gather(month, null);
      const [prevMonth, lastYearMonth] = [previousMonth(month), sameMonthLastYear(month)];
      const byRegion: ReportSnapshot['byRegion'] = {};
      for (const region of [...new Set(rows.cases.map((c) => c.regionCode))].sort()) {
        const own = await archive.counts(month, region);
        byRegion[region] = {
          sync: own.sync,
          intake: own.intake,
          previous: headlineOf(prevMonth, previous, region),
          lastYear: headlineOf(lastYearMonth, lastYear, region),
        };
      }
      const snapshot: ReportSnapshot = {
        ...rows,
        previous: headlineOf(prevMonth, previous, null),
        lastYear: headlineOf(lastYearMonth, lastYear, null),
        byRegion,
      };
      const report = scopedReport(month, snapshot, null);
      const generatedAt = deps.clock.now();
      // the rule definitions, the computation and the parameters in force (rule_parameter's newest id)
      const rules = {
        ...ruleVersions(),
        report: MONTHLY_REPORT_VERSION,
        parameters: await deps.supervision.parameterVersion(),
      };
      const version = await archive.archiveNext(month, {
        generatedAt,
        generatedBy,
        narrative,
        ruleVersions: rules,
        report,
        snapshot,
      });
      return {
        info: infoOf({
          version,
          generatedAt,
          generatedBy,
          narrative,
          ruleVersions: rules,
          cases: rows.cases.length,
          flags: rows.flags.length,
        }),
        report,
      };
    },

    async versions(month: string, page: PageRequest): Promise<{ items: ArchiveInfo[]; total: number }> {
      monthRange(month);
      const { rows, total } = await archive.versions(month, page);
      return { items: rows.map(infoOf), total };
    },
  };
}
export type MonthlyReports = ReturnType<typeof createMonthlyReports>;

function infoOf(r: {
  version: number;
  generatedAt: Date;
  generatedBy: string;
  narrative: string;
  ruleVersions: Record<string, number>;
  cases: number;
  flags: number;
}): ArchiveInfo {
  return {
    version: r.version,
    generatedAt: r.generatedAt.toISOString(),
    generatedBy: r.generatedBy,
    narrative: r.narrative,
    ruleVersions: r.ruleVersions,
    reportVersion: r.ruleVersions.report ?? 1,
    cases: r.cases,
    flags: r.flags,
  };
}
