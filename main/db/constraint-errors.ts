/**
 * A refused duplicate, recognised the same on both engines: better-sqlite3 says
 * `SQLITE_CONSTRAINT_UNIQUE` / `…_PRIMARYKEY` with "UNIQUE constraint failed: table.column",
 * PostgreSQL says SQLSTATE 23505 with "Key (column)=(…) already exists" in its detail.
 */

/** Whether `error` is a unique (or primary key) violation; with `column`, one on that column. */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; detail?: unknown; cause?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return column === undefined || new RegExp(`\\.${column}(,|$)`).test(message);
  }
  if (e.code === '23505') {
    const detail = typeof e.detail === 'string' ? e.detail : '';
    return column === undefined || new RegExp(`Key \\((.*, )?${column}(,|\\))`).test(detail);
  }
  // A driver error wrapped by a query builder keeps the original as its cause.
  return e.cause !== undefined && e.cause !== error && isUniqueViolation(e.cause, column);
}

/** Whether `error` is a foreign key violation (a row still referenced, or a reference to nothing). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
