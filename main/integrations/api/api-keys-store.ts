/** The api_keys table: keys other systems call the REST API with. Only a key's SHA-256 is kept. */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/store';

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  hash: string;
  role: 'viewer' | 'operator';
  /** JSON array of method patterns, as stored. */
  allowedMethods: string;
  createdAt: number;
  createdBy: string | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type NewApiKey = Pick<ApiKeyRow, 'name' | 'prefix' | 'hash' | 'role' | 'allowedMethods' | 'createdBy'>;

const COLUMNS = sql.raw(`id, name, prefix, hash, role, allowed_methods AS "allowedMethods", created_at AS "createdAt",
  created_by AS "createdBy", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`);

/** Live keys first (newest first), then revoked ones. */
export function listApiKeys(q: Queryable): Promise<ApiKeyRow[]> {
  return q.all<ApiKeyRow>(sql`SELECT ${COLUMNS} FROM api_keys ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC`);
}

export function apiKeyById(q: Queryable, id: number): Promise<ApiKeyRow | undefined> {
  return q.get<ApiKeyRow>(sql`SELECT ${COLUMNS} FROM api_keys WHERE id = ${id}`);
}

/** The key behind a presented secret's hash, revoked or not (the caller decides). */
export function apiKeyByHash(q: Queryable, hash: string): Promise<ApiKeyRow | undefined> {
  return q.get<ApiKeyRow>(sql`SELECT ${COLUMNS} FROM api_keys WHERE hash = ${hash}`);
}

/** Whether a key (live or revoked) already has this name: names stay unique so the audit trail names one key. */
export async function apiKeyNameTaken(q: Queryable, name: string): Promise<boolean> {
  return (await q.get<{ id: number }>(sql`SELECT id FROM api_keys WHERE name = ${name}`)) !== undefined;
}

export async function insertApiKey(q: Queryable, k: NewApiKey, at: number): Promise<ApiKeyRow> {
  const row = await q.get<ApiKeyRow>(sql`
    INSERT INTO api_keys (name, prefix, hash, role, allowed_methods, created_at, created_by)
    VALUES (${k.name}, ${k.prefix}, ${k.hash}, ${k.role}, ${k.allowedMethods}, ${at}, ${k.createdBy})
    RETURNING ${COLUMNS}`);
  if (!row) throw new Error('insertApiKey: no row');
  return row;
}

/** Revokes a live key; undefined when there is no such key or it was revoked already. */
export function revokeApiKey(q: Queryable, id: number, at: number): Promise<ApiKeyRow | undefined> {
  return q.get<ApiKeyRow>(sql`UPDATE api_keys SET revoked_at = ${at} WHERE id = ${id} AND revoked_at IS NULL RETURNING ${COLUMNS}`);
}

/** Notes a use, unless one was noted since `notedSince`: a busy key costs a write a minute, not one a request. */
export async function touchApiKey(q: Queryable, id: number, at: number, notedSince: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE api_keys SET last_used_at = ${at} WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < ${notedSince})`);
  return changes === 1;
}
