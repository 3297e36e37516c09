/**
 * 工作日历年度提醒 — nobody is surprised by the year end. From `COVERAGE_WARNING_DAYS` (60) days before
 * the last known year ends, the calendar is `degraded` on /health with the days left, /metrics exposes
 * them, and the system administrators and the city's supervisors get one SMS a week until the next
 * year is loaded (claimed in the ladder ledger under `calendar:coverage`, so two processes or a restart
 * never send a week's text twice). The clock sweep reports how many clocks wait on the missing year.
 */
import { CITY_REGION } from '../../domain/access/roles.ts';
import { COVERAGE_WARNING_DAYS } from '../../domain/calendar/working-calendar.ts';
import type { Clock } from '../clock.ts';
import type { Database, Tx } from '../db/client.ts';
import { reachableAccounts } from '../db/account.repo.ts';
import { createLadderLedgerRepo } from '../db/ladder-ledger.repo.ts';
import type { PiiCrypto } from '../crypto/pii-crypto.ts';
import type { Logger } from '../logger.ts';
import type { SmsGateway } from '../sms/sms.port.ts';
import type { CalendarBook } from './calendar-book.ts';

export interface CalendarCoverage {
  status: 'ok' | 'degraded';
  lastKnownYear: number;
  /** Natural days until 31 December of the last known year (negative once past it). */
  daysLeft: number;
  /** Running clocks waiting on a year the calendar lacks, as of the last clock sweep (null before one). */
  pendingClocks: number | null;
  pendingCountedAt: string | null;
}

export interface CoverageMonitor {
  coverage(): CalendarCoverage;
  /** The clock sweep's count of clocks waiting on a missing year. */
  sawPendingClocks(count: number, at: Date): void;
  /** Sends this week's reminder if due and not yet sent; true when it went out. */
  check(): Promise<boolean>;
  renderMetrics(): string;
  start(intervalMs: number): void;
  stop(): void;
}

/** The ledger's clock id for the reminders; the rung is the missing year, the epoch the week. */
const LEDGER_ID = 'calendar:coverage';

export function createCoverageMonitor(deps: {
  database: Database;
  book: CalendarBook;
  clock: Clock;
  sms: SmsGateway;
  pii: PiiCrypto;
  logger: Logger;
}): CoverageMonitor {
  const logger = deps.logger.child({ component: 'calendar-coverage' });
  let pending: { count: number; at: Date } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void)[] = [];

  const coverage = (): CalendarCoverage => {
    const national = deps.book.national();
    const daysLeft = national.daysUntilCoverageEnds(deps.clock.now());
    return {
      status: daysLeft <= COVERAGE_WARNING_DAYS ? 'degraded' : 'ok',
      lastKnownYear: national.lastYear,
      daysLeft,
      pendingClocks: pending?.count ?? null,
      pendingCountedAt: pending?.at.toISOString() ?? null,
    };
  };

  async function recipients(): Promise<string[]> {
    const db = deps.database.db;
    const rows = [
      ...(await reachableAccounts(db, ['SYSTEM_ADMIN'])),
      ...(await reachableAccounts(db, ['SUPERVISOR'], CITY_REGION)),
    ];
    return [...new Set(rows.map((r) => deps.pii.decryptPii(r.phoneEnc!)))];
  }

  async function check(): Promise<boolean> {
    const c = coverage();
    if (c.status === 'ok') return false;
    const nextYear = c.lastKnownYear + 1;
    const week = Math.floor(c.daysLeft / 7);
    const phones = await recipients();
    if (phones.length === 0) {
      logger.warn(
        { lastKnownYear: c.lastKnownYear, daysLeft: c.daysLeft },
        'the working-day calendar ends soon and no administrator has a phone on file',
      );
      return false;
    }
    // claim and send in one transaction: a failed send rolls the claim back and the next check sends it
    const sent = await deps.database.db.transaction(async (tx) => {
      if (!(await createLadderLedgerRepo(tx as Tx).claim(LEDGER_ID, String(nextYear), week, deps.clock.now())))
        return false;
      await deps.sms.send({
        templateId: 'CALENDAR_YEAR_MISSING',
        phones,
        idempotencyKey: `${LEDGER_ID}:${nextYear}:${week}`,
        params: {
          lastYear: String(c.lastKnownYear),
          daysLeft: String(Math.max(0, c.daysLeft)),
          nextYear: String(nextYear),
          pendingClocks: String(c.pendingClocks ?? 0),
        },
      });
      return true;
    });
    if (sent)
      logger.warn(
        { lastKnownYear: c.lastKnownYear, daysLeft: c.daysLeft, recipients: phones.length },
        'the working-day calendar ends soon: reminder sent',
      );
    return sent;
  }

  const run = () => {
    check().catch((err: unknown) => logger.warn({ err }, 'calendar coverage check failed'));
  };

  return {
    coverage,
    sawPendingClocks(count, at) {
      pending = { count, at };
    },
    check,
    renderMetrics() {
      const c = coverage();
      return [
        '# HELP calendar_last_known_year The last year the working-day calendar knows.',
        '# TYPE calendar_last_known_year gauge',
        `calendar_last_known_year ${c.lastKnownYear}`,
        '# HELP calendar_days_left Natural days until the last known year of the working-day calendar ends.',
        '# TYPE calendar_days_left gauge',
        `calendar_days_left ${c.daysLeft}`,
        '# HELP calendar_pending_clocks Running clocks whose deadline waits on a year the calendar lacks (last clock sweep).',
        '# TYPE calendar_pending_clocks gauge',
        `calendar_pending_clocks ${c.pendingClocks ?? 0}`,
        '',
      ].join('\n');
    },
    start(intervalMs) {
      if (timer) return;
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
      // a loaded year, or the demo clock moved forward, is checked at once
      unsubscribe = [deps.book.onChange(run), deps.clock.onAdvance(run)];
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const u of unsubscribe) u();
      unsubscribe = [];
    },
  };
}
