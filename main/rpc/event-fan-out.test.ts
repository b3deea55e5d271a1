/**
 * The one way events reach connections and sessions end, for every transport (the WebSocket and
 * the desktop's IPC bridge both use it). Sessions here are a map the test controls, so expiry
 * needs no waiting for hours.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedSession, SessionEndListener } from '../auth/sessions';
import { EventBus } from '../events/event-bus';
import { TEST_USER } from '../test-support/user-row';
import { toUserDto } from '../users/user-dto';
import { fanOutEvents } from './event-fan-out';
import type { Connection } from './router';

const user = TEST_USER;

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function setup() {
  const live = new Map<string, ResolvedSession>();
  for (const hash of ['a', 'b']) live.set(hash, { tokenHash: hash, user });
  const connections = new Map<string, Connection>([
    ['window A', { id: '1', client: 'ipc', tokenHash: 'a' }],
    ['window B', { id: '2', client: 'ipc', tokenHash: 'b' }],
  ]);
  const sent: Array<[string, string, unknown]> = [];
  const ended: string[] = [];
  let endListener: SessionEndListener = () => undefined;
  const bus = new EventBus();
  stops.push(
    fanOutEvents({
      bus,
      connections: () => connections.entries(),
      peekSession: (hash) => live.get(hash) ?? null,
      sessionEnds: (listener) => {
        endListener = listener;
        return () => undefined;
      },
      send: (key, name, payload) => sent.push([key, name, payload]),
      afterEnd: (key) => ended.push(key),
      sweepMs: 20,
    }),
  );
  return { live, connections, sent, ended, bus, endSession: (hashes: string[], reason: Parameters<SessionEndListener>[1]) => endListener(hashes, reason) };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('event fan-out', () => {
  it('ends a session that expired while nothing was sent, once, and only that one', async () => {
    const t = setup();
    t.live.delete('a');
    await until(() => t.ended.length > 0);
    expect(t.sent).toEqual([['window A', 'session.ended', { reason: 'expired' }]]);
    expect(t.connections.get('window A')!.tokenHash).toBeNull();
    // Later sweeps and events leave it alone; the live window still gets its events.
    await new Promise((resolve) => setTimeout(resolve, 60));
    t.bus.emit('session.user', toUserDto(user));
    expect(t.sent.slice(1)).toEqual([['window B', 'session.user', toUserDto(user)]]);
    expect(t.ended).toEqual(['window A']);
  });

  it('ends a session revoked in the store (logout elsewhere) with its reason, after the revoking transaction', async () => {
    const t = setup();
    t.live.delete('b');
    t.endSession(['b'], 'logout');
    // Acted on once the caller's transaction is over, not inside it.
    expect(t.sent).toEqual([]);
    await Promise.resolve();
    expect(t.sent).toEqual([['window B', 'session.ended', { reason: 'logout' }]]);
    expect(t.ended).toEqual(['window B']);
  });

  it('leaves a session whose revocation was rolled back', async () => {
    const t = setup();
    t.endSession(['a'], 'logout');
    await Promise.resolve();
    expect(t.sent).toEqual([]);
    expect(t.connections.get('window A')!.tokenHash).toBe('a');
  });
});
