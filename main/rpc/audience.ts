import type { Audience } from '../events/event-bus';
import type { Connection, SessionPeek } from './router';

/**
 * Whether an event for `audience` goes to this connection; every transport asks the same question.
 * `peekSession` must not slide the expiry (receiving events is not activity) nor read the database. Events for named
 * sessions (`tokenHashes`) reach them even after they ended: that is how `session.ended` arrives.
 * Everything else needs a live session, so a tab whose session ended, expired or whose user was
 * disabled hears nothing more, whatever its connection still remembers.
 */
export function deliversTo(conn: Connection, audience: Audience, peekSession: SessionPeek): boolean {
  const hash = conn.tokenHash;
  if (!hash) return false;
  if (audience.tokenHashes) {
    if (!audience.tokenHashes.includes(hash)) return false;
    if (audience.userId === undefined) return true;
  }
  const session = peekSession(hash);
  if (!session) return false;
  return audience.userId === undefined || session.user.id === audience.userId;
}
