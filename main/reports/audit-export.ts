/**
 * The audit trail for an auditor: every row in id order with its hashes (so the chain can be
 * re-checked outside GDial), and the head it ends at.
 */
import type { AuditEntry } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';
import type { AuditRowSql } from '../audit/audit-hash';

export interface AuditExportRow extends AuditEntry {
  prevHash: string;
  hash: string;
}

export interface AuditSnapshot {
  rows: AuditExportRow[];
  /** The chain's head as GDial keeps it (app_meta), read with the rows. */
  head: { id: number; hash: string } | null;
}

/** Must run inside the caller's transaction, so the rows and the head are one moment's. */
export function readAuditTrail(db: Db): AuditSnapshot {
  const rows = (db.$client.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRowSql[]).map(
    (r): AuditExportRow => ({
      id: r.id,
      at: iso(r.at),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
      prevHash: r.prev_hash,
      hash: r.hash,
    }),
  );
  const head = db.$client.prepare("SELECT value FROM app_meta WHERE key = 'audit.head'").get() as { value: string } | undefined;
  return { rows, head: head ? (JSON.parse(head.value) as { id: number; hash: string }) : null };
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
