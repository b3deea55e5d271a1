/**
 * Checks the audit chain against itself, its key, the anchor file and (optionally) an export
 * manifest, and names the first problem by row number: rows missing at the end ("rows 41–50
 * missing (anchor says 50 rows, database has 40)"), a row altered, all rows gone.
 */
import type { AuditVerifyResult } from '../contract';
import type { Db } from '../db/open';
import { ANCHOR_FILE, readAnchor, type AnchorRead, type Epoch } from './audit-anchor';
import { GENESIS, keyedHash, plainHash, sameHex, type AuditRow } from './audit-hash';
import { keyingOf, readEpochMeta, readHead, readKeyedFromMeta } from './audit-keying';

/** What an export manifest says the chain was when it was written. */
export interface ManifestClaim {
  headId: number | null;
  headHash: string | null;
}

export interface VerifyKeys {
  /** The audit key; null for a database that was never keyed (GDial before the key). */
  key: Buffer | null;
  /** The anchor file as read with the key; null when there is no key. */
  anchor: AnchorRead | null;
}

const span = (from: number, to: number) => (from === to ? `row ${from}` : `rows ${from}–${to}`);

interface Walk {
  checked: number;
  /** Rows whose seal could not be checked (sealed with a key this installation does not have). */
  unchecked: number;
  lastId: number;
  lastHash: string;
  problem: { id: number; text: string } | null;
}

function toRow(raw: Record<string, unknown>): AuditRow {
  return {
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
}

/** Walks the whole chain once, in id order, without loading it into memory. */
function walk(db: Db, key: Buffer | null, epoch: Epoch, checkpoints: Map<number, string>, manifest: ManifestClaim | null): Walk {
  const rows = db.$client.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<Record<string, unknown>>;
  const w: Walk = { checked: 0, unchecked: 0, lastId: 0, lastHash: GENESIS, problem: null };
  const foreignFrom = epoch.foreignFrom ?? Infinity;
  const stop = (id: number, text: string) => {
    rows.return?.();
    w.problem = { id, text };
    return w;
  };
  for (const raw of rows) {
    const row = toRow(raw);
    const expected = w.lastId + 1;
    if (row.id !== expected) return stop(expected, `${span(expected, row.id - 1)} missing (the next row is ${row.id})`);
    if (row.prevHash !== w.lastHash) return stop(row.id, `row ${row.id} altered (it does not link to the row before it)`);
    if (row.id >= foreignFrom && row.id < epoch.keyedFrom) w.unchecked++;
    else {
      const seal = row.id < epoch.keyedFrom ? plainHash(row) : key ? keyedHash(key, row) : null;
      if (seal === null || !sameHex(seal, row.hash)) return stop(row.id, `row ${row.id} altered (its seal does not match its content)`);
    }
    const checkpoint = checkpoints.get(row.id);
    if (checkpoint !== undefined && checkpoint !== row.hash) return stop(row.id, `row ${row.id} altered (it differs from ${ANCHOR_FILE})`);
    if (manifest?.headId === row.id && manifest.headHash !== row.hash) return stop(row.id, `row ${row.id} altered (it differs from the export manifest)`);
    w.lastId = row.id;
    w.lastHash = row.hash;
    w.checked++;
  }
  return w;
}

function fromEngine(db: Db): VerifyKeys | { unavailable: string } {
  const keying = keyingOf(db);
  if (keying && 'unavailable' in keying) return { unavailable: keying.unavailable };
  if (keying) return { key: keying.key, anchor: readAnchor(keying.anchorFile, keying.key) };
  if (readKeyedFromMeta(db) !== null) return { unavailable: 'this database is sealed with an audit key this process does not have' };
  return { key: null, anchor: null };
}

/** `keys` default to this engine's (startAudit); a bare test database has none and plain seals. */
export function verifyAudit(db: Db, manifest: ManifestClaim | null = null, keys?: VerifyKeys): AuditVerifyResult {
  const opts = keys ?? fromEngine(db);
  if ('unavailable' in opts) {
    return { intact: false, checked: 0, firstBrokenId: null, problem: `cannot be checked here: ${opts.unavailable}`, rows: null, anchorRows: null };
  }
  const { key, anchor } = opts;
  // The anchor's sealed lines decide where keying began; the database's claim is only a fallback
  // when the anchor is gone (and that is reported below).
  const sealed = anchor?.lines ?? [];
  const meta = readEpochMeta(db);
  const lastLine = sealed.at(-1);
  const epoch: Epoch =
    key === null
      ? { keyedFrom: Infinity, foreignFrom: null }
      : lastLine
        ? { keyedFrom: lastLine.keyedFrom, foreignFrom: lastLine.foreignFrom }
        : { keyedFrom: meta.keyedFrom ?? 1, foreignFrom: meta.foreignFrom };
  const checkpoints = new Map<number, string>();
  let anchorRows: number | null = anchor ? 0 : null;
  const anchorProblems = [...(anchor?.problems ?? []).map((p) => p.problem)];
  const lastRestore = sealed.findLastIndex((l) => l.event === 'restored');
  sealed.forEach((line, i) => {
    if (line.event === 'restored') {
      // A proven restore (audit-restore.ts): the rows after it were set aside, not lost.
      for (const rows of checkpoints.keys()) if (rows > line.rows) checkpoints.delete(rows);
      anchorRows = line.rows;
    }
    if (i >= lastRestore && (line.keyedFrom !== epoch.keyedFrom || line.foreignFrom !== epoch.foreignFrom)) anchorProblems.push(`line ${line.line} of ${ANCHOR_FILE} disagrees about where keying began`);
    if (line.rows === 0) return;
    const seen = checkpoints.get(line.rows);
    if (seen === undefined) checkpoints.set(line.rows, line.head);
    else if (seen !== line.head) anchorProblems.push(`${ANCHOR_FILE} holds two different seals for row ${line.rows}: it was rewritten`);
    anchorRows = Math.max(anchorRows ?? 0, line.rows);
  });

  // One read snapshot, so a running engine's next commit cannot fall between the rows and the head.
  const ownTx = !db.$client.inTransaction;
  if (ownTx) db.$client.prepare('BEGIN').run();
  let w: Walk;
  let head: { id: number; hash: string };
  try {
    w = walk(db, key, epoch, checkpoints, manifest);
    head = readHead(db) ?? { id: 0, hash: GENESIS };
  } finally {
    if (ownTx) db.$client.prepare('COMMIT').run();
  }
  const result = (firstBrokenId: number | null, problem: string | null): AuditVerifyResult => ({
    intact: problem === null,
    checked: w.checked,
    firstBrokenId,
    problem,
    rows: w.lastId,
    anchorRows,
    notice:
      w.unchecked > 0
        ? `${span(epoch.foreignFrom!, epoch.keyedFrom - 1)} are sealed with an audit key this installation does not have (a new key seals the log from row ${epoch.keyedFrom}): their order was checked, their content cannot be`
        : null,
  });
  if (w.problem) return result(w.problem.id, w.problem.text);
  const last = w.lastId;
  const missing = (claimed: number, source: string) =>
    last === 0
      ? result(1, `all rows gone (${source} says ${claimed} rows, database has none)`)
      : result(last + 1, `${span(last + 1, claimed)} missing (${source} says ${claimed} rows, database has ${last})`);
  if (anchorRows !== null && anchorRows > last) return missing(anchorRows, 'the anchor');
  if (manifest?.headId != null && manifest.headId > last) return missing(manifest.headId, 'the export manifest');
  if (head.id > last) return missing(head.id, 'the chain head');
  if (head.id < last) return result(head.id + 1, `${span(head.id + 1, last)} not written by GDial (the chain head is row ${head.id})`);
  if (head.hash !== w.lastHash) return result(last, `row ${last} altered (it does not match the chain head)`);
  if (key !== null && anchor && !anchor.exists) return result(null, `${ANCHOR_FILE} is missing: removed rows could not be noticed`);
  if (anchorProblems.length > 0) return result(null, anchorProblems[0]!);
  return result(null, null);
}
