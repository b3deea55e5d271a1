/**
 * The one door to the data: every store function (`*-store.ts`, `main/db/`) takes a `Queryable`
 * and answers with promises, the same on SQLite and on PostgreSQL.
 *
 * SQL is written once, in the subset both engines share (see docs/architecture.md, "The data
 * layer"): snake_case columns aliased to camelCase with double quotes (`alert_id AS "alertId"`,
 * PostgreSQL folds unquoted aliases to lower case), flags as 0/1 integers, times as integer
 * milliseconds, `ON CONFLICT … DO …` for upserts, `RETURNING` for new ids. Where the engines
 * differ, `dialect-sql.ts` holds the one function that writes each difference.
 */
import type { SQL } from 'drizzle-orm';
import type { Availability } from './availability';
import type { BulkInsert, BulkValue } from './bulk-insert';

export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows the statement changed. */
  changes: number;
}

export interface Queryable {
  readonly dialect: Dialect;
  /** One object per database (SQLite connection, PostgreSQL pool), shared by its units: the key for per-database state such as the audit key. */
  readonly identity: object;
  all<T>(query: SQL): Promise<T[]>;
  get<T>(query: SQL): Promise<T | undefined>;
  run(query: SQL): Promise<RunResult>;
  /**
   * Many rows into one table, in one unit, the fastest way the engine has (bulk-insert.ts). The
   * new rows' ids in the order given when `bulk.returnIds`, else none.
   */
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]): Promise<number[]>;
  /**
   * An explicit unit of work: everything `fn` does through `tx` commits together or not at all.
   * Nested units are savepoints. Units are serialised (one writer at a time, as SQLite always
   * was; on PostgreSQL through a transaction-scoped advisory lock), so a read-then-write inside a
   * unit sees no other writer in between. `fn` must await only work on `tx`: the unit holds the
   * writer's turn until it ends.
   */
  unit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** What the console's System panel says about the database in use. */
export interface DatabaseInfo {
  dialect: Dialect;
  /** The file (SQLite) or `host:port/database` (PostgreSQL), never a password. */
  location: string;
  schemaVersion: number;
}

export interface Store extends Queryable {
  readonly info: DatabaseInfo;
  /** Whether the database answers now, and news when that changes (availability.ts). */
  readonly availability: Availability;
  close(): Promise<void>;
}

/** The first row, or an internal error naming what was missing (for rows that must exist). */
export async function getOne<T>(q: Queryable, query: SQL, what: string): Promise<T> {
  const row = await q.get<T>(query);
  if (row === undefined) throw new Error(`${what}: no row`);
  return row;
}
