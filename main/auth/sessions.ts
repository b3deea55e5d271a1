/** Bearer-token sessions. Only the token's SHA-256 is stored; the token itself lives in the client. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/open';
import { sessions, users } from '../db/schema';
import { now } from '../db/tx';
import type { UserRow } from '../users/user-dto';

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

export class SessionStore {
  private readonly endListeners = new Set<SessionEndListener>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: () => number,
  ) {}

  create(userId: number, client: string): string {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    this.db
      .insert(sessions)
      .values({ tokenHash: hashToken(token), userId, createdAt: at, lastSeenAt: at, expiresAt: at + this.ttlMs(), client })
      .run();
    return token;
  }

  /**
   * Told of every session that ends here (revoked, expired), so transports can close its sockets.
   * Called synchronously, possibly inside the caller's transaction: a listener defers its work.
   */
  onEnded(listener: SessionEndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private ended(tokenHashes: string[], reason: SessionEndReason): void {
    if (tokenHashes.length === 0) return;
    for (const listener of this.endListeners) listener(tokenHashes, reason);
  }

  private live(tokenHash: string) {
    const row = this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash))
      .get();
    return !row || row.session.expiresAt <= now() || row.user.disabled ? null : row;
  }

  /**
   * The live session without sliding its expiry: for deciding who receives an event. Events
   * arriving must not keep an idle tab signed in forever.
   */
  peek(tokenHash: string): ResolvedSession | null {
    const row = this.live(tokenHash);
    return row ? { tokenHash, user: row.user } : null;
  }

  /** The live session for a token hash, sliding its expiry; null when expired, revoked or disabled. */
  resolve(tokenHash: string): ResolvedSession | null {
    const at = now();
    const row = this.live(tokenHash);
    if (!row) return null;
    // Write the sliding expiry at most once a minute: reads should not become writes.
    if (at - row.session.lastSeenAt > 60_000) {
      this.db
        .update(sessions)
        .set({ lastSeenAt: at, expiresAt: at + this.ttlMs() })
        .where(eq(sessions.tokenHash, tokenHash))
        .run();
    }
    return { tokenHash, user: row.user };
  }

  revoke(tokenHash: string, reason: SessionEndReason = 'logout'): void {
    this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    this.ended([tokenHash], reason);
  }

  /**
   * Ends every session of a user, except optionally the one making the change. The reason is
   * what listeners hear when no `session.ended` event with a better one reached the socket first.
   */
  revokeUser(userId: number, exceptTokenHash?: string, reason: SessionEndReason = 'password_changed'): string[] {
    const ended = this.db
      .select({ tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .all()
      .map((r) => r.tokenHash)
      .filter((h) => h !== exceptTokenHash);
    for (const h of ended) this.db.delete(sessions).where(eq(sessions.tokenHash, h)).run();
    this.ended(ended, reason);
    return ended;
  }

  /** Deletes expired sessions (at start and periodically) and tells the listeners which ended. */
  purgeExpired(): string[] {
    const expired = this.db
      .delete(sessions)
      .where(and(lt(sessions.expiresAt, now())))
      .returning({ tokenHash: sessions.tokenHash })
      .all()
      .map((r) => r.tokenHash);
    this.ended(expired, 'expired');
    return expired;
  }
}
