/** The engine benchmark's run statistics: instances kept in flight, latency percentiles, memory after GC. */
import { performance } from 'node:perf_hooks';

export interface RunResult {
  completed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  txPerInstance?: number;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const mb = (bytes: number) => bytes / 1024 / 1024;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function summarise(latencies: number[], seconds: number): RunResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    completed: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

export function collect(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  return process.memoryUsage();
}

/** Keeps `concurrency` of `total` jobs in flight; returns each one's latency in ms and the wall time. */
export async function inFlight(
  total: number,
  concurrency: number,
  one: (i: number) => Promise<number>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) latencies.push(await one(next++));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}
