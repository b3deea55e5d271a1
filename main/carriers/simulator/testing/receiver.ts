/** Test support: a real webhook receiver on loopback, standing in for GDial's webhook server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface Received {
  method: string;
  path: string;
  /** The full URL as requested, which is what Twilio signs. */
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

export interface Reply {
  status?: number;
  body?: string;
  contentType?: string;
}

export type Handler = (req: Received) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  requests: Received[];
  /** Requests whose path (query excluded) is `path`. */
  at(path: string): Received[];
  on(path: string, handler: Handler | Reply | string): void;
  /** Does the X-Twilio-Signature check out with the SDK's own validator? */
  signedBy(req: Received, authToken: string): boolean;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const handlers = new Map<string, Handler>();
  const requests: Received[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const body = Buffer.concat(chunks).toString('utf8');
      const received: Received = {
        method: req.method ?? 'GET',
        path: url.pathname,
        url: base + (req.url ?? '/'),
        params: Object.fromEntries(req.method === 'POST' ? new URLSearchParams(body) : url.searchParams),
        signature: req.headers['x-twilio-signature'] as string | undefined,
        headers: req.headers,
        at: Date.now(),
      };
      requests.push(received);
      const handler = handlers.get(url.pathname);
      void Promise.resolve(handler ? handler(received) : {}).then((reply) => {
        const text = reply.body ?? '<Response/>';
        res.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'text/xml' });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    at: (path) => requests.filter((r) => r.path === path),
    on(path, handler) {
      const fn: Handler =
        typeof handler === 'function' ? handler : typeof handler === 'string' ? () => ({ body: handler }) : () => handler;
      handlers.set(path, fn);
    },
    signedBy: (req, authToken) => twilio.validateRequest(authToken, req.signature ?? '', req.url, req.method === 'POST' ? req.params : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
