/** The end-to-end check against the real receiver, through real loopback proxies: each way it can fail reads differently. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookServer } from '../webhooks/webhook-server';
import { checkPublicUrl, SIGNATURE_REFUSED } from './health-check';
import { startLoopbackProxy, type LoopbackProxy } from './testing/loopback-proxy';
import { deadPort, startReceiver } from './testing/receiver';

const TOKEN = 'carrier-auth-token-for-tests';
let receiver: WebhookServer;
let bases: string[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  receiver = await startReceiver({ authToken: TOKEN, publicBases: () => bases });
});
afterAll(() => receiver.close());
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  bases = [];
});

async function proxy(opts: Omit<Parameters<typeof startLoopbackProxy>[0], 'target'>): Promise<LoopbackProxy> {
  const p = await startLoopbackProxy({ target: receiver.url, ...opts });
  closers.push(p.close);
  return p;
}

async function other(listener: RequestListener): Promise<string> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('checkPublicUrl', () => {
  it('is healthy through a reverse proxy that serves GDial under a path prefix', async () => {
    const p = await proxy({ prefix: '/gdial' });
    const base = `${p.url}/gdial`;
    bases = [base];
    const health = await checkPublicUrl({ base, authToken: TOKEN });
    expect(health).toMatchObject({ ok: true, error: null });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(health.checkedAt)).not.toBeNaN();
    expect(p.seen).toEqual(['/gdial/twilio/health']);
  });

  it('is not healthy when signed with a token the receiver does not accept', async () => {
    const p = await proxy({ prefix: '/gdial' });
    bases = [`${p.url}/gdial`];
    const health = await checkPublicUrl({ base: `${p.url}/gdial`, authToken: 'some-other-token' });
    expect(health).toMatchObject({ ok: false, error: SIGNATURE_REFUSED });
  });

  it('explains a refused signature when the proxy rewrites the path (here: adds a trailing slash)', async () => {
    const p = await proxy({ prefix: '/gdial', rewrite: (path) => path.replace(/^([^?]*)/, '$1/') });
    bases = [`${p.url}/gdial`];
    const health = await checkPublicUrl({ base: `${p.url}/gdial`, authToken: TOKEN });
    expect(health.ok).toBe(false);
    expect(health.error).toBe(SIGNATURE_REFUSED);
    expect(health.error).toContain('does not accept our signature');
    expect(health.latencyMs).not.toBeNull();
  });

  it('says the path leads nowhere when the prefix is wrong', async () => {
    const p = await proxy({ prefix: '/gdial' });
    bases = [`${p.url}/wrong`];
    const health = await checkPublicUrl({ base: `${p.url}/wrong`, authToken: TOKEN });
    expect(health).toMatchObject({ ok: false });
    expect(health.error).toMatch(/HTTP 404 — its path does not lead to GDial/);
  });

  it('says nothing accepts connections when no proxy runs', async () => {
    const health = await checkPublicUrl({ base: `http://127.0.0.1:${await deadPort()}`, authToken: TOKEN });
    expect(health).toMatchObject({ ok: false, latencyMs: null });
    expect(health.error).toMatch(/^cannot reach the public URL: nothing accepts connections at 127\.0\.0\.1:\d+/);
  });

  it('says something else answers when another server replies 200', async () => {
    const base = await other((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>It works!</h1>'));
    const health = await checkPublicUrl({ base, authToken: TOKEN });
    expect(health).toMatchObject({ ok: false });
    expect(health.error).toMatch(/^something else answers at the public URL/);
  });

  it('reports a gateway error as a proxy that cannot reach GDial', async () => {
    const p = await startLoopbackProxy({ target: `http://127.0.0.1:${await deadPort()}` });
    closers.push(p.close);
    const health = await checkPublicUrl({ base: p.url, authToken: TOKEN });
    expect(health.error).toMatch(/HTTP 502 — the tunnel or proxy is up but cannot reach GDial/);
  });

  it('does not follow a redirect: Twilio signs the exact URL', async () => {
    const base = await other((_req, res) => res.writeHead(301, { Location: 'https://gdial.example.org/twilio/health' }).end());
    const health = await checkPublicUrl({ base, authToken: TOKEN });
    expect(health.error).toMatch(/redirects \(HTTP 301 to https:\/\/gdial\.example\.org\/twilio\/health\)/);
  });

  it('gives up after the timeout when the URL never answers', async () => {
    const base = await other(() => undefined);
    const health = await checkPublicUrl({ base, authToken: TOKEN, timeoutMs: 300 });
    expect(health).toMatchObject({ ok: false, latencyMs: null });
    expect(health.error).toMatch(/^no answer from the public URL within 0\.3 s/);
  });

  it('names a DNS failure (as fetch reports it; no resolver is reachable from the tests)', async () => {
    const fetchImpl = (() =>
      Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND gdial.example.invalid'), { code: 'ENOTFOUND' }) }),
      )) as typeof fetch;
    const health = await checkPublicUrl({ base: 'https://gdial.example.invalid', authToken: TOKEN, fetchImpl });
    expect(health.error).toBe(
      "cannot reach the public URL: the name gdial.example.invalid cannot be looked up (DNS) — check the URL and this computer's internet connection",
    );
  });
});
