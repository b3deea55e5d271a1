/**
 * One engine per data directory: two engines on one ledger would dial twice. The lock is a file
 * created with O_EXCL holding the owner's pid and who that process is (process-identity.ts). A
 * lock is stale, and taken over, when its process is gone, is a zombie (exited, not yet reaped),
 * or when the pid now belongs to another process (pids are reused, after a reboot almost at once).
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';
import { processState } from './process-identity';

export const LOCK_FILE = 'gdial.lock';

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Who the process with `pid` was when it took the lock (process-identity.ts); absent from older versions' files. */
  process?: string | null;
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

function readRaw(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/**
 * How far a lock's start may lie before this boot and still count as written in this boot: the
 * wall clock may have been corrected after an engine started soon after booting.
 */
const BOOT_SLACK_MS = 10 * 60_000;

/** Whether the engine that wrote `info` is still running. When unsure, it is (refusing is safe). */
function ownerRunning(info: LockInfo): boolean {
  if (typeof info.pid !== 'number' || !Number.isInteger(info.pid) || info.pid <= 0) return false;
  if (!isAlive(info.pid)) return false;
  const now = processState(info.pid);
  if (now?.zombie) return false;
  if (info.process && now?.identity) return info.process === now.identity;
  // No identity to compare (an older version's file, or Windows): a lock from before the last
  // boot cannot belong to a running process, whoever has that pid now.
  const started = Date.parse(info.startedAt);
  const bootedAt = Date.now() - os.uptime() * 1000;
  if (Number.isFinite(started) && started < bootedAt - BOOT_SLACK_MS) return false;
  return true;
}

/** The owner of a data directory, if a live engine holds it. */
export function lockOwner(dataDir: string): LockInfo | null {
  const file = path.resolve(dataDir, LOCK_FILE);
  const info = readLock(dataDir);
  if (!info) return null;
  if (heldHere.has(file) || (info.pid !== process.pid && ownerRunning(info))) return info;
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
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), process: processState(process.pid)?.identity ?? null };
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
      const judged = readRaw(file);
      const owner = lockOwner(dataDir);
      if (owner) refuse(dataDir, owner);
      // Stale: the process that wrote it is gone (or is not the one that wrote it). Remove it
      // only if it is still the file judged (another engine starting at the same moment may have
      // replaced it since), and try once more.
      try {
        if (readRaw(file) === judged) unlinkSync(file);
      } catch {
        // Another process may have won the race; the next openSync decides.
      }
    }
  }
  const owner = readLock(dataDir);
  return refuse(dataDir, owner ?? { pid: -1, startedAt: '' });
}
