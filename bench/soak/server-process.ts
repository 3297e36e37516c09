/**
 * The soak's server: the whole system as its own process (`node --import tsx main.ts`), started until
 * /health answers, killed with SIGKILL; each incarnation's heap at start and end (from /metrics).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createServerProcess(options: { base: string; root: string; env: NodeJS.ProcessEnv; logFile: string }) {
  const { base: BASE, root: ROOT, env: serverEnv, logFile } = options;
  let server: ChildProcess | null = null;
  const incarnations: {
    startedAt: number;
    heapStart: number | null;
    heapEnd: number | null;
    healthyAfterMs: number | null;
  }[] = [];

  async function healthy(): Promise<boolean> {
    try {
      return (await fetch(`${BASE}/health`)).status === 200;
    } catch {
      return false;
    }
  }
  async function heap(): Promise<number | null> {
    try {
      return (
        Number(/process_heap_used_bytes (\d+)/.exec(await (await fetch(`${BASE}/metrics`)).text())?.[1] ?? NaN) || null
      );
    } catch {
      return null;
    }
  }
  async function startServer(): Promise<number> {
    const started = performance.now();
    const out = fs.openSync(logFile, 'a');
    server = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
      cwd: ROOT,
      env: serverEnv,
      stdio: ['ignore', out, out],
    });
    while (!(await healthy())) await sleep(100);
    const ms = performance.now() - started;
    incarnations.push({ startedAt: performance.now(), heapStart: await heap(), heapEnd: null, healthyAfterMs: ms });
    return ms;
  }
  async function killServer(): Promise<void> {
    const current = incarnations.at(-1);
    if (current) current.heapEnd = await heap();
    const proc = server;
    if (!proc) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  return { healthy, heap, startServer, killServer, incarnations };
}
