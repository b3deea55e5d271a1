/**
 * The two schemas are one schema: same tables, columns, types, nullability, defaults, keys,
 * indexes and foreign keys (flags 0/1 and times in ms on both; SQLite's NOCASE is PostgreSQL's
 * lower()), and each committed migration folder is up to date with its schema file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import * as pgSchema from './schema-pg';
import * as sqliteSchema from './schema';

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

/** The integer family is one type here: SQLite's INTEGER holds what PostgreSQL splits in two. */
function typeFamily(sqlType: string): string {
  const t = sqlType.toLowerCase();
  if (t === 'integer' || t === 'bigint' || t === 'smallint') return 'integer';
  if (t === 'blob' || t === 'bytea') return 'bytes';
  return t;
}

function indexTarget(column: unknown): string {
  if (is(column, SQL)) {
    // NOCASE (SQLite) and lower() (PostgreSQL) are the same case-blind uniqueness.
    const text = column.queryChunks.map((c) => (typeof c === 'object' && c && 'name' in c ? String(c.name) : JSON.stringify(c))).join('');
    return `casefold(${/"?(\w+)"?/.exec(text.replace(/lower|COLLATE NOCASE|value|\[|\]|\(|\)|"|\\/g, ' ').trim())?.[1]})`;
  }
  return (column as { name: string }).name;
}

/** A partial index's condition as written (both schemas write the same SQL text). */
function whereText(where: SQL | undefined): string | null {
  if (!where) return null;
  return where.queryChunks.map((c) => (typeof c === 'object' && c && 'value' in c ? (c.value as string[]).join('') : String(c))).join('');
}

function describeTable(config: Config) {
  const defaultOf = (d: unknown) => (typeof d === 'boolean' ? Number(d) : d);
  return {
    columns: Object.fromEntries(
      config.columns.map((c) => [
        c.name,
        { type: typeFamily(c.getSQLType()), notNull: c.notNull, primary: c.primary, default: defaultOf(c.default) ?? null, unique: c.isUnique },
      ]),
    ),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name).sort()),
    indexes: Object.fromEntries(
      config.indexes.map((i) => [i.config.name, { unique: !!i.config.unique, on: i.config.columns.map(indexTarget), where: whereText(i.config.where) }]),
    ),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name).join(',')} -> ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(',')}) on delete ${fk.onDelete ?? 'no action'}`;
      })
      .sort(),
  };
}

function tablesOf(schema: Record<string, unknown>, isTable: (v: unknown) => boolean, config: (v: never) => Config) {
  return Object.fromEntries(
    Object.values(schema)
      .filter(isTable)
      .map((t) => {
        const c = config(t as never);
        return [c.name, describeTable(c)];
      }),
  );
}

describe('the SQLite and PostgreSQL schemas', () => {
  const sqlite = tablesOf(sqliteSchema, (v) => is(v, SQLiteTable), sqliteConfig as never);
  const postgres = tablesOf(pgSchema, (v) => is(v, PgTable), pgConfig as never);

  it('have the same tables', () => {
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThan(15);
  });

  it.each(Object.keys(sqlite).sort())('agree on %s', (table) => {
    expect(postgres[table]).toEqual(sqlite[table]);
  });

  it.each([
    ['sqlite', 'migrations', './main/db/schema.ts'],
    ['postgresql', 'migrations-pg', './main/db/schema-pg.ts'],
  ])('leave drizzle-kit nothing to generate (%s)', (dialect, folder, schema) => {
      // One file: it re-exports the timed and cluster tables, as the configs' files do.
    const dir = tempDir('gdial-kit-');
    try {
      const out = path.join(dir, folder); // drizzle-kit reads --out relative to the project
      cpSync(path.join('resources', folder), out, { recursive: true });
      const before = readdirSync(out).sort();
      const args = ['drizzle-kit', 'generate', '--dialect', dialect, '--out', path.relative(process.cwd(), out), '--schema', schema];
      const kit = spawnSync('npx', args, { encoding: 'utf8' });
      expect(kit.status).toBe(0);
      expect(kit.stdout + kit.stderr).toMatch(/No schema changes/);
      expect(readdirSync(out).sort()).toEqual(before);
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});
