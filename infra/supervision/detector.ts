/**
 * The anomaly detector (办法 §21): every minute it evaluates the rules over the item cases with events
 * newer than its watermark (case_event.id), and once a night over every case (time-driven rules —
 * A2 long-outstanding, A4 missing result, A10 sync lag — and anything a late-committing transaction
 * slipped past the watermark). Recording is idempotent, so a case evaluated twice raises nothing twice.
 * A1(c) bursts (≥ n decisions by one user in a window) are found across cases from DECIDED events.
 */
import { and, asc, eq, gt, gte, inArray, lte, max, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { caseEvent, itemCase, supervisionWatermark } from '../db/schema.ts';
import type { ItemCaseRow } from '../db/case-rows.repo.ts';
import type { Calendars } from '../../domain/calendar/calendars.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { paramsFor, type AnomalyFlag, type RuleOverrides } from '../../domain/supervision/anomaly-rule.ts';
import { A1, decisionBursts, type DecisionFact } from '../../domain/supervision/anomaly-rules-timing.ts';
import { evaluateCase } from '../../domain/supervision/supervision-rules.ts';
import { dayOf, hourOf } from '../../domain/calendar/shanghai-day.ts';
import { loadCaseFacts } from './case-facts.repo.ts';
import { recordFlags } from './flag.repo.ts';
import { currentOverrides } from './rule-parameter.repo.ts';

export interface SupervisionDeps {
  database: Database;
  catalog: CatalogIndex;
  calendars: Calendars;
  clock: Clock;
  logger: Logger;
  /** Fixed parameters (tests); by default those configured in rule_parameter, read at each run. */
  overrides?: RuleOverrides;
  /** Default one minute. */
  intervalMs?: number;
  /** Asia/Shanghai hour from which the nightly batch runs once a day; default 2. */
  nightlyHour?: number;
  /** Cases evaluated per batch; default 2000. */
  batchSize?: number;
}

export interface RunFigures {
  cases: number;
  events: number;
  flags: number;
  newFlags: number;
  ms: number;
}

const WATERMARK = 'detector';

async function readWatermark(db: DbOrTx): Promise<number> {
  return (
    (await db.select().from(supervisionWatermark).where(eq(supervisionWatermark.name, WATERMARK)))[0]?.lastEventId ?? 0
  );
}

export function createDetector(deps: SupervisionDeps) {
  const db = deps.database.db;
  const batchSize = deps.batchSize ?? 2000;

  /** The parameters in force for this run: the configured ones (rule_parameter), unless the caller fixed them. */
  const overridesNow = async (): Promise<RuleOverrides> => deps.overrides ?? (await currentOverrides(db)).overrides;

  async function evaluateCases(
    caseIds: string[],
    source: string,
    figures: RunFigures,
    overrides: RuleOverrides,
  ): Promise<void> {
    const now = deps.clock.now();
    for (let i = 0; i < caseIds.length; i += batchSize) {
      const loaded = await loadCaseFacts(db, deps, caseIds.slice(i, i + batchSize), now);
      const flags = loaded.flatMap((l) => evaluateCase(l.facts, overrides));
      figures.cases += loaded.length;
      figures.events += loaded.reduce(
        (n, l) => n + l.facts.events.length + (l.facts.applicationEvents?.length ?? 0),
        0,
      );
      figures.flags += flags.length;
      figures.newFlags += await recordFlags(db, new Map(loaded.map((l) => [l.row.id, l.row])), flags, source, now);
    }
  }

  /** A1(c): bursts of decisions with a business time in [from, to]. */
  async function evaluateBursts(
    from: Date | null,
    to: Date | null,
    source: string,
    figures: RunFigures,
    overrides: RuleOverrides,
  ): Promise<void> {
    const params = paramsFor(A1, '*', overrides);
    const where = [eq(caseEvent.type, 'DECIDED'), eq(caseEvent.aggregate, 'CASE')];
    if (from) where.push(gte(caseEvent.businessTime, new Date(from.getTime() - params.burst_window_s! * 1000)));
    if (to) where.push(lte(caseEvent.businessTime, new Date(to.getTime() + params.burst_window_s! * 1000)));
    const rows = await db
      .select({
        caseId: caseEvent.aggregateId,
        userId: caseEvent.actorUserId,
        at: caseEvent.businessTime,
        seq: caseEvent.seq,
      })
      .from(caseEvent)
      .where(and(...where))
      .orderBy(asc(caseEvent.businessTime));
    const bursts = decisionBursts(rows as DecisionFact[], params);
    if (bursts.length === 0) return;
    const lastCases = bursts.map((b) => b.decisions.at(-1)!.caseId);
    const cases = new Map<string, ItemCaseRow>(
      (await db.select().from(itemCase).where(inArray(itemCase.id, lastCases))).map((c) => [c.id, c]),
    );
    const flags: AnomalyFlag[] = bursts
      .filter((b) => cases.has(b.decisions.at(-1)!.caseId))
      .map((b) => {
        const last = b.decisions.at(-1)!;
        return {
          rule: 'A1',
          ruleVersion: A1.version,
          caseId: last.caseId,
          params,
          key: `burst:${b.userId}:${b.decisions[0]!.at.getTime()}`,
          severity: 'HIGH',
          evidenceSeqs: [last.seq],
          message: `${b.userId} 在 ${params.burst_window_s} 秒内办结 ${b.decisions.length} 件(${b.decisions.map((d) => d.caseId).join('、')})`,
        };
      });
    figures.flags += flags.length;
    figures.newFlags += await recordFlags(db, cases, flags, source, deps.clock.now());
  }

  return {
    /** Cases with events after the watermark; moves the watermark to the newest event seen. */
    async runOnce(): Promise<RunFigures> {
      const started = performance.now();
      const figures: RunFigures = { cases: 0, events: 0, flags: 0, newFlags: 0, ms: 0 };
      const from = await readWatermark(db);
      const [{ top }] = (await db.select({ top: max(caseEvent.id) }).from(caseEvent)) as [{ top: number | null }];
      if (top === null || top <= from) return { ...figures, ms: performance.now() - started };
      const touched = await db
        .selectDistinct({ id: caseEvent.aggregateId, aggregate: caseEvent.aggregate })
        .from(caseEvent)
        .where(and(gt(caseEvent.id, from), lte(caseEvent.id, top)));
      const caseIds = touched.filter((t) => t.aggregate === 'CASE').map((t) => t.id);
      const appIds = touched.filter((t) => t.aggregate === 'APPLICATION').map((t) => t.id);
      for (let i = 0; i < appIds.length; i += batchSize) {
        caseIds.push(
          ...(
            await db
              .select({ id: itemCase.id })
              .from(itemCase)
              .where(inArray(itemCase.applicationId, appIds.slice(i, i + batchSize)))
          ).map((r) => r.id),
        );
      }
      const overrides = await overridesNow();
      await evaluateCases([...new Set(caseIds)], 'detector', figures, overrides);
      const [range] = await db
        .select({ from: sql<Date>`min(${caseEvent.businessTime})`, to: sql<Date>`max(${caseEvent.businessTime})` })
        .from(caseEvent)
        .where(and(gt(caseEvent.id, from), lte(caseEvent.id, top), eq(caseEvent.type, 'DECIDED')));
      if (range?.from) await evaluateBursts(new Date(range.from), new Date(range.to), 'detector', figures, overrides);
      const now = deps.clock.now();
      await db
        .insert(supervisionWatermark)
        .values({ name: WATERMARK, lastEventId: top, updatedAt: now })
        .onConflictDoUpdate({ target: supervisionWatermark.name, set: { lastEventId: top, updatedAt: now } });
      return { ...figures, ms: performance.now() - started };
    },

    /** Every item case (the nightly batch). */
    async runNightly(): Promise<RunFigures> {
      const started = performance.now();
      const figures: RunFigures = { cases: 0, events: 0, flags: 0, newFlags: 0, ms: 0 };
      const overrides = await overridesNow();
      let after = '';
      for (;;) {
        const ids = (
          await db
            .select({ id: itemCase.id })
            .from(itemCase)
            .where(gt(itemCase.id, after))
            .orderBy(asc(itemCase.id))
            .limit(batchSize)
        ).map((r) => r.id);
        if (ids.length === 0) break;
        await evaluateCases(ids, 'nightly', figures, overrides);
        after = ids.at(-1)!;
      }
      await evaluateBursts(null, null, 'nightly', figures, overrides);
      return { ...figures, ms: performance.now() - started };
    },
  };
}

/** Starts the detector: runOnce every interval, the nightly batch once per Shanghai day after `nightlyHour`. */
export function startSupervision(deps: SupervisionDeps): {
  stop(): void;
  runOnce(): Promise<RunFigures>;
  runNightly(): Promise<RunFigures>;
} {
  const detector = createDetector(deps);
  const nightlyHour = deps.nightlyHour ?? 2;
  let lastNightlyDay: number | null = null;
  let running: Promise<unknown> | null = null;
  const tick = async () => {
    const now = deps.clock.now();
    const figures = await detector.runOnce();
    if (figures.newFlags > 0) deps.logger.info({ ...figures }, 'supervision flags raised');
    const day = dayOf(now.getTime());
    const hour = hourOf(now.getTime());
    if (hour >= nightlyHour && lastNightlyDay !== day) {
      lastNightlyDay = day;
      const nightly = await detector.runNightly();
      deps.logger.info({ ...nightly }, 'supervision nightly batch done');
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err: unknown) => deps.logger.error({ err }, 'supervision run failed'))
      .finally(() => {
        running = null;
      });
  }, deps.intervalMs ?? 60_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
    runOnce: () => detector.runOnce(),
    runNightly: () => detector.runNightly(),
  };
}
