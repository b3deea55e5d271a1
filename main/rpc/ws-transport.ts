/**
 * The contract over WebSocket, for `serve` and extra screens. Sessions live on the connection;
 * the Origin must match the Host so a web page elsewhere cannot drive a console's engine.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, type ClientFrame, type ServerFrame } from '../contract';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log';
import { deliversTo } from './audience';
import type { Connection, Router, SessionResolver } from './router';

/** Room for the largest contact file an import accepts, base64-encoded (4/3) in a JSON frame. */
export const frameLimitFor = (importMaxMegabytes: number) => Math.ceil(importMaxMegabytes * 1.4 + 1) * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

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

export function attachWebSocket(
  server: Server,
  router: Router,
  bus: EventBus,
  resolveSession: SessionResolver,
  log: Logger,
  maxFrameBytes: number,
): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const live = new Map<WebSocket, Connection>();
  const alive = new WeakSet<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH || !originAllowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Connection = { id: randomUUID(), client: `ws ${req.socket.remoteAddress ?? '?'}`, tokenHash: null };
      live.set(ws, conn);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => live.delete(ws));
      ws.on('message', async (data) => {
        const frame = parseFrame(data);
        if (!frame) {
          ws.close(1003, 'bad frame');
          return;
        }
        const result = await router.call(conn, frame.method, frame.input);
        send(ws, { t: 'result', id: frame.id, result });
      });
    });
  });

  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const unsubscribe = bus.on((name, payload, audience) => {
    for (const [ws, conn] of live) {
      if (!deliversTo(conn, audience, resolveSession)) continue;
      send(ws, { t: 'event', name, payload });
      if (name === 'session.ended') conn.tokenHash = null;
    }
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
        unsubscribe();
        for (const ws of live.keys()) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
