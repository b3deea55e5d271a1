/**
 * A restore from a backup makes the audit chain shorter than its anchor, just as deleting rows
 * would. The difference is proof: `gdial restore` keeps the database it replaced beside the new
 * one (gdial.db.before-restore-<time>). When that kept file carries the whole anchored chain,
 * sealed with this key, and the restored chain is its beginning, the rows were not lost but set
 * aside: the engine then records the restore in the anchor and in the chain. Without such a file
 * nothing is recorded and `audit verify` keeps reporting the missing rows.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../config/paths';
import type { Store } from '../db/store';
import type { AnchorRead } from './audit-anchor';
import { auditHashAt, openReadOnlySqlite } from './audit-store';
import { verifyAuditChain } from './audit-verify';

export interface RestoreProof {
  /** The kept database's file name. */
  keptAs: string;
  rowsBefore: number;
}

/** SQLite's kept files; a PostgreSQL engine's data directory has none, so it finds no proof. */
export async function findRestoreProof(
  dataDir: string,
  opts: { key: Buffer; anchor: AnchorRead; head: { id: number; hash: string } | null; nativeBinding?: string },
): Promise<RestoreProof | null> {
  const prefix = `${DATABASE_FILE}.before-restore-`;
  const kept = readdirSync(dataDir)
    .filter((f) => f.startsWith(prefix) && !/-(wal|shm|journal)$/.test(f))
    .sort()
    .reverse();
  for (const name of kept) {
    let store: Store | null = null;
    try {
      store = openReadOnlySqlite(path.join(dataDir, name), opts.nativeBinding);
      const result = await verifyAuditChain(store, null, { key: opts.key, anchor: opts.anchor });
      if (!result.intact) continue;
      const at = opts.head ? await auditHashAt(store, opts.head.id) : null;
      if (opts.head && at !== opts.head.hash) continue;
      return { keptAs: name, rowsBefore: result.rows ?? 0 };
    } catch {
      // Not a database, or not one of ours: no proof.
    } finally {
      await store?.close();
    }
  }
  return null;
}
