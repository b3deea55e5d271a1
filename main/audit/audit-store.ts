/**
 * The audit trail's SQL: the chain's rows (audit_log) and what app_meta keeps about it (the head,
 * where keying began). Every function takes a `Queryable`.
 */
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { afterWriters } from '../db/dialect-sql';
import { SqliteStore } from '../db/sqlite-store';
import type { Queryable, Store } from '../db/store';
import { FOREIGN_FROM_KEY, HEAD_KEY, KEYED_FROM_KEY, type AuditHead, type AuditRow } from './audit-hash';

/** Every column of audit_log, aliased to AuditRow's fields. */
const ROW_COLUMNS = sql`id, at, actor_id AS "actorId", actor_name AS "actorName", action, target_type AS "targetType",
  target_id AS "targetId", details, prev_hash AS "prevHash", hash`;

const metaSql = (key: string): SQL => sql`SELECT value FROM app_meta WHERE key = ${key}`;

function upsertMetaSql(key: string, value: string): SQL {
  return sql`INSERT INTO app_meta (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
}

function insertRowSql(r: AuditRow): SQL {
  return sql`INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash)
    VALUES (${r.id}, ${r.at}, ${r.actorId}, ${r.actorName}, ${r.action}, ${r.targetType}, ${r.targetId}, ${r.details}, ${r.prevHash}, ${r.hash})`;
}

const parseHead = (row: { value: string } | undefined): AuditHead | null => (row ? (JSON.parse(row.value) as AuditHead) : null);
const parseNumber = (row: { value: string } | undefined): number | null => (row ? Number(row.value) : null);

export async function readAuditHead(q: Queryable): Promise<AuditHead | null> {
  return parseHead(await q.get<{ value: string }>(metaSql(HEAD_KEY)));
}

/**
 * The head as committed, read outside any unit: waits until no unit holds the writer's turn, so
 * a unit that appended has committed (or rolled back) before the head is read. For the anchor's
 * checkpoints; `root` is the Store, never a unit.
 */
export async function readCommittedAuditHead(root: Queryable): Promise<AuditHead | null> {
  await root.get(afterWriters(root.dialect));
  return readAuditHead(root);
}

export async function writeAuditHead(q: Queryable, head: AuditHead): Promise<void> {
  await q.run(upsertMetaSql(HEAD_KEY, JSON.stringify({ id: head.id, hash: head.hash })));
}

export async function insertAuditRow(q: Queryable, row: AuditRow): Promise<void> {
  await q.run(insertRowSql(row));
}

/** Where keying began, as the database claims it (the anchor decides). */
export async function readKeyedFrom(q: Queryable): Promise<number | null> {
  return parseNumber(await q.get<{ value: string }>(metaSql(KEYED_FROM_KEY)));
}

/** The epoch as the database claims it: a guard for writers and a fallback, never trusted by verify. */
export async function readEpochMeta(q: Queryable): Promise<{ keyedFrom: number | null; foreignFrom: number | null }> {
  const foreign = parseNumber(await q.get<{ value: string }>(metaSql(FOREIGN_FROM_KEY)));
  return { keyedFrom: await readKeyedFrom(q), foreignFrom: foreign };
}

export async function writeEpochMeta(q: Queryable, epoch: { keyedFrom: number; foreignFrom: number | null }): Promise<void> {
  await q.run(upsertMetaSql(KEYED_FROM_KEY, String(epoch.keyedFrom)));
  if (epoch.foreignFrom === null) await q.run(sql`DELETE FROM app_meta WHERE key = ${FOREIGN_FROM_KEY}`);
  else await q.run(upsertMetaSql(FOREIGN_FROM_KEY, String(epoch.foreignFrom)));
}

export interface AuditListFilter {
  beforeId?: number;
  limit: number;
  action?: string;
}

function listSql(opts: AuditListFilter): SQL {
  const before = opts.beforeId ? sql`AND id < ${opts.beforeId}` : sql.empty();
  const action = opts.action ? sql`AND action = ${opts.action}` : sql.empty();
  return sql`SELECT ${ROW_COLUMNS} FROM audit_log WHERE 1 = 1 ${before} ${action} ORDER BY id DESC LIMIT ${opts.limit}`;
}

/** Newest first, for the console's list. */
export async function listAuditRows(q: Queryable, opts: AuditListFilter): Promise<AuditRow[]> {
  return q.all<AuditRow>(listSql(opts));
}

const pageSql = (afterId: number, limit: number): SQL => sql`SELECT ${ROW_COLUMNS} FROM audit_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;

/** One page of the chain in id order, after `afterId` (keyset paging: large tables are never read at once). */
export async function auditRowsAfter(q: Queryable, afterId: number, limit: number): Promise<AuditRow[]> {
  return q.all<AuditRow>(pageSql(afterId, limit));
}

const allRowsSql = sql`SELECT ${ROW_COLUMNS} FROM audit_log ORDER BY id`;

/** The whole chain in id order, for the auditor's export (which holds it all anyway). */
export async function allAuditRows(q: Queryable): Promise<AuditRow[]> {
  return q.all<AuditRow>(allRowsSql);
}

export async function auditHashAt(q: Queryable, id: number): Promise<string | null> {
  return (await q.get<{ hash: string }>(sql`SELECT hash FROM audit_log WHERE id = ${id}`))?.hash ?? null;
}

/**
 * A SQLite file opened read-only as a store: a restore's kept before-restore copy (the restore
 * proof; on PostgreSQL restores are the database's own), or gdial.db for `gdial audit verify`
 * beside a running engine.
 */
export function openReadOnlySqlite(file: string, nativeBinding?: string): Store {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  sqlite.pragma('busy_timeout = 5000');
  return new SqliteStore(sqlite, { dialect: 'sqlite', location: file, schemaVersion: Number(sqlite.pragma('user_version', { simple: true })) });
}
