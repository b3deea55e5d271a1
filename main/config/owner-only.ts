/**
 * GDial's files hold names, phone numbers, the audit trail and secrets: only the account that runs
 * GDial may read them. Folders are 0700 and files 0600 whatever the process umask (which only ever
 * removes bits from what is asked for, so asking for 0700/0600 is enough for what GDial creates),
 * and anything an earlier version left readable to others is tightened at start.
 *
 * Windows has no POSIX modes (chmod there only toggles read-only): nothing here changes a mode on
 * Windows. The per-user application data folder (%APPDATA%\GDial) is already readable by that
 * user, administrators and SYSTEM only, through its inherited ACL.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Whether this platform has POSIX modes to set (everything but Windows). */
export const ownerOnlyModes = (platform: NodeJS.Platform = process.platform): boolean => platform !== 'win32';

/** What could not be tightened (a file system without modes, a file owned by someone else). */
export interface TightenProblem {
  path: string;
  error: string;
}

function setMode(target: string, stat: Stats, mode: number, problems: TightenProblem[]): void {
  if ((stat.mode & 0o777) === mode) return;
  try {
    chmodSync(target, mode);
  } catch (error) {
    // Never fatal: a backup folder on a FAT stick has no modes to set. The caller logs it.
    problems.push({ path: target, error: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
}

/** Creates `dir` (and missing parents) and makes `dir` itself 0700, even if it already existed. */
export function ensurePrivateDir(dir: string, problems: TightenProblem[] = []): TightenProblem[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (ownerOnlyModes()) setMode(dir, lstatSync(dir), PRIVATE_DIR_MODE, problems);
  return problems;
}

/** Makes one file 0600 if it exists (a missing file is not a problem: -wal/-shm come and go). */
export function tightenFile(file: string, problems: TightenProblem[] = []): TightenProblem[] {
  if (!ownerOnlyModes()) return problems;
  let stat: Stats;
  try {
    stat = lstatSync(file);
  } catch {
    return problems;
  }
  if (stat.isFile()) setMode(file, stat, PRIVATE_FILE_MODE, problems);
  return problems;
}

/**
 * Every folder under `root` (root included) becomes 0700 and every file 0600. Symbolic links are
 * neither followed nor changed: what they point to is not GDial's to change.
 */
export function tightenTree(root: string, problems: TightenProblem[] = []): TightenProblem[] {
  if (!ownerOnlyModes()) return problems;
  let stat: Stats;
  try {
    stat = lstatSync(root);
  } catch {
    return problems;
  }
  if (stat.isFile()) {
    setMode(root, stat, PRIVATE_FILE_MODE, problems);
    return problems;
  }
  if (!stat.isDirectory()) return problems;
  setMode(root, stat, PRIVATE_DIR_MODE, problems);
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch (error) {
    problems.push({ path: root, error: (error as NodeJS.ErrnoException).code ?? String(error) });
    return problems;
  }
  for (const entry of entries) tightenTree(path.join(root, entry), problems);
  return problems;
}
