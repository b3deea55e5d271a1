/**
 * The store on SQLite: one better-sqlite3 connection, statements prepared once per SQL text.
 * better-sqlite3 is synchronous, so a statement outside a unit runs at once when no unit holds
 * the writer's turn, and waits for the turn otherwise (it would land inside that unit's
 * transaction on the one connection). Units take the turn, run BEGIN IMMEDIATE … COMMIT, and
 * hand it on in arrival order.
 */
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { ALWAYS_AVAILABLE } from './availability';
import { sqliteInsertText, type BulkInsert, type BulkValue } from './bulk-insert';
import { renderSql } from './render-sql';
import type { DatabaseInfo, Queryable, RunResult, Store } from './store';
import { UnitContext, type OpenUnit } from './unit-context';

const renderer = new SQLiteSyncDialect();
const fromDrizzle = (query: SQL) => {
  const { sql: text, params } = renderer.sqlToQuery(query);
  return { text, params };
};
/** Dynamic IN-lists make new texts; past this many the cache starts over rather than grow. */
const MAX_STATEMENTS = 1_000;

type Param = string | number | bigint | Buffer | null;

/** better-sqlite3 binds no booleans: flags are 0/1 integers in both schemas. */
function bindable(value: unknown): Param {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as Param;
}

class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {}

  private prepared(text: string): Database.Statement {
    let statement = this.cache.get(text);
    if (!statement) {
      if (this.cache.size >= MAX_STATEMENTS) this.cache.clear();
      statement = this.sqlite.prepare(text);
      this.cache.set(text, statement);
    }
    return statement;
  }

  prepare(query: SQL): { statement: Database.Statement; params: Param[] } {
    const { text, params } = renderSql(query, () => '?') ?? fromDrizzle(query);
    return { statement: this.prepared(text), params: params.map(bindable) };
  }

  all<T>(query: SQL): T[] {
    const { statement, params } = this.prepare(query);
    return statement.all(...params) as T[];
  }

  get<T>(query: SQL): T | undefined {
    const { statement, params } = this.prepare(query);
    return statement.get(...params) as T | undefined;
  }

  run(query: SQL): RunResult {
    const { statement, params } = this.prepare(query);
    return { changes: statement.run(...params).changes };
  }

  /** Call inside a transaction only: each row on its own would be a commit of its own. */
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]): number[] {
    const statement = this.prepared(sqliteInsertText(bulk));
    const ids: number[] = [];
    for (const row of rows) {
      const result = statement.run(...row);
      if (bulk.returnIds) ids.push(Number(result.lastInsertRowid));
    }
    return ids;
  }
}

function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** A unit's handle: runs at once (the unit holds the turn); dead once its unit has ended. */
class SqliteUnit implements OpenUnit {
  readonly dialect = 'sqlite' as const;
  open = true;
  get identity(): object {
    return this.sqlite;
  }

  constructor(
    private readonly statements: Statements,
    private readonly sqlite: Database.Database,
    private readonly depth: number,
    private readonly context: UnitContext,
  ) {}

  private live<T>(fn: () => T): Promise<T> {
    if (!this.open) return Promise.reject(new Error('a unit of work was used after it ended'));
    return settle(fn);
  }

  all<T>(query: SQL) {
    return this.live(() => this.statements.all<T>(query));
  }
  get<T>(query: SQL) {
    return this.live(() => this.statements.get<T>(query));
  }
  run(query: SQL) {
    return this.live(() => this.statements.run(query));
  }
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]) {
    return this.live(() => this.statements.insertRows(bulk, rows));
  }

  async unit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const name = `unit_${this.depth}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    const inner = new SqliteUnit(this.statements, this.sqlite, this.depth + 1, this.context);
    try {
      const result = await this.context.runIn(inner, () => fn(inner));
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.sqlite.exec(`ROLLBACK TO ${name}`);
      this.sqlite.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      inner.end();
    }
  }

  end() {
    this.open = false;
  }
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly availability = ALWAYS_AVAILABLE;
  private readonly statements: Statements;
  private held = false;
  private readonly waiting: Array<() => void> = [];
  private readonly context = new UnitContext();

  constructor(
    /** The connection, for the SQLite-only work of backups and integrity checks. */
    readonly sqlite: Database.Database,
    readonly info: DatabaseInfo,
  ) {
    this.statements = new Statements(sqlite);
  }

  get identity(): object {
    return this.sqlite;
  }

  private whenFree<T>(fn: () => T): Promise<T> {
    if (!this.held) return settle(fn);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => settle(fn).then(resolve, reject));
    });
  }

  private takeTurn(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiting.push(() => {
        this.held = true;
        resolve();
      });
    });
  }

  private handOn() {
    this.held = false;
    while (!this.held && this.waiting.length > 0) this.waiting.shift()!();
  }

  all<T>(query: SQL) {
    return this.context.current()?.all<T>(query) ?? this.whenFree(() => this.statements.all<T>(query));
  }
  get<T>(query: SQL) {
    return this.context.current()?.get<T>(query) ?? this.whenFree(() => this.statements.get<T>(query));
  }
  run(query: SQL) {
    return this.context.current()?.run(query) ?? this.whenFree(() => this.statements.run(query));
  }
  insertRows(bulk: BulkInsert, rows: readonly (readonly BulkValue[])[]) {
    return this.unit((tx) => tx.insertRows(bulk, rows));
  }

  async unit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const joined = this.context.current();
    if (joined) return joined.unit(fn);
    await this.takeTurn();
    const tx = new SqliteUnit(this.statements, this.sqlite, 1, this.context);
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.context.runIn(tx, () => fn(tx));
        this.sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw error;
      }
    } finally {
      tx.end();
      this.handOn();
    }
  }

  close() {
    return settle(() => {
      if (this.sqlite.open) this.sqlite.close();
    });
  }
}
