/**
 * A session that expires while nothing is being sent still has its socket closed: a periodic
 * sweep looks for ended sessions too. The transport over a real HTTP server and real WebSocket clients;
 * the session store is a map the test controls, so expiry needs no waiting for hours.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedSession } from '../auth/sessions';
import { EventBus } from '../events/event-bus';
import { silentLogger } from '../log';
import { TEST_USER } from '../test-support/user-row';
import { toUserDto } from '../users/user-dto';
import { settlesWithin, wsClient } from '../test-support/ws-client';
import { Router, type Handlers } from './router';
import { attachWebSocket, SESSION_ENDED_CLOSE, type WsTransport } from './ws-transport';

const user = TEST_USER;
const live = new Map<string, ResolvedSession>();
const peek = (hash: string) => live.get(hash) ?? null;
let server: Server;
let transport: WsTransport;
let url: string;

beforeAll(async () => {
  // Only what the test calls: signing a connection in with a token (its hash is the token here).
  const handlers = {
    'auth.resume': async (input: { token: string }, ctx: { signIn(t: string): Promise<void> }) => {
      await ctx.signIn(input.token);
      return toUserDto(user);
    },
  } as unknown as Handlers;
  const router = new Router(handlers, async (hash) => peek(hash), silentLogger());
  // The router hashes the token; the map is keyed by that hash.
  server = createServer();
  transport = attachWebSocket(server, { router, bus: new EventBus(), peekSession: peek, log: silentLogger(), sessionSweepMs: 100 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await transport.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('expiry without events', () => {
  it('closes the socket of a session that expired, and only that one', async () => {
    const { hashToken } = await import('../auth/sessions');
    for (const token of ['expiring-token', 'staying-token']) live.set(hashToken(token), { tokenHash: hashToken(token), user });
    const expiring = await wsClient(url);
    const staying = await wsClient(url);
    expect(await expiring.call('auth.resume', { token: 'expiring-token' })).toMatchObject({ ok: true, value: { username: 'vera' } });
    expect(await staying.call('auth.resume', { token: 'staying-token' })).toMatchObject({ ok: true });
    expect(await settlesWithin(expiring.closed, 300)).toBe(false);

    live.delete(hashToken('expiring-token'));
    expect(await expiring.closed).toBe(SESSION_ENDED_CLOSE);
    expect(expiring.events).toEqual([{ name: 'session.ended', payload: { reason: 'expired' } }]);
    expect(await settlesWithin(staying.closed, 300)).toBe(false);
    expect(staying.events).toEqual([]);
    staying.ws.close();
  });
});
