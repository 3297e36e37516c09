/**
 * 同步指标 — the sync figures /metrics exposes, in the Prometheus text exposition format:
 * `sync_lag_seconds` (histogram, recorded → acknowledged, observed by the relays of this process),
 * `sync_backlog`, `sync_parked`, `sync_oldest_unsent_age_seconds` (gauges read from the outbox, so
 * they hold for every process), and counters of pushed, refused and failed batches.
 */
import type { Db } from '../db/client.ts';
import { readOutboxGauges } from '../db/outbox-lag.repo.ts';

/** Upper bounds in seconds: fine below the 5 s target, coarse up to and past the 5 min SLA. */
export const LAG_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 240, 300, 600, 1800] as const;

export interface SyncMetrics {
  observeLag(seconds: number): void;
  countSent(n: number): void;
  countParked(n: number): void;
  countFailedPush(): void;
  snapshot(): SyncMetricsSnapshot;
}

export interface SyncMetricsSnapshot {
  /** Cumulative counts per bucket of LAG_BUCKETS_SECONDS, then +Inf. */
  buckets: number[];
  count: number;
  sum: number;
  sent: number;
  parked: number;
  failedPushes: number;
}

export function createSyncMetrics(): SyncMetrics {
  const perBucket = new Array<number>(LAG_BUCKETS_SECONDS.length + 1).fill(0);
  let count = 0;
  let sum = 0;
  let sent = 0;
  let parked = 0;
  let failedPushes = 0;
  return {
    observeLag(seconds) {
      const i = LAG_BUCKETS_SECONDS.findIndex((le) => seconds <= le);
      perBucket[i === -1 ? LAG_BUCKETS_SECONDS.length : i]! += 1;
      count += 1;
      sum += seconds;
    },
    countSent(n) {
      sent += n;
    },
    countParked(n) {
      parked += n;
    },
    countFailedPush() {
      failedPushes += 1;
    },
    snapshot() {
      let running = 0;
      const buckets = perBucket.map((n) => (running += n));
      return { buckets, count, sum, sent, parked, failedPushes };
    },
  };
}

export interface SyncGauges {
  backlog: number;
  parked: number;
  oldestUnsentAgeSeconds: number;
}

export async function readSyncGauges(db: Db, now: Date): Promise<SyncGauges> {
  const g = await readOutboxGauges(db);
  const age = g.oldestUnsentRecordedAt ? Math.max(0, (now.getTime() - g.oldestUnsentRecordedAt.getTime()) / 1000) : 0;
  return { backlog: g.backlog, parked: g.parked, oldestUnsentAgeSeconds: age };
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(3));

/** The exposition text (ends with a newline). */
export function renderSyncMetrics(snapshot: SyncMetricsSnapshot, gauges: SyncGauges): string {
  const lines = [
    '# HELP sync_lag_seconds Time from recording an event to the province acknowledging its record.',
    '# TYPE sync_lag_seconds histogram',
    ...LAG_BUCKETS_SECONDS.map((le, i) => `sync_lag_seconds_bucket{le="${le}"} ${snapshot.buckets[i]}`),
    `sync_lag_seconds_bucket{le="+Inf"} ${snapshot.buckets[LAG_BUCKETS_SECONDS.length]}`,
    `sync_lag_seconds_sum ${num(snapshot.sum)}`,
    `sync_lag_seconds_count ${snapshot.count}`,
    '# HELP sync_backlog Records waiting to be sent to the province.',
    '# TYPE sync_backlog gauge',
    `sync_backlog ${gauges.backlog}`,
    '# HELP sync_parked Records the province refused, waiting for correction.',
    '# TYPE sync_parked gauge',
    `sync_parked ${gauges.parked}`,
    '# HELP sync_oldest_unsent_age_seconds Age of the oldest record not yet acknowledged (parked excluded).',
    '# TYPE sync_oldest_unsent_age_seconds gauge',
    `sync_oldest_unsent_age_seconds ${num(gauges.oldestUnsentAgeSeconds)}`,
    '# HELP sync_records_sent_total Records acknowledged by the province.',
    '# TYPE sync_records_sent_total counter',
    `sync_records_sent_total ${snapshot.sent}`,
    '# HELP sync_records_parked_total Records refused by the province.',
    '# TYPE sync_records_parked_total counter',
    `sync_records_parked_total ${snapshot.parked}`,
    '# HELP sync_push_failures_total Batches that failed as a whole (down, timeout, 5xx) and were retried.',
    '# TYPE sync_push_failures_total counter',
    `sync_push_failures_total ${snapshot.failedPushes}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What /metrics serves for sync: the histogram of this process and the gauges of the outbox. */
export async function collectSyncMetrics(db: Db, metrics: SyncMetrics, now: Date): Promise<string> {
  return renderSyncMetrics(metrics.snapshot(), await readSyncGauges(db, now));
}
