/**
 * The WebSocket transport (`npm run serve`, extra screens). The engine binds a session to the
 * connection, so every (re)connect runs the handshake (resume) before queued calls go out, and
 * the socket comes back by itself with backoff when the engine restarts.
 */
import type { ClientFrame, Envelope, ServerFrame } from '@contract';
import { unavailable } from './api-error';
import { createStore } from './store';
import type { ConnectionState, Handshake, Transport } from './transport';

/** The part of the browser WebSocket we use; `ws` in tests has the same shape. */
export interface SocketLike {
  readonly readyState: number;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WsTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How long a call may wait for the engine to come back before it fails as `unavailable`. */
  queueTimeoutMs?: number;
}

const OPEN = 1;

interface Pending {
  resolve: (env: Envelope<unknown>) => void;
  reject: (err: unknown) => void;
}
interface Queued extends Pending {
  method: string;
  input: unknown;
  timer: ReturnType<typeof setTimeout>;
}

// The browser's WebSocket handlers take richer event types than SocketLike names; we only read `data`.
const browserSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;

export function wsUrlFor(location: { protocol: string; host: string }, path: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

export function createWsTransport(opts: WsTransportOptions): Transport {
  const createSocket = opts.createSocket ?? browserSocket;
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 5000;
  const queueTimeout = opts.queueTimeoutMs ?? 15_000;

  const state = createStore<ConnectionState>('reconnecting');
  const eventHandlers = new Set<(name: string, payload: unknown) => void>();
  const inFlight = new Map<number, Pending>();
  const queue: Queued[] = [];
  let handshake: Handshake = async () => {};
  let socket: SocketLike | null = null;
  let ready = false;
  let closed = false;
  let attempt = 0;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function send(s: SocketLike, method: string, input: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      inFlight.set(id, { resolve, reject });
      const frame: ClientFrame = { t: 'call', id, method, input };
      try {
        s.send(JSON.stringify(frame));
      } catch {
        inFlight.delete(id);
        reject(unavailable('The connection to the engine was lost', 'transport.lost'));
      }
    });
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'result') {
      const pending = inFlight.get(frame.id);
      inFlight.delete(frame.id);
      pending?.resolve(frame.result);
    } else if (frame.t === 'event') {
      for (const h of [...eventHandlers]) h(frame.name, frame.payload);
    }
  }

  function connect(): void {
    if (closed) return;
    const s = createSocket(opts.url);
    socket = s;
    s.onopen = () => void opened(s);
    s.onmessage = (ev) => receive(ev.data);
    s.onclose = () => dropped(s);
    s.onerror = () => {}; // a close event always follows; reconnecting happens there
  }

  async function opened(s: SocketLike): Promise<void> {
    attempt = 0;
    try {
      await handshake((method, input) => send(s, method, input));
    } catch {
      // Either the socket died mid-handshake (checked below; the next connect tries again) or
      // the resume failed, which leaves this connection signed out: calls will say so.
    }
    if (socket !== s || s.readyState !== OPEN) return;
    ready = true;
    state.set('connected');
    for (const q of queue.splice(0)) {
      clearTimeout(q.timer);
      send(s, q.method, q.input).then(q.resolve, q.reject);
    }
  }

  function dropped(s: SocketLike): void {
    if (socket !== s) return;
    socket = null;
    ready = false;
    state.set('reconnecting');
    // A call already sent may or may not have run; re-sending could do it twice, so it fails.
    for (const p of inFlight.values()) p.reject(unavailable('The connection to the engine was lost', 'transport.lost'));
    inFlight.clear();
    if (closed) return;
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt++;
    retryTimer = setTimeout(connect, delay);
  }

  connect();

  return {
    state,
    invoke(method, input) {
      if (closed) return Promise.reject(unavailable('The client is closed', 'transport.closed'));
      if (ready && socket) return send(socket, method, input);
      return new Promise((resolve, reject) => {
        const item: Queued = {
          method,
          input,
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = queue.indexOf(item);
            if (i >= 0) queue.splice(i, 1);
            reject(unavailable('The engine did not answer in time', 'transport.timeout'));
          }, queueTimeout),
        };
        queue.push(item);
      });
    },
    onEvent(handler) {
      eventHandlers.add(handler);
      return () => eventHandlers.delete(handler);
    },
    setHandshake(h) {
      handshake = h;
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      for (const q of queue.splice(0)) {
        clearTimeout(q.timer);
        q.reject(unavailable('The client is closed', 'transport.closed'));
      }
      socket?.close();
    },
  };
}
