/**
 * The audit log is append-only and chained: each row carries the seal of the previous row, and
 * the chain's head is kept in app_meta. Rows are sealed with HMAC-SHA-256 under the audit key
 * (secret store, never the database); the anchor file outside the database and every export
 * manifest repeat the chain's length and head. `verifyAudit` (audit-verify.ts) checks all three.
 * Appends happen inside the caller's transaction, with the change itself.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../contract';
import type { Db } from '../db/open';
import { appMeta, auditLog } from '../db/schema';
import { iso, now } from '../db/tx';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { GENESIS, HEAD_KEY, keyedHash, plainHash } from './audit-hash';
import { keyingOf, keyUnavailable, queueCheckpoint, readHead, readKeyedFromMeta, startAuditKeying, type AuditKeyingHandle } from './audit-keying';

export { verifyAudit } from './audit-verify';

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

/** Must be called inside the transaction that makes the change it records. */
export function appendAudit(db: Db, actor: Actor, record: AuditRecord): void {
  const keying = keyingOf(db);
  if (keying && 'unavailable' in keying) throw keyUnavailable(keying.unavailable);
  // A database without an engine's key (unit tests' bare databases) keeps plain seals, but one
  // that was ever keyed never gets an unkeyed row.
  if (!keying && readKeyedFromMeta(db) !== null) throw keyUnavailable('this database is sealed with an audit key this process does not have');
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
  const hash = keying ? keyedHash(keying.key, partial) : plainHash(partial);
  db.insert(auditLog).values({ ...partial, hash }).run();
  const value = JSON.stringify({ id: partial.id, hash });
  db.insert(appMeta)
    .values({ key: HEAD_KEY, value })
    .onConflictDoUpdate({ target: appMeta.key, set: { value } })
    .run();
  if (keying) queueCheckpoint(db, keying);
}

/** The engine's start: the audit key (created if absent) and the anchor file. */
export function startAudit(db: Db, opts: { dataDir: string; secrets: SecretStore; log: Logger; nativeBinding?: string }): AuditKeyingHandle {
  return startAuditKeying(db, { ...opts, append: (record) => appendAudit(db, SYSTEM_ACTOR, record) });
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

