/** Bearer-token sessions. Only the token's SHA-256 is stored; the token itself lives in the client. */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/store';
import { now } from '../db/tx';
import type { UserRow } from '../users/user-dto';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  insertSession,
  liveSessionExpiries,
  sessionByHash,
  touchSession,
  type SessionWithUser,
} from './sessions-store';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ResolvedSession {
  tokenHash: string;
  user: UserRow;
  /** Who the audit log names, when not the user row itself (local administration). */
  actor?: { id: number | null; name: string };
  /** Set for an API key with an allowlist: whether it may call this method (its role is checked too). */
  mayCall?: (method: string) => boolean;
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
  /** Sessions as last resolved here, with the expiry read then (for `peekCached`). */
  private readonly seen = new Map<string, { session: ResolvedSession; expiresAt: number }>();

  constructor(
    private readonly store: Queryable,
    private readonly ttlMs: () => number,
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
    for (const hash of tokenHashes) this.seen.delete(hash);
    for (const listener of this.endListeners) listener(tokenHashes, reason);
  }

  /** The live session for a token hash, sliding its expiry; null when expired, revoked or disabled. */
  async resolve(tokenHash: string): Promise<ResolvedSession | null> {
    const at = now();
    const row = await sessionByHash(this.store, tokenHash);
    if (!isLive(row, at)) {
      this.seen.delete(tokenHash);
      return null;
    }
    let expiresAt = row.expiresAt;
    if (at - row.lastSeenAt > SLIDE_EVERY_MS) {
      expiresAt = at + this.ttlMs();
      await touchSession(this.store, tokenHash, at, expiresAt);
    }
    const session = { tokenHash, user: row.user };
    this.seen.set(tokenHash, { session, expiresAt });
    return session;
  }

  /**
   * The live session without sliding its expiry: for deciding who receives an event. Events
   * arriving must not keep an idle tab signed in forever.
   */
  async peek(tokenHash: string): Promise<ResolvedSession | null> {
    const row = await sessionByHash(this.store, tokenHash);
    return isLive(row, now()) ? { tokenHash, user: row.user } : null;
  }

  /**
   * The session as this engine last resolved it, without reading the database: who receives an
   * event is decided per event and per connection, far too often for a query each. A connection
   * resolves its session on every call, revocations here drop it at once (`ended`), and expiry is
   * checked against the time last read.
   */
  peekCached(tokenHash: string): ResolvedSession | null {
    const seen = this.seen.get(tokenHash);
    if (!seen) return null;
    if (seen.expiresAt <= now()) {
      this.seen.delete(tokenHash);
      return null;
    }
    return seen.session;
  }

  /**
   * Re-reads every session this engine has seen, in one query: those that ended meanwhile (expired,
   * revoked elsewhere, user disabled) are dropped and told to the listeners, the rest get their
   * current expiry. The engine runs this every few seconds, so `peekCached` never trails for long.
   */
  async refreshSeen(): Promise<void> {
    const hashes = [...this.seen.keys()];
    if (hashes.length === 0) return;
    const at = now();
    const rows = await liveSessionExpiries(this.store, hashes, at);
    const live = new Map(rows.map((r) => [r.tokenHash, r.expiresAt]));
    const ended: string[] = [];
    for (const hash of hashes) {
      const expiresAt = live.get(hash);
      const seen = this.seen.get(hash);
      if (expiresAt === undefined) ended.push(hash);
      else if (seen) seen.expiresAt = expiresAt;
    }
    this.ended(ended, 'expired');
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
