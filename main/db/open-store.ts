/**
 * The engine's one choice of database: PostgreSQL when a URL is given (GDIAL_DATABASE_URL or
 * the engine's `databaseUrl`), else the SQLite file `gdial.db` in the data directory, as always.
 */
import path from 'node:path';
import { AppError } from '../errors';
import { openDatabase, type OpenedDatabase } from './open';
import { isPostgresUrl, openPostgres } from './open-postgres';
import type { Store } from './store';

export const DATABASE_URL_ENV = 'GDIAL_DATABASE_URL';

export interface EngineDatabase {
  store: Store;
  /** The SQLite file's connection and drizzle handle; null on PostgreSQL. */
  sqlite: OpenedDatabase | null;
}

export interface EngineDatabaseOptions {
  /** The SQLite file used when no URL is given. */
  file: string;
  resourcesDir: string;
  databaseUrl?: string;
  nativeBinding?: string;
}

/** The URL from the engine's config or the environment; a clear error for anything but postgres://. */
export function chosenDatabaseUrl(configured: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const url = (configured ?? env[DATABASE_URL_ENV] ?? '').trim();
  if (!url) return undefined;
  if (!isPostgresUrl(url)) {
    throw new AppError('validation', `${DATABASE_URL_ENV} must be a postgres:// or postgresql:// URL (it begins with "${url.split(':')[0]}:")`, {
      code: 'db.bad_url',
      params: { variable: DATABASE_URL_ENV },
    });
  }
  return url;
}

export async function openEngineDatabase(opts: EngineDatabaseOptions): Promise<EngineDatabase> {
  if (opts.databaseUrl) {
    const store = await openPostgres({ url: opts.databaseUrl, migrationsFolder: path.join(opts.resourcesDir, 'migrations-pg') });
    return { store, sqlite: null };
  }
  const sqlite = await openDatabase({ file: opts.file, migrationsFolder: path.join(opts.resourcesDir, 'migrations'), nativeBinding: opts.nativeBinding });
  return { store: sqlite.store, sqlite };
}
