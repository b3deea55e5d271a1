/**
 * A burn erases a message's text from the live database, but every backup taken before the burn
 * is a copy that still holds it, and a restore would bring it back. So the same burn is applied
 * in each backup GDial keeps: the text erased with secure_delete on, through a WAL that is
 * checkpointed into the file and truncated (as the engine does with its own file), so the words
 * are gone from the backup's bytes; and the alert marked burned there (stopped if it was still
 * going out), so a restored copy neither resends an empty message nor hides that it was burned.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/**
 * One burned alert, named by what a restore cannot give to another alert: ids are reused after
 * restoring an older backup (the AUTOINCREMENT counter lives in the file), launch keys are not.
 */
export interface BurnedAlert {
  launchKey: string;
  contentSha256: string | null;
  burnedAt: number;
  burnedBy: number | null;
}

const ACTIVE = `('pending_approval', 'queued', 'running')`;

/** Alerts in this backup that still need the burn: text left, still active, or not marked. */
const NEEDING = `
  WITH burned AS (SELECT value ->> '$.launchKey' AS launch_key, value ->> '$.contentSha256' AS sha FROM json_each(?))
  SELECT a.id FROM alerts a JOIN burned b ON b.launch_key = a.launch_key AND a.content_sha256 IS b.sha
  WHERE a.voice_text <> '' OR a.sms_text <> '' OR a.state IN ${ACTIVE}
    OR NOT EXISTS (SELECT 1 FROM burn_messages m WHERE m.alert_id = a.id AND m.burned_at IS NOT NULL)`;

/**
 * Applies the burns to one backup file. Returns how many alerts needed it; a backup that needs
 * nothing is only read, never written (its time stays). Throws when the file cannot be finished
 * (a reader holds it): the next scrub tries again, since the file still needs it.
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
