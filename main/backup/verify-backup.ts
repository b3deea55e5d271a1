/** Is this file a sound GDial database this build can open? Asked of a backup before it replaces anything. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readKnownSchema } from '../db/migrations';
import { AppError } from '../errors';
import { inspectBackupFile } from './sqlite-backup-store';

export interface VerifiedBackup {
  /** `user_version`: how many migrations the backup's GDial had applied. */
  schemaVersion: number;
  /** How many migrations this build ships. */
  knownVersion: number;
  /** The engine will migrate it (after copying it) when it next starts. */
  needsMigration: boolean;
}

const NOTHING_CHANGED = 'nothing was changed';

function refuse(label: string, what: string, code: string, cause?: unknown): never {
  throw new AppError('validation', `${label} ${what}; ${NOTHING_CHANGED}.`, { code, params: { file: label }, cause });
}

function shippedMigrationTimes(migrationsFolder: string): Set<number> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return new Set(journal.entries.map((e) => e.when));
}

/**
 * Checks `file` in place, opening it read-write because it is our own scratch copy: the switch to
 * a rollback journal folds in any WAL that came with it and leaves one self-contained file.
 * `label` is how the operator knows the file (the path they gave). Throws a `validation` AppError
 * saying what is wrong; the caller guarantees that "nothing was changed" holds.
 */
export function verifyBackupCopy(file: string, label: string, migrationsFolder: string, nativeBinding?: string): VerifiedBackup {
  const found = inspectBackupFile(file, nativeBinding);
  switch (found.stage) {
    case 'unopenable':
      return refuse(label, `cannot be opened as a database (${String((found.cause as Error).message ?? found.cause)})`, 'restore.unreadable', found.cause);
    case 'unreadable':
      if (found.notSqlite) return refuse(label, `is not a SQLite database (${found.message})`, 'restore.not_sqlite', found.cause);
      return refuse(label, `is damaged: SQLite cannot read it (${found.message})`, 'restore.corrupt', found.cause);
    case 'damaged':
      return refuse(label, `is damaged: integrity_check says "${found.verdict}"`, 'restore.corrupt');
    case 'no_journal':
      return refuse(label, 'is a SQLite database but not a GDial database (it has no migration journal)', 'restore.not_gdial');
  }
  const { applied, schemaVersion } = found;
  const known = readKnownSchema(migrationsFolder);
  const newestApplied = applied.length > 0 ? Math.max(...applied) : 0;
  if (schemaVersion > known.version || newestApplied > known.newestMillis) {
    return refuse(
      label,
      `was written by a newer GDial (schema ${schemaVersion}, this version knows ${known.version}); install that GDial to restore it`,
      'restore.too_new',
    );
  }
  const shipped = shippedMigrationTimes(migrationsFolder);
  const foreign = applied.filter((at) => !shipped.has(at));
  if (foreign.length > 0 || applied.length === 0) {
    return refuse(
      label,
      applied.length === 0
        ? 'is not a GDial database (its migration journal is empty)'
        : `has ${foreign.length} migration(s) this GDial does not know (another branch or build of GDial?)`,
      'restore.unknown_schema',
    );
  }
  return { schemaVersion, knownVersion: known.version, needsMigration: schemaVersion < known.version };
}
