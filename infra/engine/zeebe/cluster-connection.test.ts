import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createClusterConnection } from './cluster-connection.ts';

const until = async (probe: () => boolean, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the Camunda cluster connection', () => {
  it('waits for an unreachable cluster with a growing pause, logs the change once, then runs what needs it once', async () => {
    // given a cluster that refuses the first four probes, and a logger that keeps its lines
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          lines.push(JSON.parse(line));
        },
      },
    );
    const probes: number[] = [];
    const pauses: number[] = [];
    let up = false;
    const connection = createClusterConnection({
      probe: async () => {
        probes.push(probes.length);
        if (probes.length <= 4) throw new Error('connect ECONNREFUSED');
        up = true;
      },
      logger,
      minBackoffMs: 10,
      maxBackoffMs: 50,
      recheckMs: 60_000,
      setTimer: (fn, ms) => {
        pauses.push(ms);
        return setTimeout(fn, ms);
      },
    });
    let started = 0;
    connection.whenUp(async () => {
      started += 1;
    });
    // when it starts
    connection.start();
    await until(() => connection.status().reachable === false && probes.length === 1);
    expect(connection.status()).toMatchObject({ reachable: false, lastError: 'connect ECONNREFUSED' });
    await until(() => up && started === 1);
    await connection.stop();
    // then the pauses doubled up to their bound, then the reachable cluster is checked again at its interval;
    // the start-up ran once, and two lines were logged: down, then up
    expect(pauses).toEqual([0, 10, 20, 40, 50, 60_000]);
    expect(started).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual([
      'camunda cluster unreachable; retrying with backoff',
      'camunda cluster reachable',
    ]);
    expect(connection.status()).toMatchObject({ reachable: true, lastError: null });
    // and what is registered later runs at once
    connection.whenUp(async () => {
      started += 1;
    });
    await until(() => started === 2);
  });
});
