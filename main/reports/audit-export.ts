/**
 * The audit trail for an auditor: every row in id order with its hashes (so the chain can be
 * re-checked outside GDial), and the head it ends at.
 */
import type { AuditEntry } from '../contract';
import type { Queryable } from '../db/store';
import type { AuditRow } from '../audit/audit-hash';
import { allAuditRows, readAuditHead } from '../audit/audit-store';
import { toEntry } from '../audit/audit-log';

export interface AuditExportRow extends AuditEntry {
  prevHash: string;
  hash: string;
}

export interface AuditSnapshot {
  rows: AuditExportRow[];
  /** The chain's head as GDial keeps it (app_meta), read with the rows. */
  head: { id: number; hash: string } | null;
}

function toExportRow(r: AuditRow): AuditExportRow {
  return { ...toEntry(r), prevHash: r.prevHash, hash: r.hash };
}

/**
 * Must run inside the caller's unit of work (`store.unit`), so the rows and the head are one
 * moment's: the unit holds the writer's turn on both backends, so no append falls in between.
 */
export async function readAuditSnapshot(tx: Queryable): Promise<AuditSnapshot> {
  const rows = (await allAuditRows(tx)).map(toExportRow);
  return { rows, head: await readAuditHead(tx) };
}

export interface AuditManifest {
  file: string;
  sha256: string;
  rows: number;
  firstId: number | null;
  lastId: number | null;
  /** The chain's head when the file was written: the last exported row's hash when intact. */
  headHash: string | null;
  headId: number | null;
  generatedAt: string;
}

export function auditManifest(file: string, sha256: string, trail: AuditSnapshot, generatedAt: string): AuditManifest {
  return {
    file,
    sha256,
    rows: trail.rows.length,
    firstId: trail.rows[0]?.id ?? null,
    lastId: trail.rows.at(-1)?.id ?? null,
    headHash: trail.head?.hash ?? null,
    headId: trail.head?.id ?? null,
    generatedAt,
  };
}
