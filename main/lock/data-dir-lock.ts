/**
 * One engine per data directory: two engines on one ledger would dial twice. The lock is a file
 * created with O_EXCL holding the owner's pid; a lock whose process is gone is stale and taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export const LOCK_FILE = 'gdial.lock';

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Where the owning engine can be reached (set once it listens), for the CLI. */
  url?: string;
  /** The engine's per-launch local administration token (the file is readable by its owner only). */
  localToken?: string;
}

export interface DataDirLock {
  readonly file: string;
  update(info: Partial<LockInfo>): void;
  release(): void;
}

/** Locks held by this process: a pid check alone would let a second engine in the same process in. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** The owner of a data directory, if a live engine holds it. */
export function lockOwner(dataDir: string): LockInfo | null {
  const file = path.resolve(dataDir, LOCK_FILE);
  const info = readLock(dataDir);
  if (!info) return null;
  if (heldHere.has(file) || (info.pid !== process.pid && isAlive(info.pid))) return info;
  return null;
}

function refuse(dataDir: string, owner: LockInfo): never {
  const where = owner.url ? ` at ${owner.url}` : '';
  throw new AppError(
    'conflict',
    `Another GDial engine (pid ${owner.pid}${where}) already uses the data directory ${dataDir}. ` +
      'Close it first, or choose another data directory.',
    { code: 'engine.data_dir_locked', params: { dataDir, pid: owner.pid } },
  );
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.resolve(dataDir, LOCK_FILE);
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      heldHere.add(file);
      return {
        file,
        update(patch) {
          info = { ...info, ...patch };
          writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
        },
        release() {
          if (!heldHere.delete(file)) return;
          try {
            unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = lockOwner(dataDir);
      if (owner) refuse(dataDir, owner);
      // Stale: the process that wrote it is gone. Remove and try once more.
      try {
        unlinkSync(file);
      } catch {
        // Another process may have won the race; the next openSync decides.
      }
    }
  }
  const owner = readLock(dataDir);
  return refuse(dataDir, owner ?? { pid: -1, startedAt: '' });
}
