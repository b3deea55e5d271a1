/**
 * No frame can stop the engine: each protocol violation, sent on a raw TCP socket after a real
 * upgrade to `npm run serve` (its own process), closes that one connection. A console connected
 * all along keeps its session and its calls, and the process keeps serving new ones.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_FRAME_BYTES, WS_PATH, type ServerFrame } from '../contract';
import { PASSWORD, removeDir, tempDir } from '../test-support/engine-fixture';
import { frame, rawUpgrade, serverClose } from '../test-support/raw-websocket';
import { startServe, type ServeProcess } from '../test-support/run-node';

let dir: string;
let serve: ServeProcess;
let steady: { ws: WebSocket; call: (method: string, input: unknown) => Promise<Extract<ServerFrame, { t: 'result' }>['result']> };

async function client() {
  const ws = new WebSocket(serve.url.replace('http', 'ws') + WS_PATH);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const call = (method: string, input: unknown) =>
    new Promise<Extract<ServerFrame, { t: 'result' }>['result']>((resolve, reject) => {
      const id = next++;
      const onMessage = (d: WebSocket.RawData) => {
        const f = JSON.parse(String(d)) as ServerFrame;
        if (f.t === 'result' && f.id === id) {
          ws.off('message', onMessage);
          resolve(f.result);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'call', id, method, input }), (err) => err && reject(err));
    });
  return { ws, call };
}

beforeAll(async () => {
  dir = tempDir();
  serve = await startServe(['--port', '0', '--data-dir', dir]);
  steady = await client();
  expect(await steady.call('auth.setup', { username: 'admin', displayName: 'Admin', password: PASSWORD })).toMatchObject({ ok: true });
}, 60_000);

afterAll(async () => {
  steady?.ws.close();
  await serve?.stop();
  removeDir(dir);
});

const text = (s: string) => Buffer.from(s, 'utf8');
const CALL = text(JSON.stringify({ t: 'call', id: 1, method: 'auth.status', input: {} }));

describe('protocol-violating WebSocket frames', () => {
  it.each([
    ['invalid UTF-8 in a text frame', () => frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0xfd])), 1007],
    ['an unmasked client frame', () => frame(0x1, CALL, { mask: false }), 1002],
    ['RSV1 set without an extension', () => frame(0x1, CALL, { rsv: 0b100 }), 1002],
    ['RSV2 and RSV3 set', () => frame(0x1, CALL, { rsv: 0b011 }), 1002],
    ['a reserved opcode', () => frame(0x3, CALL), 1002],
    ['a fragmented ping (control frames may not be split)', () => Buffer.from([0x09, 0x80, 0, 0, 0, 0]), 1002],
    ['a 2^40-byte length header', () => frame(0x2, Buffer.alloc(0), { declaredLength: 2n ** 40n }), 1009],
    ['a length beyond 2^53', () => frame(0x2, Buffer.alloc(0), { declaredLength: 2n ** 63n }), 1009],
    ['a frame one byte over the frame limit', () => frame(0x1, Buffer.alloc(WS_MAX_FRAME_BYTES + 1, 0x20)), 1009],
    ['a close frame with a forbidden code', () => frame(0x8, Buffer.from([0x03, 0xed])), 1002],
    [
      'a message in fragments that together pass the frame limit',
      () => {
        const piece = Buffer.alloc(1024 * 1024, 0x20);
        const first = frame(0x1, piece, { fin: false });
        const middle = Array.from({ length: WS_MAX_FRAME_BYTES / piece.length }, () => frame(0x0, piece, { fin: false }));
        return Buffer.concat([first, ...middle, frame(0x0, piece)]);
      },
      1009,
    ],
  ])('%s closes that connection only', async (_name, bytes, expected) => {
    const raw = await rawUpgrade(serve.url + WS_PATH);
    expect(raw.status).toBe('HTTP/1.1 101 Switching Protocols');
    const closed = serverClose(raw.socket, raw.rest);
    raw.socket.write(bytes());
    expect(await closed).toBe(expected);
    // The engine is alive: the console that was there all along still has its session…
    expect(serve.child.exitCode).toBeNull();
    expect(await steady.call('users.list', {})).toMatchObject({ ok: true });
    // …and a newcomer gets served too.
    const fresh = await client();
    expect(await fresh.call('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: false } });
    fresh.ws.close();
  });

  it('a frame just under the limit is still a frame: answered, not closed', async () => {
    const raw = await rawUpgrade(serve.url + WS_PATH);
    const padded = JSON.stringify({ t: 'call', id: 7, method: 'auth.status', input: {}, pad: ' '.repeat(WS_MAX_FRAME_BYTES - 200) });
    raw.socket.write(frame(0x1, text(padded)));
    const answer = await new Promise<string>((resolve) => {
      let data = raw.rest;
      raw.socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.includes('"t":"result"')) resolve(data.toString('utf8'));
      });
    });
    expect(answer).toContain('"id":7');
    raw.socket.destroy();
  });

  it('survives a peer that resets mid-frame and garbage instead of an upgrade', async () => {
    const raw = await rawUpgrade(serve.url + WS_PATH);
    raw.socket.write(frame(0x1, CALL).subarray(0, 5));
    raw.socket.resetAndDestroy();
    await new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(serve.url).port), '127.0.0.1', () => {
        socket.write('GET /rpc HTTP/1.1\r\nHost: \u0000\u0001\r\nUpgrade: websocket\r\n\r\n\u00ff\u00fe');
        socket.resume(); // the 400 is read, so the server's close reaches us
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
    });
    expect(serve.child.exitCode).toBeNull();
    expect(await steady.call('users.list', {})).toMatchObject({ ok: true });
    const health = await fetch(`${serve.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
