/**
 * The few places where SQLite and PostgreSQL spell the same thing differently, each written once.
 * Store functions call these with their `Queryable`'s dialect; everything else is shared SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
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
