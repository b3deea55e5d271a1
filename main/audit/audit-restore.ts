/**
 * A restore from a backup makes the audit chain shorter than its anchor, just as deleting rows
 * would. The difference is proof: `gdial restore` keeps the database it replaced beside the new
 * one (gdial.db.before-restore-<time>). When that kept file carries the whole anchored chain,
 * sealed with this key, and the restored chain is its beginning, the rows were not lost but set
 * aside: the engine then records the restore in the anchor and in the chain. Without such a file
 * nothing is recorded and `audit verify` keeps reporting the missing rows.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../config/paths';
import type { Db } from '../db/open';
import * as schema from '../db/schema';
import type { AnchorRead } from './audit-anchor';
import { verifyAudit } from './audit-verify';

export interface RestoreProof {
  /** The kept database's file name. */
  keptAs: string;
  rowsBefore: number;
}

export function findRestoreProof(
  dataDir: string,
  opts: { key: Buffer; anchor: AnchorRead; head: { id: number; hash: string } | null; nativeBinding?: string },
): RestoreProof | null {
  const prefix = `${DATABASE_FILE}.before-restore-`;
  const kept = readdirSync(dataDir)
    .filter((f) => f.startsWith(prefix) && !/-(wal|shm|journal)$/.test(f))
    .sort()
    .reverse();
  for (const name of kept) {
    let sqlite: Database.Database | null = null;
    try {
      sqlite = new Database(path.join(dataDir, name), { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
      const db = drizzle({ client: sqlite, schema }) as Db;
      const result = verifyAudit(db, null, { key: opts.key, anchor: opts.anchor });
      if (!result.intact) continue;
      const at = opts.head ? (sqlite.prepare('SELECT hash FROM audit_log WHERE id = ?').get(opts.head.id) as { hash: string } | undefined) : null;
      if (opts.head && at?.hash !== opts.head.hash) continue;
      return { keptAs: name, rowsBefore: result.rows ?? 0 };
    } catch {
      // Not a database, or not one of ours: no proof.
    } finally {
      sqlite?.close();
    }
  }
  return null;
}
