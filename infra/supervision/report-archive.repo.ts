/**
 * The report archive (domain/ports/report-archive.port.ts) over drizzle: the month's rows
 * (monthly-report.repo.ts) and the monthly_report table — append-only, the next version of a month
 * numbered under an advisory lock; snapshots stored as JSON and their dates revived on reading.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ArchivedVersion, ReportArchive } from '../../domain/ports/report-archive.port.ts';
import type { ReportSnapshot, ScopedReport } from '../../domain/supervision/report-snapshot.ts';
import type { Db } from '../db/client.ts';
import { monthlyReport } from '../db/schema.ts';
import { loadMonthlyCounts, type ReportSources } from './monthly-report-figures.repo.ts';
import { loadMonthlyReportRows } from './monthly-report.repo.ts';

/** JSON keeps dates as ISO strings; these bring them back. */
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
function reviveSnapshot(raw: ReportSnapshot): ReportSnapshot {
  return {
    ...raw,
    cases: raw.cases.map((c) => ({
      ...c,
      acceptedAt: date(c.acceptedAt),
      decidedAt: date(c.decidedAt),
      closedAt: date(c.closedAt),
    })),
    flags: raw.flags.map((f) => ({ ...f, detectedAt: date(f.detectedAt)! })),
    completions: raw.completions.map((p) => ({ ...p, completedAt: date(p.completedAt)! })),
    followUps: raw.followUps.map((f) => ({ ...f, detectedAt: date(f.detectedAt)! })),
  };
}

export function createReportArchive(db: Db, sources: ReportSources): ReportArchive {
  const size = {
    cases: sql<number>`jsonb_array_length(${monthlyReport.snapshot}->'cases')::int`,
    flags: sql<number>`jsonb_array_length(${monthlyReport.snapshot}->'flags')::int`,
  };
  const listed = (r: Omit<ArchivedVersion, 'cases' | 'flags'> & { cases: number; flags: number }): ArchivedVersion => ({
    ...r,
    cases: Number(r.cases),
    flags: Number(r.flags),
  });
  return {
    rows: (month, regionCode) => loadMonthlyReportRows(db, sources, month, regionCode),
    counts: (month, regionCode) => loadMonthlyCounts(db, month, regionCode),
    async archiveNext(month, archive) {
      return db.transaction(async (tx) => {
        // one archiver at a time per month: the advisory lock serialises version numbers
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`monthly-report:${month}`}))`);
        const [last] = await tx
          .select({ version: monthlyReport.version })
          .from(monthlyReport)
          .where(eq(monthlyReport.month, month))
          .orderBy(desc(monthlyReport.version))
          .limit(1);
        const next = (last?.version ?? 0) + 1;
        await tx.insert(monthlyReport).values({
          month,
          version: next,
          generatedAt: archive.generatedAt,
          generatedBy: archive.generatedBy,
          narrative: archive.narrative,
          ruleVersions: archive.ruleVersions,
          report: archive.report as unknown as Record<string, unknown>,
          snapshot: JSON.parse(JSON.stringify(archive.snapshot)) as unknown,
        });
        return next;
      });
    },
    async versions(month, page) {
      const rows = await db
        .select({
          version: monthlyReport.version,
          generatedAt: monthlyReport.generatedAt,
          generatedBy: monthlyReport.generatedBy,
          narrative: monthlyReport.narrative,
          ruleVersions: monthlyReport.ruleVersions,
          ...size,
        })
        .from(monthlyReport)
        .where(eq(monthlyReport.month, month))
        .orderBy(monthlyReport.version)
        .limit(page.limit)
        .offset(page.offset);
      const [n] = await db.select({ n: count() }).from(monthlyReport).where(eq(monthlyReport.month, month));
      return { rows: rows.map(listed), total: Number(n?.n ?? 0) };
    },
    async version(month, version) {
      const [row] = await db
        .select()
        .from(monthlyReport)
        .where(and(eq(monthlyReport.month, month), eq(monthlyReport.version, version)));
      if (!row) return null;
      const snapshot = reviveSnapshot(row.snapshot as ReportSnapshot);
      return {
        version: row.version,
        generatedAt: row.generatedAt,
        generatedBy: row.generatedBy,
        narrative: row.narrative,
        ruleVersions: row.ruleVersions,
        cases: snapshot.cases.length,
        flags: snapshot.flags.length,
        report: row.report as unknown as ScopedReport,
        snapshot,
      };
    },
  };
}
