/**
 * Online backup through SQLite's backup API: safe while the engine writes, because it copies
 * pages under SQLite's own locking. The copy is proven with integrity_check before it is kept,
 * in a worker thread (backup-jobs.ts): on a large database that check takes seconds.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tightenFile } from '../config/owner-only';
import { AppError } from '../errors';
import { runBackupJob } from './backup-jobs';
import { copyOnline } from './sqlite-backup-store';

// Callers (the worker, the burn tests) still import these from here.
export { checkIntegrity, selfContained } from './sqlite-backup-store';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/** A database file and the -wal/-shm/-journal files SQLite may have left beside it. */
export function removeWithSidecars(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
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
  let pages = 0;
  try {
    pages = await copyOnline(source, partial, { nativeBinding: opts.nativeBinding, onProgress: opts.onProgress });
  } catch (error) {
    removeWithSidecars(partial);
    throw error;
  }
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
