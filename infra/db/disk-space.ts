/**
 * 磁盘空间 — the embedded database must never meet a full disk mid-write (PGlite writes its files
 * directly; a write cut short can leave them unreadable). The free space of the data directory is read
 * every few seconds; below the configured minimum, writes are refused cleanly (503 STORAGE_FULL) and
 * /health says so, while reads go on. On PostgreSQL the server guards its own disk.
 */
import fs from 'node:fs';

export interface DiskSpace {
  /** Free bytes at the last reading, and whether that is at or above the minimum. */
  status(): { ok: boolean; freeBytes: number; minFreeBytes: number };
  stop(): void;
}

export function watchDiskSpace(dir: string, minFreeBytes: number, intervalMs = 5_000): DiskSpace {
  const read = () => {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  };
  let freeBytes = read();
  const timer = setInterval(() => {
    try {
      freeBytes = read();
    } catch {
      /* keep the last reading */
    }
  }, intervalMs);
  timer.unref();
  return {
    status: () => ({ ok: freeBytes >= minFreeBytes, freeBytes, minFreeBytes }),
    stop: () => clearInterval(timer),
  };
}
