import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { createSocket, startPeer, until } from './test-peer';
import type { TestPeer } from './test-peer';
import type { Transport } from './transport';
import { createWsTransport } from './ws-transport';

const echo = (frame: { method: string; input: unknown }) =>
  frame.method === 'hang' ? null : { ok: true as const, value: { method: frame.method, input: frame.input } };

let peer: TestPeer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  transport?.close();
  await peer?.stop();
});

function connect(url: string, queueTimeoutMs = 3000): Transport {
  transport = createWsTransport({ url, createSocket, minDelayMs: 20, maxDelayMs: 100, queueTimeoutMs });
  return transport;
}

describe('WebSocket transport', () => {
  it('holds calls made before the socket is open and sends them after the handshake', async () => {
    peer = await startPeer(echo);
    const t = connect(peer.url);
    t.setHandshake(async (invoke) => {
      await invoke('auth.resume', { token: 'tok' });
    });
    expect(t.state.get()).toBe('reconnecting');
    const answer = await t.invoke('system.info', {});
    expect(answer).toEqual({ ok: true, value: { method: 'system.info', input: {} } });
    expect(peer.calls.map((c) => c.method)).toEqual(['auth.resume', 'system.info']);
    expect(t.state.get()).toBe('connected');
  });

  it('reconnects by itself when the engine restarts, resuming before anything else', async () => {
    peer = await startPeer(echo);
    const p = peer;
    const t = connect(p.url);
    t.setHandshake(async (invoke) => {
      await invoke('auth.resume', { token: 'tok' });
    });
    await t.invoke('system.info', {});

    await p.stop();
    await until(() => t.state.get() === 'reconnecting');
    const waiting = t.invoke('templates.list', {});
    await p.start();
    await expect(waiting).resolves.toMatchObject({ ok: true });
    expect(t.state.get()).toBe('connected');
    expect(p.calls.map((c) => c.method)).toEqual(['auth.resume', 'system.info', 'auth.resume', 'templates.list']);
  });

  it('fails a call that was in flight when the connection dropped, rather than sending it twice', async () => {
    peer = await startPeer(echo);
    const t = connect(peer.url);
    await t.invoke('system.info', {});
    const inFlight = t.invoke('hang', {});
    await until(() => peer!.calls.some((c) => c.method === 'hang'));
    await peer.restart();
    const err = await inFlight.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'unavailable', code: 'transport.lost' });
    await until(() => t.state.get() === 'connected');
    expect(peer.calls.filter((c) => c.method === 'hang')).toHaveLength(1);
  });

  it('gives up on a waiting call as unavailable when the engine stays away', async () => {
    peer = await startPeer(echo);
    const url = peer.url;
    await peer.stop();
    peer = undefined;
    const t = connect(url, 200);
    const err = await t.invoke('system.info', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unavailable', code: 'transport.timeout' });
  });

  it('delivers pushed events', async () => {
    peer = await startPeer(echo);
    const t = connect(peer.url);
    const seen: [string, unknown][] = [];
    t.onEvent((name, payload) => seen.push([name, payload]));
    await t.invoke('system.info', {});
    peer.push('session.ended', { reason: 'logout' });
    await until(() => seen.length === 1);
    expect(seen).toEqual([['session.ended', { reason: 'logout' }]]);
  });
});
