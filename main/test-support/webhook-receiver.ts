/**
 * Tests' webhook receiver: a real HTTP server on loopback that records every request and checks
 * it with the `standardwebhooks` library's own `verify` (never GDial's code), under the secret
 * its path was subscribed with.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  /** webhook-id */
  id: string;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Whether `Webhook.verify` accepted it under the path's secret. */
  verified: boolean;
  /** The status this receiver answered. */
  status: number;
  at: number;
}

export interface Receiver {
  url: string;
  /** Path → signing secret (set once the subscription is created). */
  secrets: Map<string, string>;
  received: ReceivedWebhook[];
  /** What to answer the n-th request (1-based) on a path (a status, or a status with headers); 200 unless changed. */
  respond: (path: string, n: number) => number | { status: number; headers: Record<string, string> };
  close(): Promise<void>;
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startReceiver(): Promise<Receiver> {
  const counts = new Map<string, number>();
  const receiver: Receiver = {
    url: '',
    secrets: new Map(),
    received: [],
    respond: () => 200,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    void bodyOf(req).then((raw) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const secret = receiver.secrets.get(path);
      let verified = false;
      try {
        if (secret) {
          new Webhook(secret).verify(raw, req.headers as Record<string, string>);
          verified = true;
        }
      } catch {
        verified = false;
      }
      const answer = receiver.respond(path, n);
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      receiver.received.push({ path, id: String(req.headers['webhook-id'] ?? ''), raw, body, verified, status, at: Date.now() });
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** Polls until `done` holds, or fails naming what did not happen. */
export async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
