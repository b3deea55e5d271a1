/**
 * Wires the audit key and the anchor file to an engine's database. The engine calls
 * `startAuditKeying` once at start, with its Store; `recordAudit` then
 * seal rows with the key and every commit that moved the head adds a checkpoint to the anchor.
 *
 * Upgrading: a database whose rows were sealed with plain SHA-256 (GDial before the key) keeps
 * them as they are. The first start with a key writes a sealed anchor line "keyed from row N"
 * that pins the old chain's length and head, then a chained, keyed "audit.key_introduced" row N.
 * Nobody can later declare more of the chain "old-style": where keying began is read from the
 * sealed anchor, not from the database.
 */
import { AsyncResource } from 'node:async_hooks';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Queryable } from '../db/store';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { AnchorWriter, anchorPath, readAnchor, sealLine, type Epoch } from './audit-anchor';
import { findRestoreProof, type RestoreProof } from './audit-restore';
import { GENESIS, KEY_INTRODUCED_ACTION, keyBytes, newAuditKey, REKEYED_ACTION } from './audit-hash';
import { readAuditHead, readCommittedAuditHead, readEpochMeta, writeEpochMeta } from './audit-store';

export interface AuditKeying {
  key: Buffer;
  epoch: Epoch;
  anchorFile: string;
  writer: AnchorWriter;
  /** Rows at the last checkpoint written. */
  anchored: number;
  flushQueued: boolean;
  /** The Store (never a unit): checkpoints read the committed head through it. */
  root: Queryable;
  log: Logger;
}

type Entry = AuditKeying | { unavailable: string };
/**
 * Keyed by the database's identity (store.ts): on SQLite the better-sqlite3 connection, so every
 * store over that connection (a unit's tx too) shares one keying.
 */
const registry = new WeakMap<object, Entry>();

export function keyingFor(identity: object): Entry | undefined {
  return registry.get(identity);
}

export function keyUnavailable(reason: string): AppError {
  return new AppError('unavailable', `The audit log cannot be written: ${reason}`, { code: 'audit.key_unavailable', params: { reason } });
}

/**
 * After the unit that appended has ended: a checkpoint if the head moved. Units are asynchronous,
 * so one may still be open when this runs; the head is therefore read through the root Store
 * after the writer's turn is free (readCommittedAuditHead), never through the unit: a checkpoint
 * must not name a row that its unit may yet roll back.
 */
export function queueCheckpoint(k: AuditKeying): void {
  if (k.flushQueued) return;
  k.flushQueued = true;
  // Scheduled outside the appending unit's async context: the root store would otherwise join
  // that still-open unit (db/unit-context.ts) and read its uncommitted head.
  outsideUnits.runInAsyncScope(() => setImmediate(() => void checkpoint(k)));
}

/** The async context of this module's loading: no unit of work is open in it. */
const outsideUnits = new AsyncResource('gdial.audit.checkpoint');

async function checkpoint(k: AuditKeying): Promise<void> {
  // Cleared before waiting: an append from now on queues its own checkpoint, and one made before
  // was made in a unit holding the writer's turn, which the committed read below waits out.
  k.flushQueued = false;
  if (registry.get(k.root.identity) !== k) return;
  try {
    const head = await readCommittedAuditHead(k.root);
    if (registry.get(k.root.identity) !== k) return; // closed while waiting
    // Checkpoints may finish out of order on PostgreSQL: the anchor only moves forward.
    if (head && head.id > k.anchored) {
      k.writer.append(head.id, head.hash, k.epoch);
      k.anchored = head.id;
    }
  } catch (error) {
    // The next append or close writes the checkpoint; a lagging anchor is never read as tampering.
    k.log.warn({ error: (error as Error).message }, 'audit anchor checkpoint failed');
  }
}

export interface AuditKeyingHandle {
  /** Where keying began; null when the key is unavailable here. */
  keyedFrom: number | null;
  /** The last checkpoint, then the anchor file is closed. */
  close(): Promise<void>;
}

/** Appends a system row inside the start's unit (audit-log.ts passes recordAudit). */
export type StartAppend = (tx: Queryable, record: { action: string; details: Record<string, unknown> }) => Promise<void>;

/**
 * Call once at engine start, before anything is audited. Never throws for a key it cannot read
 * (a keyring-encrypted store opened without the keyring): audited writes are then refused with
 * `audit.key_unavailable`, and everything else works.
 */
/** The chain is sealed with a key, and other engines that hold it run now. */
async function keyedElsewhere(store: Queryable, othersRunning: (() => Promise<boolean>) | undefined): Promise<boolean> {
  if (!othersRunning) return false;
  const [head, meta] = await Promise.all([readAuditHead(store), readEpochMeta(store)]);
  const keyedFrom = meta.foreignFrom ?? meta.keyedFrom;
  return keyedFrom !== null && keyedFrom <= (head?.id ?? 0) && (await othersRunning());
}

export async function startAuditKeying(
  store: Queryable,
  opts: {
    dataDir: string;
    secrets: SecretStore;
    log: Logger;
    nativeBinding?: string;
    append: StartAppend;
    /**
     * Whether other engines run on this database now (several workstations on PostgreSQL). They
     * seal with the key they share: a workstation without it must not seal with a new one.
     */
    othersRunning?: () => Promise<boolean>;
  },
): Promise<AuditKeyingHandle> {
  const id = store.identity;
  const file = anchorPath(opts.dataDir);
  let stored: string | null;
  try {
    stored = opts.secrets.get('auditKey');
    if (!stored && (await keyedElsewhere(store, opts.othersRunning))) {
      throw new Error(
        'the other workstations on this database seal the audit log with their shared audit key, which this workstation does not have: set GDIAL_AUDIT_KEY to the same key',
      );
    }
  } catch (error) {
    const reason = (error as Error).message;
    registry.set(id, { unavailable: reason });
    // Refusing is the only honest choice here: sealing with a new key would make the rows this
    // key sealed uncheckable. The way out is in the message (and the README).
    opts.log.error(
      { reason },
      'audit key unavailable: audited changes (sign-in included) are refused. Start GDial where its keyring is, set GDIAL_AUDIT_KEY, ' +
        'or remove secrets.json if its values can never be read here: the audit log then continues with a new key and says which rows it cannot check',
    );
    return {
      keyedFrom: null,
      close: async () => {
        registry.delete(id);
      },
    };
  }

  let restarted = false;
  let restored: RestoreProof | null = null;
  let secret = stored;
  const epoch: Epoch = { keyedFrom: 1, foreignFrom: null };
  const head = await readAuditHead(store);
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
    const before = await readEpochMeta(store);
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
      const meta = await readEpochMeta(store);
      Object.assign(epoch, { keyedFrom: meta.keyedFrom ?? rows + 1, foreignFrom: meta.foreignFrom });
      opts.log.error({ file }, 'the audit anchor file is missing; a new one is started and the audit log records it');
    }
    const sinceRestore = anchor.lines.slice(Math.max(0, anchor.lines.findLastIndex((l) => l.event === 'restored')));
    const anchoredRows = sinceRestore.reduce((max, l) => Math.max(max, l.rows), 0);
    if (rows < anchoredRows) {
      restored = await findRestoreProof(opts.dataDir, { key, anchor, head, nativeBinding: opts.nativeBinding });
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
  const keying: AuditKeying = { key, epoch, anchorFile: file, writer, anchored: -1, flushQueued: false, root: store, log: opts.log };
  registry.set(id, keying);
  // The start's own rows are covered by its 'start' line below, not by separate checkpoints.
  keying.flushQueued = true;
  if (restarted) writer.append(rows, head?.hash ?? GENESIS, epoch, 'restarted');
  if (restored) writer.append(rows, head?.hash ?? GENESIS, epoch, 'restored');

  await store.unit(async (tx) => {
    await writeEpochMeta(tx, epoch);
    const now = (await readAuditHead(tx))?.id ?? 0;
    // The first keyed row records the switch (also after a crash right after the key was stored).
    if (epoch.keyedFrom > 1 && now === epoch.keyedFrom - 1) {
      if (epoch.foreignFrom !== null) await opts.append(tx, { action: REKEYED_ACTION, details: { foreignRows: { from: epoch.foreignFrom, to: now } } });
      else await opts.append(tx, { action: KEY_INTRODUCED_ACTION, details: { plainRows: now } });
    }
    if (restarted) await opts.append(tx, { action: 'audit.anchor_restarted', details: { databaseRows: now } });
    if (restored) await opts.append(tx, { action: 'audit.restored', details: { rowsBefore: restored.rowsBefore, rowsNow: rows, keptAs: restored.keptAs } });
  });
  const after = await readCommittedAuditHead(store);
  writer.append(after?.id ?? 0, after?.hash ?? GENESIS, epoch, 'start');
  keying.anchored = after?.id ?? 0;
  keying.flushQueued = false;
  return {
    keyedFrom: epoch.keyedFrom,
    close: async () => {
      if (registry.get(id) !== keying) return;
      try {
        const last = await readCommittedAuditHead(store);
        if (last && last.id > keying.anchored) writer.append(last.id, last.hash, epoch);
      } finally {
        writer.close();
        registry.delete(id);
      }
    },
  };
}
