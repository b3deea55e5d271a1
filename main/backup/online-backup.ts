/**
 * Online backup through SQLite's backup API: safe while the engine writes, because it copies
 * pages under SQLite's own locking. The copy is proven with integrity_check before it is kept,
 * in a worker thread (backup-jobs.ts): on a large database that check takes seconds.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tightenFile } from '../config/owner-only';
import { AppError } from '../errors';
import { runBackupJob } from './backup-jobs';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/** A database file and the -wal/-shm/-journal files SQLite may have left beside it. */
export function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

export function checkIntegrity(file: string, nativeBinding?: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * The copy inherits WAL mode from the live database, so every later read (even read-only) would
 * leave -wal/-shm files beside it; a rollback-journal file is one self-contained file to move,
 * mail or restore. The engine switches it back to WAL when it opens it.
 */
export function selfContained(file: string, nativeBinding?: string): void {
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

export async function backupDatabase(
  source: string,
  out: string,
  opts: { nativeBinding?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<BackupResult> {
  if (!existsSync(source)) {
    throw new AppError('not_found', `There is no database at ${source}`, { code: 'backup.no_database' });
  }
  const target = path.resolve(out);
  if (existsSync(target)) {
    throw new AppError('conflict', `${target} already exists; choose a new file name`, { code: 'backup.exists' });
  }
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial`;
  removeWithSidecars(partial);
  const db = new Database(source, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
  let pages = 0;
  try {
    const meta = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
    pages = meta.totalPages;
  } catch (error) {
    db.close();
    removeWithSidecars(partial);
    throw error;
  }
  db.close();
  let verdict: string;
  try {
    verdict = (await runBackupJob({ op: 'prove-copy', file: partial, nativeBinding: opts.nativeBinding })).value;
  } catch (error) {
    removeWithSidecars(partial);
    throw error;
  }
  if (verdict !== 'ok') {
    removeWithSidecars(partial);
    throw new AppError('internal', `The backup copy failed integrity_check (${verdict}); nothing was kept`, {
      code: 'backup.integrity',
    });
  }
  renameSync(partial, target);
  tightenFile(target); // owner-only whatever the umask (config/owner-only.ts)
  const { size } = statSync(target);
  return { file: target, bytes: size, pages };
}
