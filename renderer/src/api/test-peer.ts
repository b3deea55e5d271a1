/**
 * A stand-in engine for the transport tests: a real WebSocket server on loopback speaking the
 * contract's frames, restartable on the same port like an engine that crashed and came back.
 */
import { WebSocket, WebSocketServer } from 'ws';
import type { ClientFrame, Envelope, ServerFrame } from '@contract';
import type { SocketLike } from './ws-transport';

export type Answer = (frame: ClientFrame) => Envelope<unknown> | null;

export interface TestPeer {
  url: string;
  /** Every call received, in order, across restarts. */
  calls: ClientFrame[];
  answer: Answer;
  push(name: string, payload: unknown): void;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
  restart(): Promise<void>;
}

export const createSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;

export async function startPeer(answer: Answer): Promise<TestPeer> {
  let server: WebSocketServer;
  const calls: ClientFrame[] = [];
  const peer: TestPeer = {
    url: '',
    calls,
    answer,
    push(name, payload) {
      const frame: ServerFrame = { t: 'event', name, payload };
      for (const c of server.clients) c.send(JSON.stringify(frame));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
    async start() {
      await listen(port);
    },
    async restart() {
      await peer.stop();
      await peer.start();
    },
  };
  const listen = (p: number) =>
    new Promise<number>((resolve) => {
      server = new WebSocketServer({ host: '127.0.0.1', port: p }, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : p);
      });
      server.on('connection', (ws) => {
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as ClientFrame;
          calls.push(frame);
          const result = peer.answer(frame);
          if (result) ws.send(JSON.stringify({ t: 'result', id: frame.id, result } satisfies ServerFrame));
        });
      });
    });
  const port = await listen(0);
  peer.url = `ws://127.0.0.1:${port}/rpc`;
  return peer;
}

export function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
