/**
 * The store on PostgreSQL, through `pg` with a pool. Statements outside a unit take any pooled
 * connection. A unit takes one connection, BEGIN, and a transaction-scoped advisory lock that
 * serialises writers as SQLite does, so every read-then-write the engine relies on (the audit
 * chain's head, idempotent launch keys, the ledger's claims) means the same on both engines.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { DatabaseWatch } from './availability';
import { insertRowsAsJson, type BulkInsert, type BulkValue } from './bulk-insert';
import { renderSql } from './render-sql';
import type { DatabaseInfo, Queryable, Store } from './store';
import { UnitContext, type OpenUnit } from './unit-context';

const renderer = new PgDialect();
const fromDrizzle = (q: SQL) => {
  const { sql: text, params } = renderer.sqlToQuery(q);
  return { text, params };
};
/** The advisory lock key of the writer's turn ("GDIAL" in ASCII). */
export const WRITER_LOCK = 0x4744_4941_4c;

/** int8 (counts, times in ms) and numeric (sums) as numbers: all of GDial's fit in 2^53. */
const NUMBER_TYPES = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (NUMBER_TYPES.has(oid)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

type Client = pg.Pool | pg.PoolClient;

async function query<T>(client: Client, q: SQL, watch: DatabaseWatch): Promise<{ rows: T[]; rowCount: number }> {
  const { text, params } = renderSql(q, (n) => `$${n}`) ?? fromDrizzle(q);
  // Flags are 0/1 integers in both schemas, so a bound boolean is bound as one.
  const values = params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  try {
    const result = await client.query(text, values);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    watch.noteError(error);
    throw error;
  }
}

class PgUnit implements OpenUnit {
  readonly dialect = 'postgres' as const;
  open = true;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly depth: number,
    readonly identity: object,
    private readonly watch: DatabaseWatch,
    private readonly context: UnitContext,
  ) {}

  private live(): pg.PoolClient {
    if (!this.open) throw new Error('a unit of work was used after it ended');
    return this.client;
  }

  async all<T>(q: SQL) {
    return (await query<T>(this.live(), q, this.watch)).rows;
  }
  async get<T>(q: SQL) {
    return (await query<T>(this.live(), q, this.watch)).rows[0];
  }
  async run(q: SQL) {
    return { changes: (await query(this.live(), q, this.watch)).rowCount };
  }
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]) {
    return insertRowsAsJson(this, bulk, rows);
  }

  async unit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const name = `unit_${this.depth}`;
    await this.live().query(`SAVEPOINT ${name}`);
    const inner = new PgUnit(this.client, this.depth + 1, this.identity, this.watch, this.context);
    try {
      const result = await this.context.runIn(inner, () => fn(inner));
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    } finally {
      inner.end();
    }
  }

  end() {
    this.open = false;
  }
}

export class PgStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly watch: DatabaseWatch;
  private readonly context = new UnitContext();

  constructor(
    readonly pool: pg.Pool,
    readonly info: DatabaseInfo,
  ) {
    this.watch = new DatabaseWatch(() => pool.query('SELECT 1'));
  }

  /** A pooled connection broke (see openPostgres, which listens from the pool's first connection on). */
  noteConnectionError(error: unknown) {
    this.watch.noteError(error);
  }

  get availability() {
    return this.watch;
  }

  get identity(): object {
    return this.pool;
  }

  async all<T>(q: SQL) {
    const joined = this.context.current();
    if (joined) return joined.all<T>(q);
    return (await query<T>(this.pool, q, this.watch)).rows;
  }
  async get<T>(q: SQL) {
    const joined = this.context.current();
    if (joined) return joined.get<T>(q);
    return (await query<T>(this.pool, q, this.watch)).rows[0];
  }
  async run(q: SQL) {
    const joined = this.context.current();
    if (joined) return joined.run(q);
    return { changes: (await query(this.pool, q, this.watch)).rowCount };
  }
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]) {
    return this.unit((tx) => tx.insertRows(bulk, rows));
  }

  async unit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const joined = this.context.current();
    if (joined) return joined.unit(fn);
    const client = await this.pool.connect().catch((error: unknown) => {
      this.watch.noteError(error);
      throw error;
    });
    const tx = new PgUnit(client, 1, this.pool, this.watch, this.context);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
      const result = await this.context.runIn(tx, () => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      this.watch.noteError(error);
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error; // the connection itself is gone: do not pool it again
      }
      throw error;
    } finally {
      tx.end();
      client.release(broken);
    }
  }

  close() {
    this.watch.close();
    return this.pool.end();
  }
}
