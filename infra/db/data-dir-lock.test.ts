import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';
import { openDatabase } from './client.ts';

describe('one process at a time on an embedded data directory', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener while the first lives, and lets the next one in after it closes', async () => {
    // given an embedded database open in this process
    const dir = fresh();
    const first = await openDatabase({ dataDir: dir });
    // when it is opened again
    // then it is refused, naming the owner; after close it opens
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    await second.close();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  });

  it('refuses while another live process holds the lock, and takes over once it died', async () => {
    // given a lock file written by a process that is still running
    const dir = fresh();
    const other = spawn('sleep', ['30']);
    fs.writeFileSync(path.join(dir, '.lock'), String(other.pid));
    // when this process locks / then it is refused
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    // when that process is killed (kill -9) and reaped / then the stale lock is taken over
    await new Promise((resolve) => {
      other.on('exit', resolve);
      other.kill('SIGKILL');
    });
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('takes over a lock left by a process that is gone', () => {
    // given a lock naming a process that has exited
    const dir = fresh();
    const gone = spawnSync('true');
    fs.writeFileSync(path.join(dir, '.lock'), String(gone.pid));
    // when locked / then taken
    expect(() => lockDataDir(dir)()).not.toThrow();
  });
});
