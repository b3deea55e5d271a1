/**
 * The SQLite side of GDial's own backups: copies of the database file and the work done on those
 * copies, each on its own better-sqlite3 connection to the file (never the engine's). This is
 * store-layer code for the SQLite file itself, so it speaks SQLite directly; on PostgreSQL,
 * backups are the database's own (pg_dump, point-in-time recovery) and none of this runs.
 * The decisions (what to keep, what to refuse, where files go) are in online-backup.ts,
 * verify-backup.ts, restore.ts and backup-service.ts.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { BurnedAlert } from './scrub-burned';

/** integrity_check's verdict on a file: 'ok', or what it found. */
export function checkIntegrity(file: string, nativeBinding?: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * The copy inherits WAL mode from the live database, so every later read (even read-only) would
 * leave -wal/-shm files beside it; a rollback-journal file is one self-contained file to move,
 * mail or restore. The engine switches it back to WAL when it opens it.
 */
export function selfContained(file: string, nativeBinding?: string): void {
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Copies `source` to `target` through SQLite's online backup API (pages under SQLite's own
 * locking, so safe while the engine writes); resolves to the number of pages. A failed copy
 * rejects; the caller removes what was written.
 */
export async function copyOnline(
  source: string,
  target: string,
  opts: { nativeBinding?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const db = new Database(source, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
  try {
    const meta = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
    return meta.totalPages;
  } finally {
    db.close();
  }
}

/**
 * Folds the live database's WAL into it, so a plain file copy holds everything. Returns false
 * when that was impossible (a damaged file); the caller then keeps the -wal beside the copy.
 */
export function checkpointFile(file: string, nativeBinding?: string): boolean {
  try {
    const db = new Database(file, { fileMustExist: true, nativeBinding });
    try {
      db.pragma('busy_timeout = 5000');
      const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return !row || row.busy === 0;
    } finally {
      db.close(); // the last connection's close also removes an emptied -wal
    }
  } catch {
    return false;
  }
}

/** What a backup file is, as far as SQLite can tell: the first thing wrong, or its migrations. */
export type BackupInspection =
  | { stage: 'unopenable'; cause: unknown }
  /** Switching to a rollback journal failed: SQLite cannot read it (`notSqlite`: not a database at all). */
  | { stage: 'unreadable'; cause: unknown; notSqlite: boolean; message: string }
  | { stage: 'damaged'; verdict: string }
  | { stage: 'no_journal' }
  | { stage: 'readable'; applied: number[]; schemaVersion: number };

/**
 * Inspects `file` in place, opening it read-write because it is the caller's own scratch copy:
 * the switch to a rollback journal folds in any WAL that came with it and leaves one
 * self-contained file. Stops at the first thing wrong.
 */
export function inspectBackupFile(file: string, nativeBinding?: string): BackupInspection {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, nativeBinding });
  } catch (cause) {
    return { stage: 'unopenable', cause };
  }
  try {
    try {
      db.pragma('journal_mode = DELETE');
    } catch (cause) {
      const { code, message } = cause as { code?: string; message: string };
      return { stage: 'unreadable', cause, notSqlite: code === 'SQLITE_NOTADB', message };
    }
    let verdict: string;
    try {
      const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
      verdict = rows.map((r) => r.integrity_check).join('; ');
    } catch (cause) {
      verdict = (cause as Error).message;
    }
    if (verdict !== 'ok') return { stage: 'damaged', verdict };

    const hasJournal = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    if (!hasJournal) return { stage: 'no_journal' };
    const applied = (db.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as Array<{ at: number | string }>).map(
      (r) => Number(r.at),
    );
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
    return { stage: 'readable', applied, schemaVersion };
  } finally {
    db.close();
  }
}

const ACTIVE = `('pending_approval', 'queued', 'running')`;

/** Alerts in this backup that still need the burn: text left, still active, or not marked. */
const NEEDING = `
  WITH burned AS (SELECT value ->> '$.launchKey' AS launch_key, value ->> '$.contentSha256' AS sha FROM json_each(?))
  SELECT a.id FROM alerts a JOIN burned b ON b.launch_key = a.launch_key AND a.content_sha256 IS b.sha
  WHERE a.voice_text <> '' OR a.sms_text <> '' OR a.state IN ${ACTIVE}
    OR NOT EXISTS (SELECT 1 FROM burn_messages m WHERE m.alert_id = a.id AND m.burned_at IS NOT NULL)`;

/**
 * Applies the burns to one backup file (why and how: scrub-burned.ts). Returns how many alerts
 * needed it; a backup that needs nothing is only read, never written (its time stays). Throws
 * when the file cannot be finished (a reader holds it): the next scrub tries again, since the
 * file still needs it.
 */
export function scrubBurnedText(file: string, burned: readonly BurnedAlert[], nativeBinding?: string): number {
  if (burned.length === 0) return 0;
  const list = JSON.stringify(burned);
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    const ids = (db.prepare(NEEDING).all(list) as Array<{ id: number }>).map((r) => r.id);
    // A WAL left by an interrupted scrub may still hold pages the file lacks: fold it in too.
    if (ids.length === 0 && !existsSync(`${file}-wal`)) return 0;
    // Exclusive: no other connection may read the half-scrubbed file, and no -shm is needed.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('secure_delete = ON');
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error(`${file}: could not switch to WAL to scrub it`);
    const byKey = new Map(burned.map((b) => [b.launchKey, b]));
    const rows = db.prepare(`SELECT id, launch_key AS launchKey, content_sha256 AS sha FROM alerts WHERE id IN (SELECT value FROM json_each(?))`);
    const erase = db.prepare(`UPDATE alerts SET voice_text = '', sms_text = '' WHERE id = ?`);
    const stop = db.prepare(`UPDATE alerts SET state = 'canceled', finished_at = ? WHERE id = ? AND state IN ${ACTIVE}`);
    // Update, else insert: copies from before schema 4 have no unique key on alert_id to upsert on.
    const update = db.prepare(`UPDATE burn_messages SET burned_at = @burnedAt, burned_by = @burnedBy WHERE alert_id = @id`);
    const insert = db.prepare(`
      INSERT INTO burn_messages (alert_id, burn_after, burn_at, content_sha256, created_at, burned_at, burned_by)
      VALUES (@id, 'time', @burnedAt, @sha, @burnedAt, @burnedAt, @burnedBy)`);
    const markBurned = (row: { id: number; burnedAt: number; sha: string; burnedBy: number | null }) => {
      if (update.run(row).changes === 0) insert.run(row);
    };
    db.transaction(() => {
      for (const r of rows.all(JSON.stringify(ids)) as Array<{ id: number; launchKey: string; sha: string | null }>) {
        const b = byKey.get(r.launchKey)!;
        erase.run(r.id);
        stop.run(b.burnedAt, r.id);
        markBurned({ id: r.id, burnedAt: b.burnedAt, sha: r.sha ?? '', burnedBy: b.burnedBy });
      }
    })();
    const [cp] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    if (!cp || cp.busy !== 0 || cp.log !== cp.checkpointed) throw new Error(`${file}: the scrubbed pages are not yet in the file`);
    // Back to one self-contained file, as online-backup.ts leaves every backup.
    db.pragma('journal_mode = DELETE');
    return ids.length;
  } finally {
    db.close();
  }
}
