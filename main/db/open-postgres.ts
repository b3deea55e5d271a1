/**
 * Opening GDial's database on PostgreSQL (GDIAL_DATABASE_URL=postgres://…): reach the server
 * with a clear error naming host and database (never the password), refuse a schema newer than
 * this build, then migrate with the committed PostgreSQL migrations.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { AppError } from '../errors';
import { readKnownSchema } from './migrations';
import { PgStore, pgTypes } from './pg-store';

export interface PgOptions {
  url: string;
  migrationsFolder: string;
  /** Pool size; the engine needs few (one writer at a time). */
  max?: number;
}

/** `host:port/database` of a URL, for messages and the System panel: no user, no password. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(unreadable PostgreSQL URL)';
  }
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

async function newestMigrationMillis(pool: pg.Pool): Promise<number> {
  const table = await pool.query("SELECT to_regclass('drizzle.__drizzle_migrations') AS t");
  if (!table.rows[0]?.t) return 0;
  const row = await pool.query('SELECT MAX(created_at) AS m FROM drizzle.__drizzle_migrations');
  return Number(row.rows[0]?.m ?? 0);
}

export async function openPostgres(opts: PgOptions): Promise<PgStore> {
  const where = describePgUrl(opts.url);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.max ?? 8, types: pgTypes, connectionTimeoutMillis: 10_000 });
  // An idle pooled connection that dies (server restart) must not take the process with it:
  // the next query gets a fresh connection or a clear error.
  pool.on('error', () => {});
  // A connection that breaks while checked out (a unit, a VACUUM) emits 'error' on its client;
  // unheard, that would end the process. Heard from the first connection on, it starts the wait
  // for the database once the store exists.
  let store: PgStore | null = null;
  pool.on('connect', (client) => client.on('error', (error) => store?.noteConnectionError(error)));
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new AppError('unavailable', `Cannot reach PostgreSQL at ${where}: ${(cause as Error).message}`, {
      code: 'db.unreachable',
      params: { where },
      cause,
    });
  }
  try {
    const known = readKnownSchema(opts.migrationsFolder);
    if ((await newestMigrationMillis(pool)) > known.newestMillis) {
      throw new AppError(
        'unavailable',
        `The PostgreSQL database ${where} was written by a newer GDial; install the newer GDial. Nothing was changed.`,
        { code: 'db.too_new', params: { file: where, found: 0, known: known.version } },
      );
    }
    await migrateAlone(pool, known.folder);
    store = new PgStore(pool, { dialect: 'postgres', location: where, schemaVersion: known.version });
    return store;
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

/** The advisory lock key of schema migration ("GDMIGR" in ASCII). */
const MIGRATION_LOCK = 0x4744_4d49_4752;

/**
 * Several workstations may start at once on a new database: one migrates while the others wait
 * for it, then find nothing left to do. The lock is the session's, on one connection that is
 * given back (and the lock with it) whatever happens.
 */
async function migrateAlone(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((error: unknown) => (broken = error as Error));
    }
  } finally {
    client.release(broken);
  }
}
