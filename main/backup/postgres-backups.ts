/**
 * On PostgreSQL, GDial's database lives in the server, and its backups and restore are the
 * database's own: pg_dump (or pg_basebackup) and point-in-time recovery from archived WAL, run by
 * whoever runs the server. GDial's file copies, their checks and their scrubbing are for the
 * SQLite file only; on PostgreSQL GDial says so instead of pretending to back anything up.
 */
import { describePgUrl } from '../db/open-postgres';
import { chosenDatabaseUrl } from '../db/open-store';
import type { Dialect } from '../db/store';
import { AppError } from '../errors';

export const POSTGRES_OWN_BACKUPS = 'backup.postgres_own';

/** The one sentence the console, the engine's log and the CLI say (Swedish in the console, see i18n). */
export const POSTGRES_BACKUPS_TEXT =
  "GDial runs on PostgreSQL: backups and restore are the database's own tools (pg_dump, point-in-time recovery, PITR); GDial makes no copies of its own.";

/** Whether GDial's own file backups apply to a database of this dialect. */
export function ownBackupsApply(dialect: Dialect): boolean {
  return dialect === 'sqlite';
}

/** The refusal of a backup, restore or backup list on PostgreSQL; nothing was changed. */
export function postgresOwnsBackups(what: 'backup' | 'restore' | 'list', where: string): AppError {
  const asked = what === 'restore' ? 'Restore a PostgreSQL database with its own tools (pg_restore, or point-in-time recovery)' : 'Back up the PostgreSQL database with its own tools (pg_dump, or base backups with WAL archiving for point-in-time recovery)';
  return new AppError('unavailable', `${POSTGRES_BACKUPS_TEXT} ${asked}: ${where}. Nothing was changed.`, {
    code: POSTGRES_OWN_BACKUPS,
    params: { where },
  });
}

/**
 * For the admin commands: when the environment chooses PostgreSQL (GDIAL_DATABASE_URL), a
 * backup or restore of GDial's file is refused, saying what to use instead; nothing is touched.
 */
export function refuseOnPostgres(what: 'backup' | 'restore', env: Record<string, string | undefined>): void {
  const url = chosenDatabaseUrl(undefined, env);
  if (url) throw postgresOwnsBackups(what, describePgUrl(url));
}
