/**
 * A burn erases a message's text from the live database, but every backup taken before the burn
 * is a copy that still holds it, and a restore would bring it back. So the same erase runs in
 * each backup GDial keeps: with secure_delete on, through a WAL that is checkpointed into the file
 * and truncated (as the engine does with its own file), so the words are gone from the backup's
 * bytes, not only unlinked. The trail (hash, times, outcomes) stays, as in the live database.
 */
import Database from 'better-sqlite3';

/**
 * Erases the texts of the given (burned) alerts from one backup file. Returns how many alerts
 * still had text there; a backup that has none is only read, never written (its time stays).
 */
export function scrubBurnedText(file: string, alertIds: readonly number[], nativeBinding?: string): number {
  if (alertIds.length === 0) return 0;
  const ids = JSON.stringify(alertIds);
  const holding = `FROM alerts WHERE id IN (SELECT value FROM json_each(?)) AND (voice_text <> '' OR sms_text <> '')`;
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    const { n } = db.prepare(`SELECT count(*) AS n ${holding}`).get(ids) as { n: number };
    if (n === 0) return 0;
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.prepare(`UPDATE alerts SET voice_text = '', sms_text = '' WHERE id IN (SELECT id ${holding})`).run(ids);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // Back to one self-contained file, as online-backup.ts leaves every backup.
    db.pragma('journal_mode = DELETE');
    return n;
  } finally {
    db.close();
  }
}
