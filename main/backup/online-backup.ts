/**
 * Online backup through SQLite's backup API: safe while the engine writes, because it copies
 * pages under SQLite's own locking. The copy is proven with integrity_check before it is kept.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
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
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
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
  } finally {
    db.close();
  }
  const verdict = checkIntegrity(partial, opts.nativeBinding);
  if (verdict !== 'ok') {
    rmSync(partial, { force: true });
    throw new AppError('internal', `The backup copy failed integrity_check (${verdict}); nothing was kept`, {
      code: 'backup.integrity',
    });
  }
  renameSync(partial, target);
  const { size } = statSync(target);
  return { file: target, bytes: size, pages };
}
