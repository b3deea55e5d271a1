import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { alerts } from './schema';
import { renderSql } from './render-sql';

const ids = [3, 1, 2];
const samples: Array<[string, SQL]> = [
  ['text and parameters', sql`SELECT id AS "alertId" FROM alerts WHERE state = ${'queued'} AND not_before <= ${123}`],
  ['nulls, booleans, bigints', sql`UPDATE x SET a = ${null}, b = ${true}, c = ${10n} WHERE d = ${0}`],
  ['a list', sql`SELECT 1 WHERE id IN ${ids}`],
  ['nested templates, raw and join', sql`SELECT ${sql.raw('a, b')} FROM t WHERE ${sql.join([sql`x = ${1}`, sql`y = ${'z'}`], sql` AND `)}`],
  ['an identifier', sql`SELECT ${sql.identifier('weird"name')} FROM t`],
  ['an empty fragment', sql`SELECT 1 ${sql.empty()}`],
  ['a parameter object', sql`SELECT ${sql.param('p')}`],
];

describe('renderSql renders as drizzle does', () => {
  it.each(samples)('%s (SQLite)', (_name, query) => {
    const drizzle = new SQLiteSyncDialect().sqlToQuery(query);
    expect(renderSql(query, () => '?')).toEqual({ text: drizzle.sql, params: drizzle.params });
  });

  it.each(samples)('%s (PostgreSQL)', (_name, query) => {
    const drizzle = new PgDialect().sqlToQuery(query);
    expect(renderSql(query, (n) => `$${n}`)).toEqual({ text: drizzle.sql, params: drizzle.params });
  });

  it('leaves tables and columns to drizzle', () => {
    expect(renderSql(sql`SELECT ${alerts.id} FROM ${alerts}`, () => '?')).toBeNull();
  });
});
