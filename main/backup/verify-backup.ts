/** Is this file a sound GDial database this build can open? Asked of a backup before it replaces anything. */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readKnownSchema } from '../db/migrations';
import { AppError } from '../errors';

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
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, nativeBinding });
  } catch (cause) {
    return refuse(label, `cannot be opened as a database (${String((cause as Error).message ?? cause)})`, 'restore.unreadable', cause);
  }
  try {
    try {
      db.pragma('journal_mode = DELETE');
    } catch (cause) {
      const { code, message } = cause as { code?: string; message: string };
      if (code === 'SQLITE_NOTADB') return refuse(label, `is not a SQLite database (${message})`, 'restore.not_sqlite', cause);
      return refuse(label, `is damaged: SQLite cannot read it (${message})`, 'restore.corrupt', cause);
    }
    let verdict: string;
    try {
      const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
      verdict = rows.map((r) => r.integrity_check).join('; ');
    } catch (cause) {
      verdict = (cause as Error).message;
    }
    if (verdict !== 'ok') return refuse(label, `is damaged: integrity_check says "${verdict}"`, 'restore.corrupt');

    const hasJournal = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    if (!hasJournal) {
      return refuse(label, 'is a SQLite database but not a GDial database (it has no migration journal)', 'restore.not_gdial');
    }
    const applied = (db.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as Array<{ at: number | string }>).map(
      (r) => Number(r.at),
    );
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
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
  } finally {
    db.close();
  }
}
