/**
 * A burn erases a message's text from the live database, but every backup taken before the burn
 * is a copy that still holds it, and a restore would bring it back. So the same burn is applied
 * in each backup GDial keeps: the text erased with secure_delete on, through a WAL that is
 * checkpointed into the file and truncated (as the engine does with its own file), so the words
 * are gone from the backup's bytes; and the alert marked burned there (stopped if it was still
 * going out), so a restored copy neither resends an empty message nor hides that it was burned.
 */
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

// The work on each file is SQLite's (sqlite-backup-store.ts); the backup worker runs it off the engine's thread.
export { scrubBurnedText } from './sqlite-backup-store';
