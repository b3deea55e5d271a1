/**
 * Multi-row INSERTs for bulk writes (imports, launches): one statement per chunk of rows instead
 * of one per row, which is what makes PostgreSQL fast (one round trip per chunk) and costs SQLite
 * nothing. A chunk binds at most MAX_PARAMS values: under SQLite's 32766 and PostgreSQL's 65535.
 */
import { sql, type SQL } from 'drizzle-orm';

export const MAX_PARAMS = 30_000;

/** `rows` in chunks that each bind at most MAX_PARAMS values (`paramsPerRow` each). */
export function paramChunks<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** `(a, b, …), (c, d, …)`: the VALUES of a multi-row INSERT, one tuple per row. */
export function valuesOf(rows: readonly unknown[][]): SQL {
  return sql.join(
    rows.map((row) => sql`(${sql.join(row.map((v) => sql`${v}`), sql`, `)})`),
    sql`, `,
  );
}

/** `(1, 2, 3)` for `IN`: callers guard against an empty list, which neither engine accepts. */
export function inList(values: readonly unknown[]): SQL {
  if (values.length === 0) throw new Error('an empty IN list');
  return sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}
