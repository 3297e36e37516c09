/**
 * 同步滞后监测 — watches the age of the oldest unsent record (办法 §5: lag ≤ 5 min).
 * - Past `alertAfterMs` (4 min) an incident opens — one at a time across processes (a unique open
 *   row in sync_lag_incident) — and the alert goes out once: an error log and the SYNC_LAG_ALERT SMS
 *   to the configured operators and supervisors (idempotency key per incident; a failed send is
 *   tried again at the next check). Below the threshold the incident clears.
 * - Every record still unsent past `slaMs` (5 min) is recorded as an A10 anomaly; the relay records
 *   those acknowledged late.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { SmsGateway } from '../sms/sms.port.ts';
import { recordUnsentLagAnomalies } from '../db/outbox-lag.repo.ts';
import { syncLagIncident } from '../db/tables/outbox.table.ts';
import { readSyncGauges, type SyncGauges } from './sync-metrics.ts';
import { A10_RULE_VERSION, SYNC_SLA_MS } from './sync-relay.ts';

export const SYNC_ALERT_AFTER_MS = 4 * 60_000;

export interface SyncLagMonitorOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  sms: SmsGateway;
  /** Operators and supervisors to text (11-digit mobiles). */
  phones: readonly string[];
  alertAfterMs?: number;
  slaMs?: number;
  /** How often start() checks. Default 15 s. */
  intervalMs?: number;
}

export interface LagCheck extends SyncGauges {
  /** The open incident, if any. */
  incidentId: number | null;
  /** An incident opened by this check. */
  opened: boolean;
  /** The SMS went out in this check. */
  notified: boolean;
  cleared: boolean;
  anomaliesRecorded: number;
}

export interface SyncLagMonitor {
  check(): Promise<LagCheck>;
  start(): void;
  stop(): void;
}

export function createSyncLagMonitor(options: SyncLagMonitorOptions): SyncLagMonitor {
  const { database, clock } = options;
  const db = database.db;
  const logger = options.logger.child({ component: 'sync-lag-monitor' });
  const alertAfterMs = options.alertAfterMs ?? SYNC_ALERT_AFTER_MS;
  const rule = { slaMs: options.slaMs ?? SYNC_SLA_MS, ruleVersion: A10_RULE_VERSION };
  let timer: NodeJS.Timeout | null = null;

  async function notify(incident: typeof syncLagIncident.$inferSelect, gauges: SyncGauges): Promise<boolean> {
    if (options.phones.length === 0) {
      logger.warn({ incidentId: incident.id }, 'no phone numbers configured for the sync-lag alert');
      return false;
    }
    try {
      await options.sms.send({
        templateId: 'SYNC_LAG_ALERT',
        phones: options.phones,
        idempotencyKey: `sync-lag-alert:${incident.id}`,
        params: {
          pendingCount: String(gauges.backlog),
          lagMinutes: String(Math.floor(gauges.oldestUnsentAgeSeconds / 60)),
        },
      });
    } catch (err) {
      logger.warn({ err, incidentId: incident.id }, 'sync-lag alert SMS failed; will try again');
      return false;
    }
    await db.update(syncLagIncident).set({ notifiedAt: clock.now() }).where(eq(syncLagIncident.id, incident.id));
    return true;
  }

  async function check(): Promise<LagCheck> {
    const now = clock.now();
    const gauges = await readSyncGauges(db, now);
    const anomaliesRecorded = await recordUnsentLagAnomalies(db, now, rule);
    if (anomaliesRecorded > 0)
      logger.warn(
        { anomaliesRecorded, slaMs: rule.slaMs },
        'A10 sync-lag anomalies recorded for records unsent past the SLA',
      );
    const [open] = await db
      .select()
      .from(syncLagIncident)
      .where(and(eq(syncLagIncident.scope, 'province'), isNull(syncLagIncident.clearedAt)));
    const result: LagCheck = {
      ...gauges,
      incidentId: open?.id ?? null,
      opened: false,
      notified: false,
      cleared: false,
      anomaliesRecorded,
    };

    if (gauges.oldestUnsentAgeSeconds * 1000 <= alertAfterMs) {
      if (open) {
        await db.update(syncLagIncident).set({ clearedAt: now }).where(eq(syncLagIncident.id, open.id));
        logger.info(
          { incidentId: open.id, openedAt: open.openedAt },
          'province sync lag back under the alert threshold',
        );
        return { ...result, incidentId: null, cleared: true };
      }
      return result;
    }
    let incident = open;
    if (!incident) {
      [incident] = await db
        .insert(syncLagIncident)
        .values({ openedAt: now, oldestAgeSeconds: Math.floor(gauges.oldestUnsentAgeSeconds), backlog: gauges.backlog })
        .onConflictDoNothing()
        .returning();
      if (!incident) return result; // another process opened it a moment ago and alerts
      result.opened = true;
      result.incidentId = incident.id;
      logger.error(
        {
          incidentId: incident.id,
          backlog: gauges.backlog,
          oldestUnsentAgeSeconds: Math.round(gauges.oldestUnsentAgeSeconds),
          alertAfterMs,
        },
        'province sync lag alert: oldest unsent record past the alert threshold',
      );
    }
    if (!incident.notifiedAt) result.notified = await notify(incident, gauges);
    return result;
  }

  return {
    check,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        check().catch((err: unknown) => logger.error({ err }, 'sync lag check failed'));
      }, options.intervalMs ?? 15_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
