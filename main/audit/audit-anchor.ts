/**
 * The anchor: a second record of the audit chain's length and head, kept outside the database in
 * `audit-anchor.log` (data directory, 0600). One JSON line per checkpoint, each sealed with the
 * audit key, appended after every audited commit. Deleting rows, wiping the table or re-sealing
 * the chain in the database then disagrees with a checkpoint the forger cannot re-seal.
 *
 * Durability: a line is written (write(2), no fsync) right after the transaction that changed the
 * head has committed (SQLite runs with synchronous=FULL, so the row is on disk first and the anchor
 * can never be ahead of the database). The file is fsynced at most once per second and on close.
 * A killed process loses nothing (the line is in the OS's cache); a power cut can lose up to a
 * second of checkpoints, which makes the anchor lag behind the database; that is never read as
 * tampering, since rows beyond the anchor are still checked by their keyed seals.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { keyedMac, sameHex } from './audit-hash';

export const ANCHOR_FILE = 'audit-anchor.log';
const SYNC_EVERY_MS = 1000;

/**
 * keyed: where keying began; rekeyed: the same, for a database sealed with a key this
 * installation never had; start: an engine started; restarted: the anchor had been lost;
 * restored: see audit-restore.ts.
 */
export type AnchorEvent = 'keyed' | 'rekeyed' | 'start' | 'restarted' | 'restored';

/** Which seal each row carries: plain SHA-256 before keyedFrom, except foreignFrom.. (an unknown key). */
export interface Epoch {
  keyedFrom: number;
  /** Rows from here up to keyedFrom were sealed with a key this installation does not have. */
  foreignFrom: number | null;
}

export interface AnchorLine {
  /** Rows in the chain at this checkpoint (= the head's id). */
  rows: number;
  /** The head row's seal (the genesis value when there are no rows). */
  head: string;
  at: string;
  /** The first row sealed with the key; rows before it carry plain SHA-256 (older GDial). */
  keyedFrom: number;
  foreignFrom: number | null;
  event: AnchorEvent | null;
  mac: string;
}

export interface AnchorRead {
  exists: boolean;
  /** Lines whose seal holds, in file order, with their 1-based line numbers. */
  lines: Array<AnchorLine & { line: number }>;
  problems: Array<{ line: number; problem: string }>;
}

export function anchorPath(dataDir: string): string {
  return path.join(dataDir, ANCHOR_FILE);
}

function macOf(key: Buffer, l: Omit<AnchorLine, 'mac'>): string {
  return keyedMac(key, 'anchor', [l.rows, l.head, l.at, l.keyedFrom, l.foreignFrom, l.event]);
}

export function sealLine(key: Buffer, l: Omit<AnchorLine, 'mac'>): string {
  return `${JSON.stringify({ ...l, mac: macOf(key, l) })}\n`;
}

function parse(text: string): AnchorLine | null {
  try {
    const v = JSON.parse(text) as AnchorLine;
    const ok =
      Number.isInteger(v.rows) && v.rows >= 0 && typeof v.head === 'string' && typeof v.at === 'string' &&
      Number.isInteger(v.keyedFrom) && v.keyedFrom >= 1 && typeof v.mac === 'string' &&
      (v.foreignFrom == null || (Number.isInteger(v.foreignFrom) && v.foreignFrom >= 1));
    return ok
      ? { rows: v.rows, head: v.head, at: v.at, keyedFrom: v.keyedFrom, foreignFrom: v.foreignFrom ?? null, event: v.event ?? null, mac: v.mac }
      : null;
  } catch {
    return null;
  }
}

/**
 * Reads and checks every line. A line cut short by a crash (unreadable, and either the last line
 * or followed by the "start" line the next engine writes) is tolerated; anything else is reported.
 */
export function readAnchor(file: string, key: Buffer): AnchorRead {
  if (!existsSync(file)) return { exists: false, lines: [], problems: [] };
  const texts = readFileSync(file, 'utf8').split('\n');
  if (texts.at(-1) === '') texts.pop();
  const parsed = texts.map(parse);
  const result: AnchorRead = { exists: true, lines: [], problems: [] };
  parsed.forEach((l, i) => {
    const line = i + 1;
    if (!l) {
      const next = parsed[i + 1];
      const torn = i === parsed.length - 1 || (next?.event === 'start' && sameHex(next.mac, macOf(key, next)));
      if (!torn) result.problems.push({ line, problem: `line ${line} of ${ANCHOR_FILE} is unreadable` });
      return;
    }
    if (!sameHex(l.mac, macOf(key, l))) {
      result.problems.push({ line, problem: `line ${line} of ${ANCHOR_FILE} is not sealed with this GDial's audit key` });
      return;
    }
    result.lines.push({ ...l, line });
  });
  return result;
}

/** Appends checkpoints; see the file comment for when they reach the disk. */
export class AnchorWriter {
  private readonly fd: number;
  private syncTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    file: string,
    private readonly key: Buffer,
  ) {
    this.fd = openSync(file, 'a+', 0o600);
    // A line torn by a crash gets its own line end, so the next checkpoint is whole.
    const size = fstatSync(this.fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(this.fd, '\n');
    }
  }

  append(rows: number, head: string, epoch: Epoch, event: AnchorEvent | null = null): void {
    if (this.closed) return;
    writeSync(this.fd, sealLine(this.key, { rows, head, at: new Date().toISOString(), ...epoch, event }));
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = null;
      if (!this.closed) fsyncSync(this.fd);
    }, SYNC_EVERY_MS).unref();
  }

  sync(): void {
    if (!this.closed) fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
  }
}
