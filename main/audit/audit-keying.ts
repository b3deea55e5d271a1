/**
 * Wires the audit key and the anchor file to an engine's database. The engine calls
 * `startAuditKeying` once at start; `appendAudit` then seals rows with the key and every commit
 * that moved the head adds a checkpoint to the anchor.
 *
 * Upgrading: a database whose rows were sealed with plain SHA-256 (GDial before the key) keeps
 * them as they are. The first start with a key writes a sealed anchor line "keyed from row N"
 * that pins the old chain's length and head, then a chained, keyed "audit.key_introduced" row N.
 * Nobody can later declare more of the chain "old-style": where keying began is read from the
 * sealed anchor, not from the database.
 */
import type Database from 'better-sqlite3';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { AnchorWriter, anchorPath, readAnchor, sealLine, type Epoch } from './audit-anchor';
import { findRestoreProof, type RestoreProof } from './audit-restore';
import { FOREIGN_FROM_KEY, GENESIS, HEAD_KEY, KEY_INTRODUCED_ACTION, KEYED_FROM_KEY, keyBytes, newAuditKey, REKEYED_ACTION } from './audit-hash';

export interface AuditKeying {
  key: Buffer;
  epoch: Epoch;
  anchorFile: string;
  writer: AnchorWriter;
  /** Rows at the last checkpoint written. */
  anchored: number;
  flushQueued: boolean;
}

type Entry = AuditKeying | { unavailable: string };
const registry = new WeakMap<Database.Database, Entry>();

export function keyingOf(db: Db): Entry | undefined {
  return registry.get(db.$client);
}

export function readHead(db: Db): { id: number; hash: string } | null {
  const row = db.$client.prepare('SELECT value FROM app_meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as { id: number; hash: string }) : null;
}

export function readKeyedFromMeta(db: Db): number | null {
  const row = db.$client.prepare('SELECT value FROM app_meta WHERE key = ?').get(KEYED_FROM_KEY) as { value: string } | undefined;
  return row ? Number(row.value) : null;
}

/** The epoch as the database claims it: a guard for writers and a fallback, never trusted by verify. */
export function readEpochMeta(db: Db): { keyedFrom: number | null; foreignFrom: number | null } {
  const foreign = db.$client.prepare('SELECT value FROM app_meta WHERE key = ?').get(FOREIGN_FROM_KEY) as { value: string } | undefined;
  return { keyedFrom: readKeyedFromMeta(db), foreignFrom: foreign ? Number(foreign.value) : null };
}

function writeEpochMeta(db: Db, epoch: Epoch): void {
  const set = db.$client.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  set.run(KEYED_FROM_KEY, String(epoch.keyedFrom));
  if (epoch.foreignFrom === null) db.$client.prepare('DELETE FROM app_meta WHERE key = ?').run(FOREIGN_FROM_KEY);
  else set.run(FOREIGN_FROM_KEY, String(epoch.foreignFrom));
}

export function keyUnavailable(reason: string): AppError {
  return new AppError('unavailable', `The audit log cannot be written: ${reason}`, { code: 'audit.key_unavailable', params: { reason } });
}

/** After the transaction that called appendAudit has ended: a checkpoint if the head moved. */
export function queueCheckpoint(db: Db, k: AuditKeying): void {
  if (k.flushQueued) return;
  k.flushQueued = true;
  setImmediate(() => {
    k.flushQueued = false;
    if (registry.get(db.$client) !== k || !db.$client.open) return;
    // Transactions are synchronous, so none is open here; the head read is the committed one.
    const head = readHead(db);
    if (head && head.id !== k.anchored) {
      k.writer.append(head.id, head.hash, k.epoch);
      k.anchored = head.id;
    }
  });
}

export interface AuditKeyingHandle {
  /** Where keying began; null when the key is unavailable here. */
  keyedFrom: number | null;
  close(): void;
}

/**
 * Call once at engine start, before anything is audited. Never throws for a key it cannot read
 * (a keyring-encrypted store opened without the keyring): audited writes are then refused with
 * `audit.key_unavailable`, and everything else works.
 */
export function startAuditKeying(
  db: Db,
  opts: {
    dataDir: string;
    secrets: SecretStore;
    log: Logger;
    nativeBinding?: string;
    append: (record: { action: string; details: Record<string, unknown> }) => void;
  },
): AuditKeyingHandle {
  const file = anchorPath(opts.dataDir);
  let stored: string | null;
  try {
    stored = opts.secrets.get('auditKey');
  } catch (error) {
    const reason = (error as Error).message;
    registry.set(db.$client, { unavailable: reason });
    // Refusing is the only honest choice here: sealing with a new key would make the rows this
    // key sealed uncheckable. The way out is in the message (and the README).
    opts.log.error(
      { reason },
      'audit key unavailable: audited changes (sign-in included) are refused. Start GDial where its keyring is, set GDIAL_AUDIT_KEY, ' +
        'or remove secrets.json if its values can never be read here: the audit log then continues with a new key and says which rows it cannot check',
    );
    return { keyedFrom: null, close: () => registry.delete(db.$client) };
  }

  let restarted = false;
  let restored: RestoreProof | null = null;
  let secret = stored;
  const epoch: Epoch = { keyedFrom: 1, foreignFrom: null };
  const head = readHead(db);
  const rows = head?.id ?? 0;
  if (!secret) {
    // No key yet. An anchor without a key was sealed with a key that never got stored (a crash
    // between the two steps below) or is gone: it proves nothing now, so it is kept aside.
    if (existsSync(file)) renameSync(file, `${file}.orphaned-${Date.now()}`);
    secret = newAuditKey();
    epoch.keyedFrom = rows + 1;
    // A database sealed before with a key this installation does not have (moved here without
    // its secrets.json, or the key was deleted): its keyed rows cannot be checked here any more,
    // and every verify says so.
    const before = readEpochMeta(db);
    const priorFrom = before.foreignFrom ?? before.keyedFrom;
    if (priorFrom !== null && priorFrom <= rows) epoch.foreignFrom = priorFrom;
    // Anchor first, key second: a crash in between leaves an orphaned anchor (handled above),
    // never a stored key without the anchor that says where keying began.
    const first = { rows, head: head?.hash ?? GENESIS, at: new Date().toISOString(), ...epoch, event: epoch.foreignFrom ? ('rekeyed' as const) : ('keyed' as const) };
    writeFileSync(file, sealLine(keyBytes(secret), first), { mode: 0o600, flush: true });
    opts.secrets.setInternal('auditKey', secret);
    if (epoch.foreignFrom) opts.log.error({ foreignFrom: epoch.foreignFrom, keyedFrom: epoch.keyedFrom }, 'the audit log was sealed with a key this installation does not have; a new key seals it from here');
  } else {
    const key = keyBytes(secret);
    const anchor = readAnchor(file, key);
    const last = anchor.lines.at(-1);
    if (last) Object.assign(epoch, { keyedFrom: last.keyedFrom, foreignFrom: last.foreignFrom });
    else {
      // The key exists but its anchor is gone: start a new one, and say so in the chain itself.
      restarted = true;
      const meta = readEpochMeta(db);
      Object.assign(epoch, { keyedFrom: meta.keyedFrom ?? rows + 1, foreignFrom: meta.foreignFrom });
      opts.log.error({ file }, 'the audit anchor file is missing; a new one is started and the audit log records it');
    }
    const sinceRestore = anchor.lines.slice(Math.max(0, anchor.lines.findLastIndex((l) => l.event === 'restored')));
    const anchoredRows = sinceRestore.reduce((max, l) => Math.max(max, l.rows), 0);
    if (rows < anchoredRows) {
      restored = findRestoreProof(opts.dataDir, { key, anchor, head, nativeBinding: opts.nativeBinding });
      if (restored) {
        // A backup from before the key: keying begins again right after its rows.
        if (rows < epoch.keyedFrom - 1) {
          epoch.keyedFrom = rows + 1;
          if (epoch.foreignFrom !== null && epoch.foreignFrom > rows) epoch.foreignFrom = null;
        }
        opts.log.warn({ ...restored, databaseRows: rows }, 'the database was restored from a backup; the audit log records it');
      } else {
        opts.log.error({ anchoredRows, databaseRows: rows }, 'the audit log has fewer rows than its anchor: run `gdial audit verify`');
      }
    }
  }

  const key = keyBytes(secret);
  const writer = new AnchorWriter(file, key);
  const keying: AuditKeying = { key, epoch, anchorFile: file, writer, anchored: -1, flushQueued: false };
  registry.set(db.$client, keying);
  if (restarted) writer.append(rows, head?.hash ?? GENESIS, epoch, 'restarted');
  if (restored) writer.append(rows, head?.hash ?? GENESIS, epoch, 'restored');

  inTransaction(db, () => {
    writeEpochMeta(db, epoch);
    const now = readHead(db)?.id ?? 0;
    // The first keyed row records the switch (also after a crash right after the key was stored).
    if (epoch.keyedFrom > 1 && now === epoch.keyedFrom - 1) {
      if (epoch.foreignFrom !== null) opts.append({ action: REKEYED_ACTION, details: { foreignRows: { from: epoch.foreignFrom, to: now } } });
      else opts.append({ action: KEY_INTRODUCED_ACTION, details: { plainRows: now } });
    }
    if (restarted) opts.append({ action: 'audit.anchor_restarted', details: { databaseRows: now } });
    if (restored) opts.append({ action: 'audit.restored', details: { rowsBefore: restored.rowsBefore, rowsNow: rows, keptAs: restored.keptAs } });
  });
  const after = readHead(db);
  writer.append(after?.id ?? 0, after?.hash ?? GENESIS, epoch, 'start');
  keying.anchored = after?.id ?? 0;
  return {
    keyedFrom: epoch.keyedFrom,
    close: () => {
      if (registry.get(db.$client) !== keying) return;
      const last = readHead(db);
      if (last && last.id !== keying.anchored) writer.append(last.id, last.hash, epoch);
      writer.close();
      registry.delete(db.$client);
    },
  };
}
