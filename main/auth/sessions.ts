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

export class SessionStore {
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

  /** The live session for a token hash, sliding its expiry; null when expired, revoked or disabled. */
  resolve(tokenHash: string): ResolvedSession | null {
    const at = now();
    const row = this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash))
      .get();
    if (!row || row.session.expiresAt <= at || row.user.disabled) return null;
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

  revoke(tokenHash: string): void {
    this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
  }

  /** Ends every session of a user, except optionally the one making the change. */
  revokeUser(userId: number, exceptTokenHash?: string): string[] {
    const ended = this.db
      .select({ tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .all()
      .map((r) => r.tokenHash)
      .filter((h) => h !== exceptTokenHash);
    for (const h of ended) this.revoke(h);
    return ended;
  }

  purgeExpired(): void {
    this.db.delete(sessions).where(and(lt(sessions.expiresAt, now()))).run();
  }
}
