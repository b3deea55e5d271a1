/**
 * The users table: accounts, roles, and the sign-in counters the lock-out keeps. Rows come back
 * typed, with the `disabled` flag as a boolean (0/1 in both schemas).
 */
import { sql, type SQL } from 'drizzle-orm';
import { binaryText } from '../db/dialect-sql';
import type { Queryable } from '../db/store';

export type Role = 'viewer' | 'operator' | 'admin';
export type Language = 'sv' | 'en';
export type ColorScheme = 'light' | 'dark' | 'auto';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: number | null;
  language: Language;
  colorScheme: ColorScheme;
  lastLoginAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** As the database returns it: the flag as 0/1. */
type StoredUser = Omit<UserRow, 'disabled'> & { disabled: number | boolean };

const USER_COLUMNS = sql.raw(`id, username, display_name AS "displayName", role, password_hash AS "passwordHash",
  disabled, failed_logins AS "failedLogins", locked_until AS "lockedUntil", language, color_scheme AS "colorScheme",
  last_login_at AS "lastLoginAt", created_at AS "createdAt", updated_at AS "updatedAt"`);

/** The user columns of a joined row (`u.` prefixed), for the session lookup. */
export const USER_COLUMNS_OF_U = sql.raw(`u.id, u.username, u.display_name AS "displayName", u.role, u.password_hash AS "passwordHash",
  u.disabled, u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil", u.language, u.color_scheme AS "colorScheme",
  u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt"`);

export function toUserRow<T extends StoredUser>(row: T): Omit<T, 'disabled'> & { disabled: boolean } {
  return { ...row, disabled: row.disabled === 1 || row.disabled === true };
}

const maybeUser = (row: StoredUser | undefined): UserRow | undefined => (row ? toUserRow(row) : undefined);

export async function countUsers(q: Queryable): Promise<number> {
  const row = await q.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM users`);
  return Number(row?.n ?? 0);
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  const rows = await q.all<StoredUser>(sql`SELECT ${USER_COLUMNS} FROM users ORDER BY ${binaryText(q.dialect, sql`username`)}`);
  return rows.map(toUserRow);
}

export async function userById(q: Queryable, id: number): Promise<UserRow | undefined> {
  return maybeUser(await q.get<StoredUser>(sql`SELECT ${USER_COLUMNS} FROM users WHERE id = ${id}`));
}

export async function userByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  return maybeUser(await q.get<StoredUser>(sql`SELECT ${USER_COLUMNS} FROM users WHERE username = ${username}`));
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  language: Language;
  createdAt: number;
  lastLoginAt?: number | null;
}

export async function insertUser(q: Queryable, u: NewUser): Promise<UserRow> {
  const row = await q.get<StoredUser>(sql`
    INSERT INTO users (username, display_name, role, password_hash, language, created_at, updated_at, last_login_at)
    VALUES (${u.username}, ${u.displayName}, ${u.role}, ${u.passwordHash}, ${u.language}, ${u.createdAt}, ${u.createdAt}, ${u.lastLoginAt ?? null})
    RETURNING ${USER_COLUMNS}`);
  if (!row) throw new Error('insertUser: no row');
  return toUserRow(row);
}

/** What an admin (users.update) or the user (profile.update) may change, and nothing else. */
export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  language?: Language;
  colorScheme?: ColorScheme;
}

const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  disabled: 'disabled',
  language: 'language',
  colorScheme: 'color_scheme',
};

/** Applies the keys the patch names (undefined ones are left alone); undefined when there is no such user. */
export async function updateUser(q: Queryable, id: number, patch: UserPatch, at: number): Promise<UserRow | undefined> {
  const set: SQL[] = [sql`updated_at = ${at}`];
  for (const key of Object.keys(PATCH_COLUMNS) as Array<keyof UserPatch>) {
    const value = patch[key];
    if (value !== undefined) set.push(sql`${sql.raw(PATCH_COLUMNS[key])} = ${value}`);
  }
  return maybeUser(await q.get<StoredUser>(sql`UPDATE users SET ${sql.join(set, sql`, `)} WHERE id = ${id} RETURNING ${USER_COLUMNS}`));
}

/** Active admins other than this user: the last one can never be demoted or disabled. */
export async function otherActiveAdmins(q: Queryable, id: number): Promise<number> {
  const row = await q.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ${id}`);
  return Number(row?.n ?? 0);
}

/** A new password also lifts a lock and clears the failure count. */
export async function setUserPassword(q: Queryable, id: number, passwordHash: string, at: number): Promise<void> {
  await q.run(sql`UPDATE users SET password_hash = ${passwordHash}, failed_logins = 0, locked_until = NULL, updated_at = ${at} WHERE id = ${id}`);
}

/** The own password changed: the counters stay as they are (the user is signed in). */
export async function changeOwnPassword(q: Queryable, id: number, passwordHash: string, at: number): Promise<void> {
  await q.run(sql`UPDATE users SET password_hash = ${passwordHash}, updated_at = ${at} WHERE id = ${id}`);
}

export async function unlockUser(q: Queryable, id: number, at: number): Promise<UserRow | undefined> {
  return maybeUser(
    await q.get<StoredUser>(sql`UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = ${at} WHERE id = ${id} RETURNING ${USER_COLUMNS}`),
  );
}

/** A good sign-in: the count starts over and the lock (if its time passed) goes. */
export async function recordLogin(q: Queryable, id: number, at: number): Promise<UserRow | undefined> {
  return maybeUser(
    await q.get<StoredUser>(
      sql`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ${at} WHERE id = ${id} RETURNING ${USER_COLUMNS}`,
    ),
  );
}

/**
 * Counts one failed sign-in in the database itself (`failed_logins + 1`), unless the account is
 * locked now; a lock whose time has passed starts a new count. Undefined when it was locked (not
 * counted); else the failures so far.
 */
export async function countFailedLogin(q: Queryable, id: number, at: number): Promise<number | undefined> {
  const lockOver = sql`locked_until IS NOT NULL AND locked_until <= ${at}`;
  const row = await q.get<{ failures: number }>(sql`
    UPDATE users SET
      failed_logins = CASE WHEN ${lockOver} THEN 1 ELSE failed_logins + 1 END,
      locked_until = CASE WHEN ${lockOver} THEN NULL ELSE locked_until END
    WHERE id = ${id} AND (locked_until IS NULL OR locked_until <= ${at})
    RETURNING failed_logins AS "failures"`);
  return row?.failures;
}

export async function lockUser(q: Queryable, id: number, until: number): Promise<void> {
  await q.run(sql`UPDATE users SET locked_until = ${until} WHERE id = ${id}`);
}
