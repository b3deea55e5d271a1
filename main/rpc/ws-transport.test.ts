import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, type ServerFrame } from '../contract';
import { PASSWORD, startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { SESSION_ENDED_CLOSE } from './ws-transport';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ port: 0 });
});
afterAll(() => t.stop());

/** A console-like client over a real socket on loopback. */
async function client(origin?: string) {
  const url = t.engine.url!.replace('http', 'ws') + WS_PATH;
  const ws = new WebSocket(url, origin ? { origin } : {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const frames: ServerFrame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
  let next = 1;
  const call = (method: string, input: unknown) =>
    new Promise<Extract<ServerFrame, { t: 'result' }>['result']>((resolve) => {
      const id = next++;
      const onMessage = (d: WebSocket.RawData) => {
        const frame = JSON.parse(String(d)) as ServerFrame;
        if (frame.t === 'result' && frame.id === id) {
          ws.off('message', onMessage);
          resolve(frame.result);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'call', id, method, input }));
    });
  const eventNamed = async (name: string) => {
    for (let i = 0; i < 100; i++) {
      const hit = frames.find((f) => f.t === 'event' && f.name === name);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  };
  return { ws, call, eventNamed };
}

describe('WebSocket transport', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(t.engine.host).toBe('127.0.0.1');
  });

  it('carries the contract: public first, then a session on the connection', async () => {
    const c = await client(t.engine.url!);
    expect(await c.call('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(await c.call('users.list', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    const setup = await c.call('auth.setup', { username: 'admin', displayName: 'Admin', password: PASSWORD });
    expect(setup.ok).toBe(true);
    expect(await c.call('users.list', {})).toMatchObject({ ok: true });
    // A reconnecting console resumes with its token on a new socket.
    const token = (setup as { ok: true; value: { token: string } }).value.token;
    c.ws.close();
    const again = await client(t.engine.url!);
    expect(await again.call('auth.resume', { token })).toMatchObject({ ok: true, value: { username: 'admin' } });
    expect(await again.call('users.list', {})).toMatchObject({ ok: true });
    again.ws.close();
  });

  it('refuses a page from another origin', async () => {
    await expect(client('http://evil.example')).rejects.toThrow(/403/);
  });

  it('pushes session.ended to the console of a user an admin disables', async () => {
    const admin = await client(t.engine.url!);
    await admin.call('auth.login', { username: 'admin', password: PASSWORD });
    await admin.call('users.create', { username: 'vera', displayName: 'Vera', role: 'viewer', password: PASSWORD });
    const vera = await client(t.engine.url!);
    const login = await vera.call('auth.login', { username: 'vera', password: PASSWORD });
    const id = (login as { ok: true; value: { user: { id: number } } }).value.user.id;
    const closed = new Promise<number>((resolve) => vera.ws.once('close', (code) => resolve(code)));
    await admin.call('users.update', { id, disabled: true });
    expect(await vera.eventNamed('session.ended')).toMatchObject({ payload: { reason: 'disabled' } });
    // The ended session's socket is closed: the console reconnects signed out.
    expect(await closed).toBe(SESSION_ENDED_CLOSE);
    expect(await admin.eventNamed('session.ended')).toBeNull();
    admin.ws.close();
    vera.ws.close();
  });

  it('closes a socket that sends something that is not a frame', async () => {
    const c = await client();
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
