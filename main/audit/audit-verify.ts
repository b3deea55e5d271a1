/**
 * Checks the audit chain against itself, its key, the anchor file and (optionally) an export
 * manifest, and names the first problem by row number: rows missing at the end ("rows 41–50
 * missing (anchor says 50 rows, database has 40)"), a row altered, all rows gone.
 *
 * The chain is read in keyset pages outside any unit (a large table is never held in memory nor
 * holds the writer's turn); the chain only grows, so the head is read after the rows and the walk
 * reads on while the head is ahead of it (a writer committed meanwhile).
 */
import type { AuditVerifyResult } from '../contract';
import type { Queryable } from '../db/store';
import { ANCHOR_FILE, readAnchor, type AnchorRead, type Epoch } from './audit-anchor';
import { GENESIS, keyedHash, plainHash, sameHex, type AuditHead, type AuditRow } from './audit-hash';
import { keyingFor } from './audit-keying';
import { auditRowsAfter, readAuditHead, readEpochMeta, readKeyedFrom } from './audit-store';

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

/** Rows per page of the walk. */
const PAGE = 2_000;
const NO_HEAD: AuditHead = { id: 0, hash: GENESIS };

interface Walk {
  checked: number;
  /** Rows whose seal could not be checked (sealed with a key this installation does not have). */
  unchecked: number;
  lastId: number;
  lastHash: string;
  problem: { id: number; text: string } | null;
}

/** Checks rows one by one, in id order, as the pages arrive. */
class ChainWalk {
  readonly w: Walk = { checked: 0, unchecked: 0, lastId: 0, lastHash: GENESIS, problem: null };

  constructor(
    private readonly key: Buffer | null,
    private readonly epoch: Epoch,
    private readonly checkpoints: Map<number, string>,
    private readonly manifest: ManifestClaim | null,
  ) {}

  /** False once a problem was found (the walk stops there). */
  addAll(rows: AuditRow[]): boolean {
    for (const row of rows) if (!this.add(row)) return false;
    return true;
  }

  private stop(id: number, text: string): boolean {
    this.w.problem = { id, text };
    return false;
  }

  private add(row: AuditRow): boolean {
    const { w, epoch, key, manifest } = this;
    const expected = w.lastId + 1;
    if (row.id !== expected) return this.stop(expected, `${span(expected, row.id - 1)} missing (the next row is ${row.id})`);
    if (row.prevHash !== w.lastHash) return this.stop(row.id, `row ${row.id} altered (it does not link to the row before it)`);
    if (row.id >= (epoch.foreignFrom ?? Infinity) && row.id < epoch.keyedFrom) w.unchecked++;
    else {
      const seal = row.id < epoch.keyedFrom ? plainHash(row) : key ? keyedHash(key, row) : null;
      if (seal === null || !sameHex(seal, row.hash)) return this.stop(row.id, `row ${row.id} altered (its seal does not match its content)`);
    }
    const checkpoint = this.checkpoints.get(row.id);
    if (checkpoint !== undefined && checkpoint !== row.hash) return this.stop(row.id, `row ${row.id} altered (it differs from ${ANCHOR_FILE})`);
    if (manifest?.headId === row.id && manifest.headHash !== row.hash) return this.stop(row.id, `row ${row.id} altered (it differs from the export manifest)`);
    w.lastId = row.id;
    w.lastHash = row.hash;
    w.checked++;
    return true;
  }
}

/**
 * The walk's paging: a short page is followed by
 * the head; a head ahead of the rows read means a writer committed meanwhile, so the walk reads
 * on until a page brings nothing more (then the rows the head names are missing).
 */
class Pager {
  head: AuditHead | null = null;
  private done = false;

  constructor(readonly walk: ChainWalk) {}

  get finished(): boolean {
    return this.done;
  }

  /** Feeds a page; true when the head must be read next. */
  page(rows: AuditRow[]): boolean {
    if (!this.walk.addAll(rows) || (rows.length === 0 && this.head !== null)) {
      this.done = true;
      return false;
    }
    return rows.length < PAGE;
  }

  headRead(head: AuditHead | null): void {
    this.head = head ?? NO_HEAD;
    if (this.head.id <= this.walk.w.lastId) this.done = true;
  }
}

function fromEngine(identity: object, keyedFrom: () => number | null): VerifyKeys | { unavailable: string } {
  const keying = keyingFor(identity);
  if (keying && 'unavailable' in keying) return { unavailable: keying.unavailable };
  if (keying) return { key: keying.key, anchor: readAnchor(keying.anchorFile, keying.key) };
  if (keyedFrom() !== null) return { unavailable: 'this database is sealed with an audit key this process does not have' };
  return { key: null, anchor: null };
}

type Keys = VerifyKeys | { unavailable: string };
const cannotCheck = (unavailable: string): AuditVerifyResult => ({
  intact: false,
  checked: 0,
  firstBrokenId: null,
  problem: `cannot be checked here: ${unavailable}`,
  rows: null,
  anchorRows: null,
});

/**
 * Checks the chain through any Queryable (the engine's Store, a read-only one in the CLI).
 * `keys` default to this engine's (startAudit); a bare test database has none and plain seals.
 */
export async function verifyAuditChain(q: Queryable, manifest: ManifestClaim | null = null, keys?: VerifyKeys): Promise<AuditVerifyResult> {
  const keyedFrom = keys ? null : await readKeyedFrom(q);
  const opts: Keys = keys ?? fromEngine(q.identity, () => keyedFrom);
  if ('unavailable' in opts) return cannotCheck(opts.unavailable);
  const plan = planVerify(opts, await readEpochMeta(q), manifest);
  const pager = new Pager(plan.walk);
  while (!pager.finished) {
    if (pager.page(await auditRowsAfter(q, plan.walk.w.lastId, PAGE))) pager.headRead(await readAuditHead(q));
  }
  return conclude(plan, pager.head, opts, manifest);
}

interface Plan {
  epoch: Epoch;
  walk: ChainWalk;
  anchorRows: number | null;
  anchorProblems: string[];
}

/** Where keying began and what the anchor's sealed lines say, before any row is read. */
function planVerify(keys: VerifyKeys, meta: { keyedFrom: number | null; foreignFrom: number | null }, manifest: ManifestClaim | null): Plan {
  const { key, anchor } = keys;
  // The anchor's sealed lines decide where keying began; the database's claim is only a fallback
  // when the anchor is gone (and that is reported below).
  const sealed = anchor?.lines ?? [];
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
  return { epoch, walk: new ChainWalk(key, epoch, checkpoints, manifest), anchorRows, anchorProblems };
}

/** The verdict, once the walk has ended: the first problem by row number. */
function conclude(plan: Plan, headRead: AuditHead | null, keys: VerifyKeys, manifest: ManifestClaim | null): AuditVerifyResult {
  const { epoch, anchorRows, anchorProblems } = plan;
  const { w } = plan.walk;
  const head = headRead ?? NO_HEAD;
  const { key, anchor } = keys;
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
