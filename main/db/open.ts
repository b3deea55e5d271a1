/**
 * Opening the database is the riskiest thing the engine does to data, so it is strict:
 * refuse a newer schema without touching the file, copy the file before migrating, migrate with
 * foreign keys off (drizzle migrates in a transaction where table rebuilds would otherwise
 * cascade-delete child rows), then prove the result with foreign_key_check and quick_check.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { tightenFile } from '../config/owner-only';
import path from 'node:path';
import { AppError } from '../errors';
import { readKnownSchema } from './migrations';
import * as schema from './schema';
import { SqliteStore } from './sqlite-store';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  file: string;
  migrationsFolder: string;
  /** Where the pre-migration copy goes; defaults to `<dir of file>/backups`. */
  backupDir?: string;
  /** A separately built native binding, e.g. for Electron's ABI. */
  nativeBinding?: string;
}

export interface OpenedDatabase {
  db: Db;
  sqlite: Database.Database;
  /** The async store over the same connection (store.ts): what store functions take. */
  store: SqliteStore;
  schemaVersion: number;
  /** Path of the copy taken before migrating, when a migration ran on an existing file. */
  preMigrationBackup: string | null;
}

interface FoundVersion {
  userVersion: number;
  newestMigrationMillis: number;
}

function readExistingVersion(file: string, nativeBinding?: string): FoundVersion {
  // Read-only, no pragmas: a refused file must stay byte-identical.
  const ro = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const userVersion = Number(ro.pragma('user_version', { simple: true }));
    const hasJournal = ro
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    const newest = hasJournal
      ? (ro.prepare('SELECT MAX(created_at) AS m FROM __drizzle_migrations').get() as { m: number | null }).m
      : null;
    return { userVersion, newestMigrationMillis: Number(newest ?? 0) };
  } catch (cause) {
    throw new AppError('unavailable', `${file} is not a GDial database (${String(cause)})`, {
      code: 'db.not_a_database',
      params: { file },
      cause,
    });
  } finally {
    ro.close();
  }
}

async function copyBeforeMigrate(file: string, backupDir: string, from: number, to: number, nativeBinding?: string) {
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(backupDir, `gdial-before-migration-v${from}-to-v${to}-${stamp}.db`);
  const ro = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    await ro.backup(target);
  } finally {
    ro.close();
  }
  tightenFile(target); // owner-only whatever the umask (config/owner-only.ts)
  return target;
}

function applyPragmas(sqlite: Database.Database) {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // Burn messages: deleted and overwritten content is zeroed on its pages, not merely unlinked.
  sqlite.pragma('secure_delete = ON');
}

function verifyIntegrity(sqlite: Database.Database, file: string) {
  const fkProblems = sqlite.pragma('foreign_key_check') as unknown[];
  if (fkProblems.length > 0) {
    throw new AppError('internal', `${file}: ${fkProblems.length} rows break foreign keys after migration`, {
      code: 'db.foreign_keys',
    });
  }
  // Synchronous on purpose, unlike the checks of backups (backup/backup-jobs.ts, in a worker):
  // this runs while the database is opened, before the engine serves anything (no socket, no
  // webhook, no dispatch yet), so there is no loop to stall, and nothing may use a bad file.
  const quick = sqlite.pragma('quick_check', { simple: true });
  if (quick !== 'ok') {
    throw new AppError('internal', `${file} failed quick_check: ${String(quick)}`, { code: 'db.corrupt' });
  }
}

export async function openDatabase(opts: OpenOptions): Promise<OpenedDatabase> {
  const known = readKnownSchema(opts.migrationsFolder);
  mkdirSync(path.dirname(opts.file), { recursive: true });

  let preMigrationBackup: string | null = null;
  if (existsSync(opts.file)) {
    const found = readExistingVersion(opts.file, opts.nativeBinding);
    if (found.userVersion > known.version || found.newestMigrationMillis > known.newestMillis) {
      throw new AppError(
        'unavailable',
        `${opts.file} was written by a newer GDial (schema ${found.userVersion}, this version knows ${known.version}). ` +
          'Install the newer GDial or restore an older backup; the file was not changed.',
        { code: 'db.too_new', params: { file: opts.file, found: found.userVersion, known: known.version } },
      );
    }
    if (found.userVersion < known.version) {
      const backupDir = opts.backupDir ?? path.join(path.dirname(opts.file), 'backups');
      preMigrationBackup = await copyBeforeMigrate(
        opts.file,
        backupDir,
        found.userVersion,
        known.version,
        opts.nativeBinding,
      );
    }
  }

  const sqlite = new Database(opts.file, { nativeBinding: opts.nativeBinding });
  try {
    applyPragmas(sqlite);
    const db = drizzle({ client: sqlite, schema }) as Db;
    sqlite.pragma('foreign_keys = OFF');
    migrate(db, { migrationsFolder: known.folder });
    sqlite.pragma(`user_version = ${known.version}`);
    sqlite.pragma('foreign_keys = ON');
    verifyIntegrity(sqlite, opts.file);
    const store = new SqliteStore(sqlite, { dialect: 'sqlite', location: opts.file, schemaVersion: known.version });
    return { db, sqlite, store, schemaVersion: known.version, preMigrationBackup };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
