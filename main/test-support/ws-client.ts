/** A console-like client over a real WebSocket on loopback: calls, the events it got, its close. */
import WebSocket from 'ws';
import { WS_PATH, type ServerFrame } from '../contract';

export type CallResult = Extract<ServerFrame, { t: 'result' }>['result'];

export interface WsTestClient {
  ws: WebSocket;
  call(method: string, input?: unknown): Promise<CallResult>;
  /** Every event received so far, in order. */
  events: Array<{ name: string; payload: unknown }>;
  /** Waits (up to ~2 s) for an event of this name; null when none came. */
  eventNamed(name: string): Promise<{ name: string; payload: unknown } | null>;
  /** Resolves with the close code once the server closed the socket. */
  closed: Promise<number>;
}

export async function wsClient(baseUrl: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + WS_PATH, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const events: WsTestClient['events'] = [];
  const pending = new Map<number, (r: CallResult) => void>();
  ws.on('message', (d) => {
    const frame = JSON.parse(String(d)) as ServerFrame;
    if (frame.t === 'event') events.push({ name: frame.name, payload: frame.payload });
    else pending.get(frame.id)?.(frame.result);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  // A call the server never answers because it closed fails instead of hanging the test.
  void closed.then((code) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { kind: 'unavailable', message: `closed (${code})`, code: 'transport.lost' } } as CallResult);
    pending.clear();
  });
  let next = 1;
  return {
    ws,
    events,
    closed,
    call: (method, input = {}) =>
      new Promise<CallResult>((resolve, reject) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ t: 'call', id, method, input }), (err) => err && reject(err));
      }),
    eventNamed: async (name) => {
      for (let i = 0; i < 100; i++) {
        const hit = events.find((e) => e.name === name);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      return null;
    },
  };
}

/** Resolves true if the promise settles within `ms`, false otherwise. */
export const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
