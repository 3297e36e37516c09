/**
 * Reaching the Camunda 8 cluster: the API starts whether or not the cluster answers, reports it on
 * /health, and waits for it with a growing pause (1 s, 2 s, 4 s … up to `maxBackoffMs`); once it answers,
 * what needs it (deploying the diagrams, starting the job workers) runs once. Reachability is logged
 * when it changes, not per attempt: a cluster away for an hour costs a few lines, not thousands.
 */
import type { Logger } from '../../logger.ts';

export interface ClusterStatus {
  reachable: boolean;
  /** When the current state began. */
  since: Date;
  lastError: string | null;
  attempts: number;
}

export interface ClusterConnection {
  status(): ClusterStatus;
  /** Runs `fn` once the cluster first answers (at once if it already has). */
  whenUp(fn: () => Promise<void>): void;
  start(): void;
  stop(): Promise<void>;
}

export interface ClusterConnectionOptions {
  probe(): Promise<unknown>;
  logger: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often a reachable cluster is checked again. */
  recheckMs?: number;
  /** The timer (tests record the pauses it is asked for). */
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
}

export function createClusterConnection(options: ClusterConnectionOptions): ClusterConnection {
  const minBackoff = options.minBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const recheck = options.recheckMs ?? 30_000;
  const state: ClusterStatus = { reachable: false, since: new Date(), lastError: null, attempts: 0 };
  const pending: (() => Promise<void>)[] = [];
  let upOnce = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function runPending() {
    while (pending.length) {
      const fn = pending.shift()!;
      await fn().catch((err: unknown) => options.logger.error({ err }, 'start-up step on the cluster failed'));
    }
  }

  async function attempt(): Promise<number> {
    state.attempts += 1;
    try {
      await options.probe();
      if (!state.reachable) {
        Object.assign(state, { reachable: true, since: new Date(), lastError: null });
        options.logger.info({ attempts: state.attempts }, 'camunda cluster reachable');
      }
      state.attempts = 0;
      upOnce = true;
      await runPending();
      return recheck;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (state.reachable || state.attempts === 1)
        options.logger.warn({ err: message }, 'camunda cluster unreachable; retrying with backoff');
      if (state.reachable) state.since = new Date();
      state.reachable = false;
      state.lastError = message;
      return Math.min(maxBackoff, minBackoff * 2 ** Math.min(16, state.attempts - 1));
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = (options.setTimer ?? setTimeout)(() => {
      running = attempt().then(schedule, () => schedule(maxBackoff));
    }, delay);
  }

  return {
    status: () => ({ ...state }),
    whenUp(fn) {
      pending.push(fn);
      if (upOnce) running = runPending();
    },
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
