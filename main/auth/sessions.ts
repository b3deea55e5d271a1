/** Bearer-token sessions. Only the token's SHA-256 is stored; the token itself lives in the client. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open';
import type { Queryable } from '../db/store';
import { now } from '../db/tx';
import type { UserRow } from '../users/user-dto';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  insertSession,
  sessionByHash,
  sessionByHashSync,
  touchSession,
  touchSessionSync,
  type SessionWithUser,
} from './sessions-store';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ResolvedSession {
  tokenHash: string;
  user: UserRow;
  /** Who the audit log names, when not the user row itself (local administration). */
  actor?: { id: number | null; name: string };
}

/** Why a session ended; the same words as the `session.ended` event. */
export type SessionEndReason = 'logout' | 'disabled' | 'expired' | 'password_changed';
export type SessionEndListener = (tokenHashes: string[], reason: SessionEndReason) => void;

/** Write the sliding expiry at most once a minute: reads should not become writes. */
const SLIDE_EVERY_MS = 60_000;

const isLive = (row: SessionWithUser | undefined, at: number): row is SessionWithUser =>
  row !== undefined && row.expiresAt > at && !row.user.disabled;

export class SessionStore {
  private readonly endListeners = new Set<SessionEndListener>();

  constructor(
    private readonly store: Queryable,
    private readonly ttlMs: () => number,
    /** The legacy connection, for the synchronous lookups of the router and the event fan-out (SQLite only). */
    private readonly legacyDb: Db | null = null,
  ) {}

  /** A new session for the user; `q` is the unit it belongs to, if any. */
  async create(userId: number, client: string, q: Queryable = this.store): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    await insertSession(q, { tokenHash: hashToken(token), userId, at, expiresAt: at + this.ttlMs(), client });
    return token;
  }

  /**
   * Told of every session that ends here (revoked, expired), so transports can close its sockets.
   * Called once the change is committed (a rolled-back revocation ends nothing).
   */
  onEnded(listener: SessionEndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Tells the listeners; callers that revoked inside a unit call this after it committed. */
  ended(tokenHashes: string[], reason: SessionEndReason): void {
    if (tokenHashes.length === 0) return;
    for (const listener of this.endListeners) listener(tokenHashes, reason);
  }

  /** The live session for a token hash, sliding its expiry; null when expired, revoked or disabled. */
  async resolve(tokenHash: string): Promise<ResolvedSession | null> {
    const at = now();
    const row = await sessionByHash(this.store, tokenHash);
    if (!isLive(row, at)) return null;
    if (at - row.lastSeenAt > SLIDE_EVERY_MS) await touchSession(this.store, tokenHash, at, at + this.ttlMs());
    return { tokenHash, user: row.user };
  }

  /**
   * The live session without sliding its expiry: for deciding who receives an event. Events
   * arriving must not keep an idle tab signed in forever.
   */
  async peek(tokenHash: string): Promise<ResolvedSession | null> {
    const row = await sessionByHash(this.store, tokenHash);
    return isLive(row, now()) ? { tokenHash, user: row.user } : null;
  }

  private legacy(): Db {
    if (!this.legacyDb) throw new Error('synchronous session lookups need the SQLite connection (issue 13: the router is not async yet)');
    return this.legacyDb;
  }

  // Legacy twin until every caller is async (issue 13): the router's SessionResolver is synchronous.
  resolveSync(tokenHash: string): ResolvedSession | null {
    const at = now();
    const row = sessionByHashSync(this.legacy(), tokenHash);
    if (!isLive(row, at)) return null;
    if (at - row.lastSeenAt > SLIDE_EVERY_MS) touchSessionSync(this.legacy(), tokenHash, at, at + this.ttlMs());
    return { tokenHash, user: row.user };
  }

  // Legacy twin until every caller is async (issue 13): the event fan-out peeks synchronously.
  peekSync(tokenHash: string): ResolvedSession | null {
    const row = sessionByHashSync(this.legacy(), tokenHash);
    return isLive(row, now()) ? { tokenHash, user: row.user } : null;
  }

  /** Deletes one session inside the caller's unit; the caller tells the listeners after it. */
  async revoke(q: Queryable, tokenHash: string): Promise<void> {
    await deleteSession(q, tokenHash);
  }

  /**
   * Deletes every session of a user, except optionally the one making the change, inside the
   * caller's unit, and returns which ended; the caller tells the listeners (`ended`) after it.
   */
  revokeUser(q: Queryable, userId: number, exceptTokenHash?: string): Promise<string[]> {
    return deleteUserSessions(q, userId, exceptTokenHash);
  }

  /** Deletes expired sessions (at start and periodically) and tells the listeners which ended. */
  async purgeExpired(): Promise<string[]> {
    const expired = await deleteExpiredSessions(this.store, now());
    this.ended(expired, 'expired');
    return expired;
  }
}
