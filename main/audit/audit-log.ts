/**
 * The audit log is append-only and hash-chained: each row carries the SHA-256 of the previous
 * row, and the chain's head is kept in app_meta, so an edited, removed or appended-by-hand row
 * is found by `verify`. Appends happen inside the caller's transaction, with the change itself.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditVerifyResult } from '../contract';
import type { Db } from '../db/open';
import { appMeta, auditLog } from '../db/schema';
import { iso, now } from '../db/tx';

export interface Actor {
  id: number | null;
  name: string;
}
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

export interface AuditRecord {
  action: string;
  target?: { type: string; id: string | number };
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

type Row = typeof auditLog.$inferSelect;

function hashRow(row: Omit<Row, 'hash'>): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actorId,
    row.actorName,
    row.action,
    row.targetType,
    row.targetId,
    row.details,
    row.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function readHead(db: Db): { id: number; hash: string } | null {
  const row = db.select().from(appMeta).where(eq(appMeta.key, HEAD_KEY)).get();
  return row ? (JSON.parse(row.value) as { id: number; hash: string }) : null;
}

/** Must be called inside the transaction that makes the change it records. */
export function appendAudit(db: Db, actor: Actor, record: AuditRecord): void {
  const head = readHead(db);
  const partial = {
    id: (head?.id ?? 0) + 1,
    at: now(),
    actorId: actor.id,
    actorName: actor.name,
    action: record.action,
    targetType: record.target?.type ?? null,
    targetId: record.target ? String(record.target.id) : null,
    details: JSON.stringify(record.details ?? {}),
    prevHash: head?.hash ?? GENESIS,
  };
  const hash = hashRow(partial);
  db.insert(auditLog).values({ ...partial, hash }).run();
  const value = JSON.stringify({ id: partial.id, hash });
  db.insert(appMeta)
    .values({ key: HEAD_KEY, value })
    .onConflictDoUpdate({ target: appMeta.key, set: { value } })
    .run();
}

export function listAudit(db: Db, opts: { beforeId?: number; limit: number; action?: string }): AuditEntry[] {
  const filters: SQL[] = [];
  if (opts.beforeId) filters.push(lt(auditLog.id, opts.beforeId));
  if (opts.action) filters.push(eq(auditLog.action, opts.action));
  return db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit)
    .all()
    .map((r) => ({
      id: r.id,
      at: iso(r.at),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
}

function broken(checked: number, id: number, problem: string): AuditVerifyResult {
  return { intact: false, checked, firstBrokenId: id, problem };
}

/** Walks the whole chain once, in id order, without loading it into memory. */
export function verifyAudit(db: Db): AuditVerifyResult {
  const rows = db.$client.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<Record<string, unknown>>;
  let expectedId = 1;
  let prevHash = GENESIS;
  let checked = 0;
  for (const raw of rows) {
    const row: Row = {
      id: raw.id as number,
      at: raw.at as number,
      actorId: raw.actor_id as number | null,
      actorName: raw.actor_name as string,
      action: raw.action as string,
      targetType: raw.target_type as string | null,
      targetId: raw.target_id as string | null,
      details: raw.details as string,
      prevHash: raw.prev_hash as string,
      hash: raw.hash as string,
    };
    if (row.id !== expectedId) {
      rows.return?.();
      return broken(checked, expectedId, `row ${expectedId} is missing (the next row is ${row.id})`);
    }
    if (row.prevHash !== prevHash) {
      rows.return?.();
      return broken(checked, row.id, `row ${row.id} does not link to the row before it`);
    }
    if (hashRow(row) !== row.hash) {
      rows.return?.();
      return broken(checked, row.id, `row ${row.id} was changed after it was written`);
    }
    prevHash = row.hash;
    expectedId++;
    checked++;
  }
  const head = readHead(db) ?? { id: 0, hash: GENESIS };
  const lastId = expectedId - 1;
  if (head.id > lastId) return broken(checked, lastId + 1, `rows ${lastId + 1}–${head.id} were deleted`);
  if (head.id < lastId) return broken(checked, head.id + 1, `rows from ${head.id + 1} on were not written by GDial`);
  if (head.hash !== prevHash) return broken(checked, lastId, `row ${lastId} does not match the chain's head`);
  return { intact: true, checked, firstBrokenId: null, problem: null };
}
