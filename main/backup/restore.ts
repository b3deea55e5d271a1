/**
 * Restore replaces the live database with a backup, so it is built to be safe to interrupt at any
 * point: the engine must be stopped (we hold its lock meanwhile), the backup is copied into the
 * data directory and proven before anything is touched, the old database is copied aside (never
 * moved, so `gdial.db` always exists), and the new one arrives by one atomic rename.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, findResourcesDir } from '../config/paths';
import { AppError } from '../errors';
import { acquireDataDirLock, lockOwner, type DataDirLock } from '../lock/data-dir-lock';
import { beforeRestoreFileName, fileStamp } from './backup-files';
import { removeWithSidecars } from './online-backup';
import { runBackupJob } from './backup-jobs';
import { checkpointFile } from './sqlite-backup-store';

export interface RestoreOptions {
  /** The backup to restore. */
  from: string;
  dataDir: string;
  nativeBinding?: string;
  /** This build's migrations (default: resources/migrations). */
  migrationsFolder?: string;
  now?: () => number;
}

export interface RestoreReport {
  /** The backup, as an absolute path. */
  from: string;
  /** The database that now holds the backup's contents. */
  databasePath: string;
  bytes: number;
  /** integrity_check passed on the exact bytes now in place. */
  integrity: 'ok';
  /** The backup's schema version, and this build's. */
  schemaVersion: number;
  knownSchemaVersion: number;
  /** The engine will migrate it on its next start (taking its usual copy first). */
  migratesOnStart: boolean;
  /** Where the replaced database was kept; null when the data directory had none. */
  previousKeptAs: string | null;
  /** Its -wal/-journal, kept beside it when they could not be folded in first (a damaged database). */
  previousSidecarsKeptAs: string[];
  at: string;
}

/** The logs SQLite replays into a database file on open. */
const LOGS = ['-wal', '-journal'];

function fsyncFile(file: string) {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable; directories cannot be opened for sync on Windows, where NTFS journals it. */
function fsyncDir(dir: string) {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on this platform.
  }
}

function refuseRunning(dataDir: string, pid: number, url?: string): never {
  throw new AppError(
    'conflict',
    `GDial (pid ${pid}${url ? ` at ${url}` : ''}) is running on ${dataDir}. Close it before restoring a backup; nothing was changed.`,
    { code: 'restore.engine_running', params: { dataDir, pid } },
  );
}

function takeLock(dataDir: string): DataDirLock {
  const owner = lockOwner(dataDir);
  if (owner) refuseRunning(dataDir, owner.pid, owner.url);
  try {
    return acquireDataDirLock(dataDir);
  } catch (error) {
    const raced = lockOwner(dataDir);
    if (raced) refuseRunning(dataDir, raced.pid, raced.url);
    throw error;
  }
}

function copyDurably(from: string, to: string) {
  copyFileSync(from, to, 0); // 0: overwrite a stale scratch file of ours
  fsyncFile(to);
}

export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreReport> {
  const from = path.resolve(opts.from);
  const dataDir = path.resolve(opts.dataDir);
  const live = path.join(dataDir, DATABASE_FILE);
  const now = opts.now ?? Date.now;
  if (!existsSync(from) || !statSync(from).isFile()) {
    throw new AppError('not_found', `There is no backup file at ${from}; nothing was changed.`, { code: 'restore.no_file' });
  }
  if (!existsSync(dataDir)) {
    throw new AppError('not_found', `There is no data directory at ${dataDir}; nothing was changed.`, { code: 'restore.no_data_dir' });
  }
  if (from === live) {
    throw new AppError('validation', `${from} is the live database itself; choose a backup file. Nothing was changed.`, {
      code: 'restore.same_file',
    });
  }
  const migrationsFolder = opts.migrationsFolder ?? path.join(findResourcesDir(), 'migrations');

  const lock = takeLock(dataDir);
  const startedMs = now();
  const scratch = path.join(dataDir, `${DATABASE_FILE}.restoring-${fileStamp(startedMs)}`);
  const keptAs = path.join(dataDir, beforeRestoreFileName(startedMs));
  let touchedLive = false;
  let replaced = false;
  try {
    // 1. Copy the backup next to the database (same volume: the final rename is atomic) and prove
    //    that copy; a WAL left beside the backup belongs to it, so it comes along and is folded in.
    copyDurably(from, scratch);
    if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${scratch}-wal`);
    // In a worker thread: integrity_check of a large backup takes seconds (backup-jobs.ts).
    const { value: verified } = await runBackupJob({ op: 'verify', file: scratch, label: from, migrationsFolder, nativeBinding: opts.nativeBinding });
    fsyncFile(scratch);

    // 2. Keep what is there now, with everything its WAL held.
    let previousKeptAs: string | null = null;
    const previousSidecarsKeptAs: string[] = [];
    if (existsSync(live)) {
      const folded = checkpointFile(live, opts.nativeBinding);
      copyDurably(live, keptAs);
      previousKeptAs = keptAs;
      for (const suffix of folded ? [] : LOGS) {
        if (!existsSync(`${live}${suffix}`)) continue;
        // SQLite pairs "<file>-wal" with "<file>", so the kept copy opens with its log applied.
        copyDurably(`${live}${suffix}`, `${keptAs}${suffix}`);
        previousSidecarsKeptAs.push(`${keptAs}${suffix}`);
      }
      fsyncDir(dataDir);
    }

    // 3. Swap. The old logs must go first: SQLite would replay them onto the new file.
    touchedLive = true;
    for (const suffix of [...LOGS, '-shm']) rmSync(`${live}${suffix}`, { force: true });
    renameSync(scratch, live);
    replaced = true;
    fsyncDir(dataDir);

    return {
      from,
      databasePath: live,
      bytes: statSync(live).size,
      integrity: 'ok',
      schemaVersion: verified.schemaVersion,
      knownSchemaVersion: verified.knownVersion,
      migratesOnStart: verified.needsMigration,
      previousKeptAs,
      previousSidecarsKeptAs,
      at: new Date(now()).toISOString(),
    };
  } catch (error) {
    removeWithSidecars(scratch);
    // Until the live logs were removed the kept copy is redundant; after that it is the only one.
    if (!touchedLive) removeWithSidecars(keptAs);
    else if (!replaced && existsSync(keptAs)) {
      throw new AppError('internal', `Restore stopped halfway (${(error as Error).message}); the previous database is kept as ${keptAs}.`, {
        code: 'restore.interrupted',
        cause: error,
      });
    }
    throw error;
  } finally {
    lock.release();
  }
}
