import type Database from 'better-sqlite3';
import type { Db } from './open';

/** One reusable transaction wrapper per connection: better-sqlite3 compiles one per call otherwise. */
const wrappers = new WeakMap<Database.Database, Database.Transaction<(fn: () => unknown) => unknown>>();

function wrapperFor(sqlite: Database.Database) {
  let wrapper = wrappers.get(sqlite);
  if (!wrapper) {
    wrapper = sqlite.transaction((fn: () => unknown) => fn());
    wrappers.set(sqlite, wrapper);
  }
  return wrapper;
}

/**
 * Runs `fn` in one SQLite transaction (IMMEDIATE: take the write lock up front so two writers
 * never deadlock half-way); nested calls become savepoints. Synchronous by design: nothing may
 * await inside a transaction.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return wrapperFor(db.$client).immediate(fn) as T;
}

export const now = () => Date.now();
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined) => (ms == null ? null : iso(ms));
