import type { Db } from './open';

/**
 * Runs `fn` in one SQLite transaction (IMMEDIATE: take the write lock up front so two writers
 * never deadlock half-way). Synchronous by design: nothing may await inside a transaction.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

export const now = () => Date.now();
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined) => (ms == null ? null : iso(ms));
