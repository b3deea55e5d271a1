import type { Audience } from '../events/event-bus';
import type { Connection, SessionResolver } from './router';

/** Whether an event for `audience` goes to this connection; every transport asks the same question. */
export function deliversTo(conn: Connection, audience: Audience, resolveSession: SessionResolver): boolean {
  const hash = conn.tokenHash;
  if (!hash) return false;
  if (audience.tokenHashes && !audience.tokenHashes.includes(hash)) return false;
  if (audience.userId !== undefined && resolveSession(hash)?.user.id !== audience.userId) return false;
  return true;
}
