/**
 * The sessions table: one row per signed-in token (its SHA-256, never the token). The lookup is on
 * every request's path: one query on the primary key, joined to its user by the user's.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';
import { toUserRow, USER_COLUMNS_OF_U, type UserRow } from '../users/users-store';

export interface NewSession {
  tokenHash: string;
  userId: number;
  at: number;
  expiresAt: number;
  client: string;
}

/** A session with its user, whatever its state (the caller decides whether it is live). */
export interface SessionWithUser {
  lastSeenAt: number;
  expiresAt: number;
  user: UserRow;
}

type StoredSessionRow = Omit<UserRow, 'disabled'> & { disabled: number | boolean; sessionLastSeenAt: number; sessionExpiresAt: number };

const sessionQuery = (tokenHash: string) => sql`
  SELECT s.last_seen_at AS "sessionLastSeenAt", s.expires_at AS "sessionExpiresAt", ${USER_COLUMNS_OF_U}
  FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ${tokenHash}`;

function toSession(row: StoredSessionRow | undefined): SessionWithUser | undefined {
  if (!row) return undefined;
  const { sessionLastSeenAt, sessionExpiresAt, ...user } = row;
  return { lastSeenAt: sessionLastSeenAt, expiresAt: sessionExpiresAt, user: toUserRow(user) };
}

export async function insertSession(q: Queryable, s: NewSession): Promise<void> {
  await q.run(sql`
    INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, client)
    VALUES (${s.tokenHash}, ${s.userId}, ${s.at}, ${s.at}, ${s.expiresAt}, ${s.client})`);
}

export async function sessionByHash(q: Queryable, tokenHash: string): Promise<SessionWithUser | undefined> {
  return toSession(await q.get<StoredSessionRow>(sessionQuery(tokenHash)));
}

/** Slides a session's expiry. */
export async function touchSession(q: Queryable, tokenHash: string, at: number, expiresAt: number): Promise<void> {
  await q.run(sql`UPDATE sessions SET last_seen_at = ${at}, expires_at = ${expiresAt} WHERE token_hash = ${tokenHash}`);
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.run(sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`);
}

/** Deletes a user's sessions (all, or all but one) and says which ended. */
export async function deleteUserSessions(q: Queryable, userId: number, exceptTokenHash?: string): Promise<string[]> {
  const rows = await q.all<{ tokenHash: string }>(
    exceptTokenHash === undefined
      ? sql`DELETE FROM sessions WHERE user_id = ${userId} RETURNING token_hash AS "tokenHash"`
      : sql`DELETE FROM sessions WHERE user_id = ${userId} AND token_hash <> ${exceptTokenHash} RETURNING token_hash AS "tokenHash"`,
  );
  return rows.map((r) => r.tokenHash);
}

export async function deleteExpiredSessions(q: Queryable, at: number): Promise<string[]> {
  const rows = await q.all<{ tokenHash: string }>(sql`DELETE FROM sessions WHERE expires_at < ${at} RETURNING token_hash AS "tokenHash"`);
  return rows.map((r) => r.tokenHash);
}

/** Of these sessions, the ones still live at `at` (not expired, user not disabled), with their expiry. */
export function liveSessionExpiries(q: Queryable, tokenHashes: string[], at: number): Promise<Array<{ tokenHash: string; expiresAt: number }>> {
  return q.all(sql`
    SELECT s.token_hash AS "tokenHash", s.expires_at AS "expiresAt" FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash IN ${tokenHashes} AND s.expires_at > ${at} AND u.disabled = 0`);
}
