/** A read-only view of a data directory's database, for tools that run beside a live engine. */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../config/paths';
import { AppError } from '../errors';
import type { Db } from './open';
import * as schema from './schema';

export function databaseFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), DATABASE_FILE);
}

export function openReadOnly(dataDir: string): Db {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) {
    throw new AppError('not_found', `There is no GDial database in ${path.resolve(dataDir)}`, { code: 'db.missing' });
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return drizzle({ client: sqlite, schema }) as Db;
}
