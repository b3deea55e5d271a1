/**
 * How a row of the audit chain is sealed. Rows written before GDial had an audit key carry a
 * plain SHA-256 of their content; from the "key introduced" row on, an HMAC-SHA-256 under a key
 * that never enters the database, so a forger with only the database cannot re-seal the chain.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who did it: a user, or the engine itself (SYSTEM_ACTOR in audit-log.ts). */
export interface Actor {
  id: number | null;
  name: string;
}

export interface AuditRecord {
  action: string;
  target?: { type: string; id: string | number };
  details?: Record<string, unknown>;
}

/** A row of the audit chain, as the store reads and writes it. */
export interface AuditRow {
  id: number;
  at: number;
  actorId: number | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

/** The chain's head as app_meta keeps it. */
export interface AuditHead {
  id: number;
  hash: string;
}

/** An audit row as `SELECT * FROM audit_log` gives it (snake_case columns), for raw readers. */
export interface AuditRowSql {
  id: number;
  at: number;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);
export const HEAD_KEY = 'audit.head';
/** app_meta: the first keyed row, as the database claims it (the anchor file decides). */
export const KEYED_FROM_KEY = 'audit.keyedFrom';
/** app_meta: the first row sealed with a key this installation does not have, if any. */
export const FOREIGN_FROM_KEY = 'audit.foreignFrom';
/** The chained row that records the switch from plain hashes to the keyed HMAC. */
export const KEY_INTRODUCED_ACTION = 'audit.key_introduced';
/** The chained row that records a new key for a chain whose earlier key is not here. */
export const REKEYED_ACTION = 'audit.rekeyed';

function canonical(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([row.id, row.at, row.actorId, row.actorName, row.action, row.targetType, row.targetId, row.details, row.prevHash]);
}

/** The seal of a row before keying began (GDial before issue 11). */
export function plainHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256').update(canonical(row)).digest('hex');
}

export function keyedHash(key: Buffer, row: Omit<AuditRow, 'hash'>): string {
  return createHmac('sha256', key).update(canonical(row)).digest('hex');
}

/**
 * The row that follows `head` in the chain, sealed with the key (or plain SHA-256 for a database
 * that was never keyed). The one place a new row is built, for the async and the legacy append.
 */
export function sealNextRow(head: AuditHead | null, actor: Actor, record: AuditRecord, key: Buffer | null, at: number): AuditRow {
  const partial = {
    id: (head?.id ?? 0) + 1,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action: record.action,
    targetType: record.target?.type ?? null,
    targetId: record.target ? String(record.target.id) : null,
    details: JSON.stringify(record.details ?? {}),
    prevHash: head?.hash ?? GENESIS,
  };
  return { ...partial, hash: key ? keyedHash(key, partial) : plainHash(partial) };
}

/** A MAC for anything else sealed with the audit key (anchor lines); domain-separated from rows. */
export function keyedMac(key: Buffer, purpose: string, value: unknown): string {
  return createHmac('sha256', key).update(`gdial:${purpose}:`).update(JSON.stringify(value)).digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function newAuditKey(): string {
  return randomBytes(32).toString('base64url');
}

export function keyBytes(secret: string): Buffer {
  return Buffer.from(secret, 'utf8');
}
