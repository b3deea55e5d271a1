/**
 * The few places where SQLite and PostgreSQL spell the same thing differently, each written once.
 * Store functions call these with their `Queryable`'s dialect; everything else is shared SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import { WRITER_LOCK } from './pg-store';
import type { Dialect } from './store';

/** Larger of two values (SQLite's two-argument MAX is PostgreSQL's GREATEST). */
export function greatest(d: Dialect, a: SQL, b: SQL): SQL {
  return d === 'postgres' ? sql`GREATEST(${a}, ${b})` : sql`MAX(${a}, ${b})`;
}

/** Smaller of two values. */
export function least(d: Dialect, a: SQL, b: SQL): SQL {
  return d === 'postgres' ? sql`LEAST(${a}, ${b})` : sql`MIN(${a}, ${b})`;
}

/** A JSON array text of the aggregated values ('[]' when none), in the order given. */
export function jsonArrayAgg(d: Dialect, value: SQL, orderBy?: SQL): SQL {
  if (d === 'postgres') {
    return orderBy
      ? sql`COALESCE(json_agg(${value} ORDER BY ${orderBy})::text, '[]')`
      : sql`COALESCE(json_agg(${value})::text, '[]')`;
  }
  return sql`json_group_array(${value})`;
}

/** Text joined with a separator. */
export function stringAgg(d: Dialect, value: SQL, separator: string): SQL {
  return d === 'postgres' ? sql`string_agg(${value}, ${separator})` : sql`group_concat(${value}, ${separator})`;
}

/** Count of rows where a condition holds (SQLite sums booleans; PostgreSQL does not). */
export function countWhere(condition: SQL): SQL {
  return sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

/** A column the planner must not use an index for (SQLite's unary `+`); PostgreSQL's planner weighs that itself. */
export function withoutIndex(d: Dialect, column: SQL): SQL {
  return d === 'postgres' ? column : sql`+${column}`;
}

/**
 * A statement that returns once no unit holds the writer's turn, so the next read outside a unit
 * sees what the last writer committed. On SQLite the store itself holds back statements outside
 * a unit until the turn is free; on PostgreSQL this takes (and at once releases) the writers'
 * advisory lock (pg-store.ts), which waits for the unit holding it to commit or roll back.
 */
export function afterWriters(d: Dialect): SQL {
  return d === 'postgres' ? sql`SELECT 1 AS "done", pg_advisory_xact_lock(${WRITER_LOCK}) AS "waited"` : sql`SELECT 1 AS "done"`;
}

/**
 * Text compared byte by byte, as SQLite always compares: PostgreSQL's default collation follows
 * the locale (it may ignore punctuation and case), so sorts and comparisons of text that must
 * come out the same on both engines go through this (`ORDER BY ${binaryText(d, sql`c.sort_key`)}`).
 */
export function binaryText(d: Dialect, value: SQL): SQL {
  return d === 'postgres' ? sql`(${value}) COLLATE "C"` : value;
}

/** lower() of ASCII letters only, as SQLite's lower() does (PostgreSQL's follows the locale). */
export function asciiLower(d: Dialect, value: SQL): SQL {
  return d === 'postgres' ? sql`lower((${value}) COLLATE "C")` : sql`lower(${value})`;
}

/** Case-blind order (ASCII letters), as SQLite's NOCASE, then byte order. */
export function nocaseOrder(d: Dialect, value: SQL): SQL {
  return d === 'postgres' ? sql`lower((${value}) COLLATE "C")` : sql`${value} COLLATE NOCASE`;
}

/**
 * Case-blind equality of a column and a value, as the column's case-blind unique index sees it
 * (SQLite: `COLLATE NOCASE`; PostgreSQL: a `lower(column)` index), so a look-up finds exactly
 * what the index would refuse as a duplicate.
 */
export function caseBlindEquals(d: Dialect, column: SQL, value: unknown): SQL {
  return d === 'postgres' ? sql`lower(${column}) = lower(${value})` : sql`${column} = ${value} COLLATE NOCASE`;
}

/**
 * The elements of a JSON array of strings stored as text, as a table `alias` with one column
 * `value` (for `FROM … , ${jsonTextElements(d, sql`c.tags`, 'je')}` or `EXISTS (SELECT 1 FROM …)`).
 */
export function jsonTextElements(d: Dialect, json: SQL, alias: string): SQL {
  return d === 'postgres'
    ? sql`jsonb_array_elements_text((${json})::jsonb) AS ${sql.raw(alias)}(value)`
    : sql`json_each(${json}) AS ${sql.raw(alias)}`;
}

/** A column the planner must not use an index for (SQLite's unary `+`); PostgreSQL's planner weighs that itself. */
export function withoutIndex(d: Dialect, column: SQL): SQL {
  return d === 'postgres' ? column : sql`+${column}`;
}

/** The first element of a JSON array held as text (NULL when empty), as text. */
export function jsonFirst(d: Dialect, array: SQL): SQL {
  return d === 'postgres' ? sql`((${array})::json ->> 0)` : sql`json_extract(${array}, '$[0]')`;
}
