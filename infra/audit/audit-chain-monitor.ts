/**
 * 审计日志完整性巡检 — the server verifies the whole audit-log hash chain on a schedule (nightly by
 * default, AUDIT_VERIFY_INTERVAL_MS), so a break is found without anyone running `npm run
 * audit:verify`. The last result is a metric (`audit_chain_ok`, `audit_chain_breaks`,
 * `audit_chain_rows`, `audit_chain_last_verified_timestamp_seconds`); a broken chain is an error log
 * with every break's kind and position and, when security admins' mobiles are configured
 * (AUDIT_ALERT_PHONES), an AUDIT_CHAIN_ALERT text — once per new set of breaks (idempotency key).
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { SmsGateway } from '../sms/sms.port.ts';
import { verifyAuditChain, type ChainReport } from '../db/audit.repo.ts';

export interface AuditChainMonitorOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** How often start() verifies, in ms; 0: never. */
  intervalMs: number;
  /** The first check after start(); default a minute (or the interval, when shorter). */
  firstDelayMs?: number;
  sms?: SmsGateway;
  /** Security admins' mobiles (11 digits). */
  phones?: readonly string[];
}

export interface AuditChainCheck {
  at: Date;
  report: ChainReport;
  alerted: boolean;
}

export interface AuditChainMonitor {
  check(): Promise<AuditChainCheck>;
  last(): AuditChainCheck | null;
  /** Prometheus text. */
  render(): string;
  start(): void;
  /** Stops the schedule and waits for a check under way. */
  stop(): Promise<void>;
}

export function createAuditChainMonitor(options: AuditChainMonitorOptions): AuditChainMonitor {
  const logger = options.logger.child({ component: 'audit-chain-monitor' });
  let last: AuditChainCheck | null = null;
  let alertedFingerprint: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<AuditChainCheck> | null = null;

  async function alert(report: ChainReport): Promise<boolean> {
    const first = report.problems[0]!;
    logger.error(
      {
        breaks: report.problemCount,
        rows: report.rows,
        headSeq: report.headSeq,
        problems: report.problems.slice(0, 50),
      },
      'audit chain broken',
    );
    const fingerprint = createHash('sha256')
      .update(report.problems.map((p) => `${p.kind}:${p.seq}`).join(','))
      .digest('hex')
      .slice(0, 32);
    if (fingerprint === alertedFingerprint) return false;
    if (!options.sms || !options.phones?.length) {
      logger.warn('no security-admin phones configured for the audit chain alert');
      alertedFingerprint = fingerprint;
      return false;
    }
    try {
      await options.sms.send({
        templateId: 'AUDIT_CHAIN_ALERT',
        phones: options.phones,
        idempotencyKey: `audit-chain-alert:${fingerprint}`,
        params: { breaks: String(report.problemCount), firstSeq: String(first.seq), kind: first.kind },
      });
    } catch (err) {
      logger.warn({ err }, 'audit chain alert SMS failed; will try again at the next check');
      return false;
    }
    alertedFingerprint = fingerprint;
    return true;
  }

  async function verify(): Promise<AuditChainCheck> {
    const report = await verifyAuditChain(options.database.db);
    const alerted = report.ok ? false : await alert(report);
    if (report.ok) {
      alertedFingerprint = null;
      logger.info({ rows: report.rows, headSeq: report.headSeq }, 'audit chain intact');
    }
    last = { at: options.clock.now(), report, alerted };
    return last;
  }

  const tick = () => {
    void monitor.check().catch((err: unknown) => logger.error({ err }, 'audit chain verification failed'));
  };

  const monitor: AuditChainMonitor = {
    /** One verification at a time: a call while one runs gets its result. */
    check() {
      running ??= verify().finally(() => {
        running = null;
      });
      return running;
    },
    last: () => last,
    render() {
      const lines = [
        '# HELP audit_chain_last_verified_timestamp_seconds When the audit-log hash chain was last verified (0: not yet).',
        '# TYPE audit_chain_last_verified_timestamp_seconds gauge',
        `audit_chain_last_verified_timestamp_seconds ${last ? Math.floor(last.at.getTime() / 1000) : 0}`,
      ];
      if (last) {
        lines.push(
          '# HELP audit_chain_ok 1 when the last verification found the audit-log hash chain intact, 0 when broken.',
          '# TYPE audit_chain_ok gauge',
          `audit_chain_ok ${last.report.ok ? 1 : 0}`,
          '# HELP audit_chain_breaks Breaks (altered, inserted, deleted rows) the last verification found.',
          '# TYPE audit_chain_breaks gauge',
          `audit_chain_breaks ${last.report.problemCount}`,
          '# HELP audit_chain_rows Rows the last verification read.',
          '# TYPE audit_chain_rows gauge',
          `audit_chain_rows ${last.report.rows}`,
        );
      }
      return `${lines.join('\n')}\n`;
    },
    start() {
      if (timer || options.intervalMs <= 0) return;
      timer = setTimeout(
        function run() {
          tick();
          timer = setTimeout(run, options.intervalMs);
          timer.unref();
        },
        options.firstDelayMs ?? Math.min(60_000, options.intervalMs),
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
  return monitor;
}
