/**
 * Backups are plain files; their names carry when and why they were made, so the list survives
 * a reinstall, a moved backup folder and an admin tidying up by hand, with no index to drift.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../config/paths';
import type { BackupEntry } from '../contract';

export type BackupTrigger = BackupEntry['trigger'];

/** `2026-11-26T10-00-00-123Z`: an ISO time a Windows file name can hold. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

const STAMP = String.raw`(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z`;
const OURS = new RegExp(String.raw`^gdial-${STAMP}-(scheduled|manual)\.db$`);
/** What main/db/open.ts writes before it migrates. */
const BEFORE_MIGRATION = new RegExp(String.raw`^gdial-before-migration-v\d+-to-v\d+-${STAMP}\.db$`);
/** What restore.ts keeps of the database it replaces (beside it, in the data directory). */
const BEFORE_RESTORE = new RegExp(String.raw`^${DATABASE_FILE.replace('.', '\\.')}\.before-restore-${STAMP}$`);

export function backupFileName(ms: number, trigger: 'scheduled' | 'manual'): string {
  return `gdial-${fileStamp(ms)}-${trigger}.db`;
}

export function beforeRestoreFileName(ms: number): string {
  return `${DATABASE_FILE}.before-restore-${fileStamp(ms)}`;
}

function stampToMillis(m: RegExpExecArray): number {
  return Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5] ?? '000'}Z`);
}

/** The backup a file name describes, or null for anything else (partial copies, -wal/-shm, other files). */
export function parseBackupName(name: string): { atMs: number; trigger: BackupTrigger } | null {
  let m = OURS.exec(name);
  if (m) return { atMs: stampToMillis(m), trigger: m[6] as 'scheduled' | 'manual' };
  m = BEFORE_MIGRATION.exec(name);
  if (m) return { atMs: stampToMillis(m), trigger: 'before_migration' };
  m = BEFORE_RESTORE.exec(name);
  if (m) return { atMs: stampToMillis(m), trigger: 'before_restore' };
  return null;
}

export interface FoundBackup extends BackupEntry {
  path: string;
  atMs: number;
}

/**
 * The backups in `dir`, newest first. Scheduled and manual ones only ever get their final name
 * after integrity_check passed (online-backup renames the verified `.partial`), so they are
 * `verified`; the copies taken before a migration or a restore are copies of whatever the live
 * file was, never checked, so they are not.
 */
export function scanBackups(dir: string, only?: ReadonlySet<BackupTrigger>): FoundBackup[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: FoundBackup[] = [];
  for (const fileName of names) {
    const parsed = parseBackupName(fileName);
    if (!parsed || Number.isNaN(parsed.atMs) || (only && !only.has(parsed.trigger))) continue;
    const file = path.join(dir, fileName);
    let bytes: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) continue;
      bytes = st.size;
    } catch {
      continue; // removed while we looked
    }
    found.push({
      fileName,
      path: file,
      atMs: parsed.atMs,
      at: new Date(parsed.atMs).toISOString(),
      bytes,
      verified: parsed.trigger === 'scheduled' || parsed.trigger === 'manual',
      trigger: parsed.trigger,
    });
  }
  return found.sort((a, b) => b.atMs - a.atMs || a.fileName.localeCompare(b.fileName));
}

/** A backup cut off while it was written (`<name>.partial`), or a restore's scratch copy. */
const LEFTOVER = new RegExp(String.raw`^(gdial-.*\.db\.partial|${DATABASE_FILE.replace('.', '\\.')}\.restoring-${STAMP})$`);

/**
 * Copies a crash (or power loss) left behind in `dir`: never listed, never restorable, but
 * whole database copies all the same, holding text a burn has since erased everywhere else.
 */
export function leftoverCopies(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => LEFTOVER.test(name))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
