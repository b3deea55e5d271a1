/**
 * The audit log is append-only and chained: each row carries the seal of the previous row, and
 * the chain's head is kept in app_meta. Rows are sealed with HMAC-SHA-256 under the audit key
 * (secret store, never the database); the anchor file outside the database and every export
 * manifest repeat the chain's length and head. `verifyAuditChain` (audit-verify.ts) checks all three.
 * Appends happen inside the caller's unit of work, with the change itself.
 */
import type { AuditEntry } from '../contract';
import type { Queryable, Store } from '../db/store';
import { iso, now } from '../db/tx';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { sealNextRow, type Actor, type AuditRecord, type AuditRow } from './audit-hash';
import { keyingFor, keyUnavailable, queueCheckpoint, startAuditKeying, type AuditKeying, type AuditKeyingHandle } from './audit-keying';
import { insertAuditRow, listAuditRows, readAuditHead, readKeyedFrom, writeAuditHead, type AuditListFilter } from './audit-store';

export { verifyAuditChain } from './audit-verify';
export type { Actor, AuditRecord } from './audit-hash';

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

const UNKEYED = 'this database is sealed with an audit key this process does not have';

/** The key to seal with: null for a database that was never keyed (unit tests' bare databases). */
function sealingKey(keying: ReturnType<typeof keyingFor>, keyedFrom: () => number | null): AuditKeying | null {
  if (keying && 'unavailable' in keying) throw keyUnavailable(keying.unavailable);
  // A database without an engine's key keeps plain seals, but one that was ever keyed never gets
  // an unkeyed row.
  if (!keying && keyedFrom() !== null) throw keyUnavailable(UNKEYED);
  return keying ?? null;
}

/**
 * Appends one row to the chain. Must be called inside the unit of work (`store.unit`) that makes
 * the change it records: the row commits or rolls back with the change, and units serialise
 * writers on both backends, which is what keeps the chain linear (read the head, write the next
 * row) on PostgreSQL, where many connections write. Refused on the root Store for that reason.
 */
export async function recordAudit(tx: Queryable, actor: Actor, record: AuditRecord): Promise<void> {
  if ('close' in tx) throw new Error('recordAudit must be called inside a unit of work (store.unit), not on the Store');
  const entry = keyingFor(tx.identity);
  const keyedFrom = entry ? null : await readKeyedFrom(tx);
  const keying = sealingKey(entry, () => keyedFrom);
  const head = await readAuditHead(tx);
  const row = sealNextRow(head, actor, record, keying?.key ?? null, now());
  await insertAuditRow(tx, row);
  await writeAuditHead(tx, row);
  if (keying) queueCheckpoint(keying);
}

/** The engine's start: the audit key (created if absent) and the anchor file. */
export function startAudit(
  store: Store,
  opts: { dataDir: string; secrets: SecretStore; log: Logger; nativeBinding?: string; othersRunning?: () => Promise<boolean> },
): Promise<AuditKeyingHandle> {
  return startAuditKeying(store, { ...opts, append: (tx, record) => recordAudit(tx, SYSTEM_ACTOR, record) });
}

/** A stored row as the contract's entry (no hashes). */
export function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: iso(r.at),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}

/** Newest first, for the console's list. */
export async function listAuditEntries(q: Queryable, opts: AuditListFilter): Promise<AuditEntry[]> {
  return (await listAuditRows(q, opts)).map(toEntry);
}
