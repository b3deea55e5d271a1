/** `(1, 2, 3)` for `IN` lists. Bulk inserts have their own path (bulk-insert.ts). */
import { sql, type SQL } from 'drizzle-orm';

/** `(1, 2, 3)` for `IN`: callers guard against an empty list, which neither engine accepts. */
export function inList(values: readonly unknown[]): SQL {
  if (values.length === 0) throw new Error('an empty IN list');
  return sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}
