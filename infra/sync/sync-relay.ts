/**
 * 省级同步中继 — the relay: claims outbox rows in send order, pushes them to the province in one
 * envelope, and records each answer. OK → SENT (SJSCZT 1) with its lag; REJECTED → PARKED (SJSCZT −1,
 * SBYY), which holds back later rows of the same ordering key only. A push that fails as a whole
 * (down, timeout, 5xx, a refused envelope) gives the rows back with exponential back-off and jitter;
 * delivery is at least once and the province de-duplicates on DFSJZJ.
 *
 * Several relays (in one process or many) may run at once: claims use FOR UPDATE SKIP LOCKED and a
 * lease. Keep `leaseMs` well above the province client's timeout, or a slow push may be sent twice.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { isRetryableOutsideError } from '../outside-errors.ts';
import { chinaTimestamp } from '../province/china-time.ts';
import type { ProvinceEnvelope, ProvincePush, ProvinceRecordResult } from '../province/province.port.ts';
import type { SpglTable } from '../province/spgl-tables.ts';
import {
  claimBatch,
  newLeaseOwner,
  recordOutcome,
  releaseForRetry,
  type BatchOutcome,
  type OutboxRow,
} from '../db/outbox.repo.ts';
import type { SyncMetrics } from './sync-metrics.ts';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Exponential back-off with equal jitter: half the step fixed, half random. `attempt` counts from 1. */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface SyncRelayOptions {
  database: Database;
  province: ProvincePush;
  clock: Clock;
  logger: Logger;
  /** Records per envelope (the province takes at most 1,000). Default 200. */
  batchSize?: number;
  /** How long a claim is ours. Default 60 s. */
  leaseMs?: number;
  /** Wait between polls when nothing is due. Default 200 ms. */
  pollMs?: number;
  /** Default 500 ms doubling up to 10 s (short against the 5 min SLA, so a drain starts soon after an outage). */
  backoff?: Backoff;
  random?: () => number;
  metrics?: SyncMetrics;
  /** Our system id and 行政区划代码 in the envelope. Defaults ZH-GGXT, 440400. */
  source?: string;
  xzqhdm?: string;
  /** A10: acknowledged later than this after recording is an anomaly. Default 5 min. */
  slaMs?: number;
  owner?: string;
}

export interface RunResult {
  claimed: number;
  sent: number;
  parked: number;
  /** The push failed as a whole; the rows wait for their back-off. */
  failed: boolean;
}

export interface SyncRelay {
  readonly owner: string;
  /** Runs the loop until stop(). */
  start(): void;
  stop(): Promise<void>;
  /** One claim → push → record round. */
  runOnce(): Promise<RunResult>;
}

export const SYNC_SLA_MS = 5 * 60_000;
export const A10_RULE_VERSION = 'A10/1';

function matchResults(rows: readonly OutboxRow[], results: readonly ProvinceRecordResult[]): BatchOutcome {
  const aligned = results.length === rows.length && rows.every((r, i) => results[i]!.dfsjzj === r.dfsjzj);
  const byKey = new Map(results.map((r) => [r.dfsjzj, r]));
  const outcome: BatchOutcome = { acked: [], parked: [] };
  rows.forEach((row, i) => {
    const result = aligned ? results[i]! : byKey.get(row.dfsjzj)!;
    if (result.status === 'OK') outcome.acked.push({ row });
    else outcome.parked.push({ row, code: result.code ?? null, reason: result.reason });
  });
  return outcome;
}

export function createSyncRelay(options: SyncRelayOptions): SyncRelay {
  const { database, province, clock } = options;
  const owner = options.owner ?? newLeaseOwner();
  const logger = options.logger.child({ component: 'sync-relay', owner });
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 200;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 10_000 };
  const random = options.random ?? Math.random;
  const rule = { slaMs: options.slaMs ?? SYNC_SLA_MS, ruleVersion: A10_RULE_VERSION };
  let loop: Promise<void> | null = null;
  let stopping: AbortController | null = null;

  async function runOnce(): Promise<RunResult> {
    const rows = await claimBatch(database.db, { owner, now: clock.now(), leaseMs, limit: batchSize });
    if (rows.length === 0) return { claimed: 0, sent: 0, parked: 0, failed: false };
    const envelope: ProvinceEnvelope = {
      msgId: randomUUID(),
      sentAt: chinaTimestamp(clock.now()),
      source: options.source ?? 'ZH-GGXT',
      xzqhdm: options.xzqhdm ?? '440400',
      records: rows.map((r) => ({ table: r.spglTable as SpglTable, op: r.op, dfsjzj: r.dfsjzj, data: r.data })),
    };
    let results: ProvinceRecordResult[];
    try {
      ({ results } = await province.push(envelope));
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts));
      const delay = backoffDelayMs(attempts, backoff, random);
      const level = isRetryableOutsideError(err) ? 'warn' : 'error';
      logger[level](
        { err, msgId: envelope.msgId, records: rows.length, attempts, retryInMs: delay },
        'province push failed; records will be retried',
      );
      options.metrics?.countFailedPush();
      await releaseForRetry(database.db, rows, {
        owner,
        nextAttemptAt: new Date(clock.now().getTime() + delay),
        error: err instanceof Error ? err.message : String(err),
      });
      return { claimed: rows.length, sent: 0, parked: 0, failed: true };
    }
    const outcome = matchResults(rows, results);
    const acked = await recordOutcome(database.db, outcome, { now: clock.now(), msgId: envelope.msgId, rule });
    for (const a of acked) options.metrics?.observeLag(a.lagMs / 1000);
    options.metrics?.countSent(acked.length);
    options.metrics?.countParked(outcome.parked.length);
    for (const p of outcome.parked) {
      logger.warn(
        { dfsjzj: p.row.dfsjzj, table: p.row.spglTable, caseId: p.row.caseId, code: p.code, reason: p.reason },
        'province refused a record; parked',
      );
    }
    return { claimed: rows.length, sent: acked.length, parked: outcome.parked.length, failed: false };
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let idle = true;
      try {
        const result = await runOnce();
        idle = result.claimed === 0 || result.failed;
      } catch (err) {
        logger.error({ err }, 'sync relay round failed');
      }
      if (idle && !signal.aborted) await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
  }

  return {
    owner,
    runOnce,
    start() {
      if (loop) return;
      stopping = new AbortController();
      loop = run(stopping.signal);
      logger.info({ batchSize, leaseMs }, 'sync relay started');
    },
    async stop() {
      stopping?.abort();
      await loop;
      loop = null;
    },
  };
}
