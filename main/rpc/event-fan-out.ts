/**
 * Events from the bus to a transport's connections, and the end of sessions, the same way for
 * every transport (WebSocket, Electron IPC): an event reaches only connections it is for (see
 * audience), and a connection whose session ended (logout elsewhere, expiry, disabled user, new
 * password) hears `session.ended` once and nothing more. What a transport does after that (a
 * socket closes; a window stays and shows the sign-in) is its own `afterEnd`.
 */
import type { SessionEndListener, SessionEndReason } from '../auth/sessions';
import type { EventBus } from '../events/event-bus';
import { deliversTo } from './audience';
import type { Connection, SessionPeek } from './router';

/** How often sessions that expired while no event was sent are looked for. */
export const SESSION_SWEEP_MS = 15_000;

export interface FanOutOptions<K> {
  bus: EventBus;
  connections: () => Iterable<[K, Connection]>;
  /** The live session behind a token hash, without sliding its expiry. */
  peekSession: SessionPeek;
  /** Subscribes to sessions ending in the session store (revoked, expired). */
  sessionEnds?: (listener: SessionEndListener) => () => void;
  send: (key: K, name: string, payload: unknown) => void;
  afterEnd?: (key: K) => void;
  sweepMs?: number;
}

export function fanOutEvents<K>(opts: FanOutOptions<K>): () => void {
  const { peekSession } = opts;

  const end = (key: K, conn: Connection, reason: SessionEndReason) => {
    conn.tokenHash = null;
    opts.send(key, 'session.ended', { reason });
    opts.afterEnd?.(key);
  };

  /** Connections whose session is gone (expired or revoked without an event) end here. */
  const sweep = (reason: SessionEndReason, only?: Set<string>) => {
    for (const [key, conn] of opts.connections()) {
      const hash = conn.tokenHash;
      if (!hash || (only && !only.has(hash))) continue;
      if (!peekSession(hash)) end(key, conn, reason);
    }
  };

  const unsubscribe = opts.bus.on((name, payload, audience) => {
    // A session that expired since the last event gets nothing more.
    // (Not before `session.ended`: its sessions are gone already, and it carries the reason.)
    if (name !== 'session.ended') sweep('expired');
    for (const [key, conn] of opts.connections()) {
      if (!deliversTo(conn, audience, peekSession)) continue;
      if (name === 'session.ended') end(key, conn, (payload as { reason: SessionEndReason }).reason);
      else opts.send(key, name, payload);
    }
  });

  // Revocations happen inside the caller's transaction: act once it is over, and only on
  // sessions really gone (a rolled-back revocation leaves its connections alone). A
  // `session.ended` event with its own reason, emitted after the transaction, has then already
  // ended them.
  const unsubscribeEnds = opts.sessionEnds?.((hashes, reason) => queueMicrotask(() => sweep(reason, new Set(hashes))));

  const timer = setInterval(() => sweep('expired'), opts.sweepMs ?? SESSION_SWEEP_MS);
  timer.unref();

  return () => {
    clearInterval(timer);
    unsubscribe();
    unsubscribeEnds?.();
  };
}
