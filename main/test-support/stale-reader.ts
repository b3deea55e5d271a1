/**
 * A reader that still sees the rows as they were when it began (a backup, the admin CLI, a long
 * report): an open read transaction on the SQLite file, or a REPEATABLE READ one on PostgreSQL.
 * Resolves to the function that ends it.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export async function openStaleReader(where: { sqliteFile: string } | { databaseUrl: string }): Promise<() => Promise<void>> {
  if ('sqliteFile' in where) {
    const reader = new Database(where.sqliteFile, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM alerts').get();
    return async () => {
      reader.exec('COMMIT');
      reader.close();
    };
  }
  const client = new pg.Client({ connectionString: where.databaseUrl });
  await client.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await client.query('SELECT COUNT(*) FROM alerts');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}
