/**
 * The contract over WebSocket, for `serve` and extra screens. Sessions live on the connection;
 * the Host must be one this engine answers to (DNS rebinding) and the Origin must match it, so a
 * web page elsewhere cannot drive a console's engine. Whatever a peer sends, only its own
 * connection can end: every socket has an error listener, and frames are capped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_MAX_FRAME_BYTES, WS_PATH, type ClientFrame, type ServerFrame } from '../contract';
import type { SessionEndListener } from '../auth/sessions';
import type { EventBus } from '../events/event-bus';
import { throttledWarn, type Logger } from '../log';
import { MISDIRECTED } from '../server/host-allowlist';
import { fanOutEvents } from './event-fan-out';
import type { Connection, Router, SessionPeek } from './router';

const HEARTBEAT_MS = 15_000;
/** The close code of a socket whose session ended (logout elsewhere, expiry, disabled, new password). */
export const SESSION_ENDED_CLOSE = 4001;

/** Answers a refused upgrade and lets the socket go once the answer is out (as ws does itself). */
function refuse(socket: Duplex, answer: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(answer);
}

function parseFrame(data: unknown): ClientFrame | null {
  try {
    const frame = JSON.parse(String(data)) as Partial<ClientFrame>;
    if (frame.t === 'call' && typeof frame.id === 'number' && typeof frame.method === 'string') return frame as ClientFrame;
  } catch {
    // Not JSON: dropped below.
  }
  return null;
}

export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // Not a browser (CLI, tests): the session still has to be proven.
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export interface WsTransport {
  connections(): number;
  close(): Promise<void>;
}

export interface WsOptions {
  router: Router;
  bus: EventBus;
  /** The live session behind a token hash, without sliding its expiry (events do not keep a tab signed in). */
  peekSession: SessionPeek;
  /** Subscribes to sessions that end in the session store; returns the unsubscribe. */
  sessionEnds?: (listener: SessionEndListener) => () => void;
  /** Whether a Host header names this engine (see server/host-allowlist). */
  hostAllowed?: (host: string | undefined) => boolean;
  log: Logger;
  maxFrameBytes?: number;
  /** How often sessions that expired without an event are looked for (default: each heartbeat, 15 s). */
  sessionSweepMs?: number;
}

export function attachWebSocket(server: Server, opts: WsOptions): WsTransport {
  const { router, bus, peekSession, log } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes ?? WS_MAX_FRAME_BYTES });
  const live = new Map<WebSocket, Connection>();
  const alive = new WeakSet<WebSocket>();
  // Strangers can cause these at will: logged, but never more than a few lines a minute.
  const badFrames = throttledWarn(log, 'websocket closed after a protocol error');
  const socketErrors = throttledWarn(log, 'websocket socket error');
  const refusedHosts = throttledWarn(log, 'websocket upgrade for a foreign Host refused');

  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Without this, a reset during or after the handshake is an uncaught error: the whole engine.
    socket.on('error', (error: NodeJS.ErrnoException) => socketErrors.note({ code: error.code, client: req.socket.remoteAddress }));
    if (opts.hostAllowed && !opts.hostAllowed(req.headers.host)) {
      refusedHosts.note({ host: String(req.headers.host ?? '').slice(0, 100), client: req.socket.remoteAddress });
      refuse(socket, MISDIRECTED);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH || !originAllowed(req)) {
      refuse(socket, 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Connection = { id: randomUUID(), client: `ws ${req.socket.remoteAddress ?? '?'}`, tokenHash: null };
      live.set(ws, conn);
      alive.add(ws);
      // ws closes the connection itself after a protocol error (1002, 1007, 1009): only it.
      ws.on('error', (error: Error & { code?: string }) => badFrames.note({ code: error.code, reason: error.message, client: conn.client }));
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => live.delete(ws));
      ws.on('message', async (data, isBinary) => {
        const frame = isBinary ? null : parseFrame(data);
        if (!frame) {
          ws.close(1003, 'bad frame');
          return;
        }
        const result = await router.call(conn, frame.method, frame.input);
        send(ws, { t: 'result', id: frame.id, result });
      });
    });
  });

  const stopEvents = fanOutEvents({
    bus,
    connections: () => live.entries(),
    peekSession,
    sessionEnds: opts.sessionEnds,
    send: (ws, name, payload) => send(ws, { t: 'event', name, payload } as ServerFrame),
    // The console hears why (session.ended), then the socket closes.
    afterEnd: (ws) => ws.close(SESSION_ENDED_CLOSE, 'session ended'),
    sweepMs: opts.sessionSweepMs,
  });

  // Drops connections whose peer vanished without a close (sleeping laptop, pulled cable).
  const heartbeat = setInterval(() => {
    for (const ws of live.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  log.debug({ path: WS_PATH }, 'websocket transport attached');
  return {
    connections: () => live.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        stopEvents();
        for (const throttle of [badFrames, socketErrors, refusedHosts]) throttle.flush();
        for (const ws of live.keys()) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
