import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('npm start stops cleanly on SIGTERM sent to npm, as a container runtime sends it: the server exits, nothing is left behind', async () => {
  // given the whole system started by npm on a fresh data directory
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: import.meta.dirname,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  npm.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  try {
    const started = Date.now();
    while (!out.includes('system listening')) {
      if (Date.now() - started > 90_000 || npm.exitCode !== null)
        throw new Error(`npm start did not come up:\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const serverPid = Number(
      /"pid":(\d+)/.exec(out.slice(out.indexOf('system listening') - 400))?.[1] ?? /"pid":(\d+)/.exec(out)![1],
    );
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    // when npm gets SIGTERM
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    npm.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    // then npm ends, the server process with it (no orphan), after logging its shutdown, and the port is free
    expect(code).not.toBe('timeout');
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(serverPid)).toBe(false);
    expect(out).toContain('shutting down');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  } finally {
    if (npm.exitCode === null) npm.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 150_000);
