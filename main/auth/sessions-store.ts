/**
 * The sessions table: one row per signed-in token (its SHA-256, never the token). The lookup is on
 * every request's path: one query on the primary key, joined to its user by the user's.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
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

// Legacy twin until every caller is async (issue 13). The router and the event fan-out ask for a
// session synchronously (rpc/router.ts, rpc/audience.ts); on SQLite this reads the same connection.
export function sessionByHashSync(db: Db, tokenHash: string): SessionWithUser | undefined {
  return toSession(db.get<StoredSessionRow>(sessionQuery(tokenHash)));
}

// Legacy twin until every caller is async (issue 13).
export function touchSessionSync(db: Db, tokenHash: string, at: number, expiresAt: number): void {
  db.run(sql`UPDATE sessions SET last_seen_at = ${at}, expires_at = ${expiresAt} WHERE token_hash = ${tokenHash}`);
}
