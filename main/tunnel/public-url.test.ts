/** The manager the engine uses, over real HTTP on loopback: the real receiver, real proxies, a fake ngrok edge. */
import pino from 'pino';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../log';
import type { WebhookServer } from '../webhooks/webhook-server';
import { SIGNATURE_REFUSED } from './health-check';
import { NGROK_AUTHTOKEN_MISSING, type NgrokLike } from './ngrok-tunnel';
import { PublicUrl, type PublicUrlStatus } from './public-url';
import { fakeNgrok } from './testing/fake-ngrok';
import { startLoopbackProxy, type LoopbackProxy } from './testing/loopback-proxy';
import { deadPort, startReceiver } from './testing/receiver';

const TOKEN = 'carrier-auth-token-for-tests';
const NGROK_TOKEN = '2xyzNGROKtokenForTests_abcdefghijklmnop';
let receiver: WebhookServer;
let manager: PublicUrl | null = null;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  receiver = await startReceiver({ authToken: TOKEN, publicBases: () => manager?.basesForSignature() ?? [] });
});
afterAll(() => receiver.close());
afterEach(async () => {
  await manager?.stop();
  manager = null;
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function proxy(opts: { prefix?: string; rewrite?: (path: string) => string } = {}): Promise<LoopbackProxy> {
  const p = await startLoopbackProxy({ target: receiver.url, ...opts });
  closers.push(p.close);
  return p;
}

function make(initial: { tunnel?: 'off' | 'ngrok'; publicUrl?: string; ngrokDomain?: string }, extra: { ngrok?: NgrokLike; log?: Logger; now?: () => number; ngrokStartTimeoutMs?: number } = {}) {
  const settings = { tunnel: 'off' as 'off' | 'ngrok', publicUrl: '', ngrokDomain: '', ...initial };
  const secret = { ngrok: NGROK_TOKEN as string | null };
  const changes: PublicUrlStatus[] = [];
  const pu = new PublicUrl({
    settings: () => settings,
    ngrokAuthtoken: () => secret.ngrok,
    listening: () => receiver.url,
    localPort: () => Number(new URL(receiver.url).port),
    authToken: () => TOKEN,
    onChange: (status) => changes.push(status),
    log: extra.log ?? silentLogger(),
    ngrok: extra.ngrok,
    now: extra.now,
    ngrokStartTimeoutMs: extra.ngrokStartTimeoutMs ?? 60_000,
  });
  manager = pu;
  return { pu, settings, secret, changes, last: () => changes.at(-1) };
}

describe('PublicUrl with the admin’s own URL', () => {
  it('uses the URL without its trailing slash and is healthy through a prefixing proxy', async () => {
    const p = await proxy({ prefix: '/gdial' });
    const { pu, last } = make({ publicUrl: `${p.url}/gdial/` });
    await pu.start();
    expect(pu.base()).toBe(`${p.url}/gdial`);
    expect(pu.basesForSignature()).toEqual([`${p.url}/gdial`, receiver.url]);
    const health = await pu.check();
    expect(health).toMatchObject({ ok: true, error: null });
    expect(pu.status()).toEqual({ listening: receiver.url, tunnel: 'off', tunnelState: 'off', tunnelError: null, publicUrl: `${p.url}/gdial`, health });
    expect(last()).toEqual(pu.status());
  });

  it('is not healthy behind a proxy that rewrites the path, and says why', async () => {
    const p = await proxy({ prefix: '/gdial', rewrite: (path) => `${path}/` });
    const { pu, last } = make({ publicUrl: `${p.url}/gdial` });
    await pu.start();
    const health = await pu.check();
    expect(health).toMatchObject({ ok: false, error: SIGNATURE_REFUSED });
    expect(last()?.health).toEqual(health);
  });

  it('starts when nothing answers at the URL; the check says nothing accepts connections', async () => {
    const { pu } = make({ publicUrl: `http://127.0.0.1:${await deadPort()}` });
    await pu.start();
    expect(pu.status()).toMatchObject({ tunnelState: 'off', tunnelError: null });
    const health = await pu.check();
    expect(health.ok).toBe(false);
    expect(health.error).toContain('nothing accepts connections');
  });

  it('records an unusable URL as the tunnel error and goes on without a public URL', async () => {
    const { pu } = make({ publicUrl: 'https://gdial.example.org/hooks?site=1' });
    await expect(pu.start()).resolves.toBeUndefined();
    expect(pu.status()).toMatchObject({ tunnelState: 'error', tunnelError: 'the public URL must not contain ? or #', publicUrl: null });
    expect((await pu.check()).error).toBe('no public URL: the public URL must not contain ? or #');
  });

  it('has no public URL when none is configured: only loopback signatures, nothing to check', async () => {
    const { pu } = make({});
    await pu.start();
    expect(pu.base()).toBeNull();
    expect(pu.basesForSignature()).toEqual([receiver.url]);
    expect(await pu.checkIfStale(60_000)).toBeNull();
    expect((await pu.check()).error).toMatch(/^GDial has no public URL/);
  });

  it('reuses a recent check for the pre-flight and repeats a stale one', async () => {
    const p = await proxy();
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { pu } = make({ publicUrl: p.url }, { now: () => now });
    await pu.start();
    const first = await pu.checkIfStale(60_000);
    now += 30_000;
    expect(await pu.checkIfStale(60_000)).toBe(first);
    expect(p.seen).toHaveLength(1);
    now += 60_000;
    const again = await pu.checkIfStale(60_000);
    expect(again).toMatchObject({ ok: true, checkedAt: '2025-03-01T10:01:30.000Z' });
    expect(p.seen).toHaveLength(2);
  });
});

describe('PublicUrl with ngrok', () => {
  it('opens the tunnel to the receiver with the authtoken and domain, and is healthy through it', async () => {
    const fake = fakeNgrok();
    const { pu, changes } = make({ tunnel: 'ngrok', ngrokDomain: 'gdial-kommun.ngrok.app' }, { ngrok: fake.ngrok });
    await pu.start();
    expect(fake.calls).toEqual([
      expect.objectContaining({ addr: `127.0.0.1:${new URL(receiver.url).port}`, authtoken: NGROK_TOKEN, domain: 'gdial-kommun.ngrok.app' }),
    ]);
    expect(pu.base()).toBe(fake.listeners[0]!.url);
    expect(changes.map((c) => c.tunnelState)).toEqual(['starting', 'up']);
    expect(await pu.check()).toMatchObject({ ok: true });
    expect(pu.status()).toMatchObject({ tunnel: 'ngrok', tunnelState: 'up', publicUrl: fake.listeners[0]!.url, health: { ok: true } });
  });

  it('starts without an authtoken: the tunnel is in error with where to set it, GDial goes on', async () => {
    const fake = fakeNgrok();
    const { pu, secret, last } = make({ tunnel: 'ngrok' }, { ngrok: fake.ngrok });
    secret.ngrok = null;
    await expect(pu.start()).resolves.toBeUndefined();
    expect(pu.status()).toMatchObject({ tunnel: 'ngrok', tunnelState: 'error', tunnelError: NGROK_AUTHTOKEN_MISSING, publicUrl: null });
    expect(last()?.tunnelError).toBe(NGROK_AUTHTOKEN_MISSING);
    expect(pu.basesForSignature()).toEqual([receiver.url]);
    expect(fake.calls).toHaveLength(0);
  });

  it('reports an ngrok failure in operator words and never logs or shows the authtoken', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const fail = Object.assign(new Error(`authentication failed: The authtoken you specified is properly formed, but it is invalid. Your authtoken: ${NGROK_TOKEN}\n\nerror_code: ERR_NGROK_107`), { errorCode: 'ERR_NGROK_107' });
    const { pu } = make({ tunnel: 'ngrok' }, { ngrok: fakeNgrok({ fail }).ngrok, log });
    await pu.start();
    expect(pu.status().tunnelError).toMatch(/^ngrok refused the authtoken \(ERR_NGROK_107\)/);
    expect(lines.join('\n')).toContain('ERR_NGROK_107');
    expect(lines.join('\n') + JSON.stringify(pu.status())).not.toContain(NGROK_TOKEN);
  });

  it('moving from ngrok to an own URL closes the tunnel and keeps its base valid for calls in flight', async () => {
    const fake = fakeNgrok();
    const p = await proxy();
    const { pu, settings, last } = make({ tunnel: 'ngrok' }, { ngrok: fake.ngrok });
    await pu.start();
    const ngrokBase = pu.base()!;
    await pu.check();
    Object.assign(settings, { tunnel: 'off', publicUrl: p.url });
    await pu.reconfigure();
    expect(fake.listeners[0]!.closed).toBe(true);
    expect(pu.basesForSignature()).toEqual([p.url, receiver.url, ngrokBase]);
    expect(last()).toMatchObject({ tunnel: 'off', tunnelState: 'off', publicUrl: p.url, health: null });
    // A callback signed for the old ngrok URL (a call placed before the switch) is still accepted.
    const params = { Nonce: 'in-flight' };
    const res = await fetch(`${receiver.url}/twilio/health`, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, `${ngrokBase}/twilio/health`, params) },
      body: new URLSearchParams(params),
    });
    expect([res.status, await res.text()]).toEqual([200, 'in-flight']);
  });

  it('keeps the tunnel when nothing relevant changed, reopens it when the authtoken does', async () => {
    const fake = fakeNgrok();
    const { pu, secret } = make({ tunnel: 'ngrok' }, { ngrok: fake.ngrok });
    await pu.start();
    await pu.reconfigure();
    expect(fake.calls).toHaveLength(1);
    secret.ngrok = `${NGROK_TOKEN}-new`;
    await pu.reconfigure();
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.authtoken).toBe(`${NGROK_TOKEN}-new`);
    expect(fake.open()).toBe(1);
  });

  it('coalesces reconfigures made in one go: only the last settings are applied', async () => {
    const fake = fakeNgrok();
    const p = await proxy();
    const { pu, settings } = make({ tunnel: 'ngrok', ngrokDomain: 'a.ngrok.app' }, { ngrok: fake.ngrok });
    const started = pu.start();
    settings.ngrokDomain = 'b.ngrok.app';
    const second = pu.reconfigure();
    Object.assign(settings, { tunnel: 'off', publicUrl: p.url });
    await Promise.all([started, second, pu.reconfigure()]);
    expect(pu.status()).toMatchObject({ tunnel: 'off', tunnelState: 'off', publicUrl: p.url });
    expect(fake.calls).toHaveLength(0);
  });

  it('a reconfigure while ngrok is still connecting replaces it; two tunnels are never open at once', async () => {
    const fake = fakeNgrok({ delayMs: 50 });
    const { pu, settings, changes } = make({ tunnel: 'ngrok', ngrokDomain: 'a.ngrok.app' }, { ngrok: fake.ngrok });
    await pu.start();
    settings.ngrokDomain = 'b.ngrok.app';
    const second = pu.reconfigure();
    await expect.poll(() => fake.calls.length).toBe(2);
    settings.ngrokDomain = 'c.ngrok.app';
    await Promise.all([second, pu.reconfigure()]);
    expect(fake.calls.map((c) => c.domain)).toEqual(['a.ngrok.app', 'b.ngrok.app', 'c.ngrok.app']);
    expect(fake.maxOpen()).toBe(1);
    expect(fake.listeners.map((l) => l.closed)).toEqual([true, true, false]);
    expect(pu.base()).toBe(fake.listeners[2]!.url);
    expect(changes.at(-1)).toMatchObject({ tunnelState: 'up', publicUrl: fake.listeners[2]!.url });
  });

  it('shows a dropped ngrok connection and its recovery', async () => {
    const fake = fakeNgrok();
    const { pu, last } = make({ tunnel: 'ngrok' }, { ngrok: fake.ngrok });
    await pu.start();
    fake.listeners[0]!.status('closed');
    expect(last()).toMatchObject({ tunnelState: 'error', tunnelError: expect.stringMatching(/^the ngrok connection dropped/) });
    fake.listeners[0]!.status('connected');
    expect(last()).toMatchObject({ tunnelState: 'up', tunnelError: null, publicUrl: fake.listeners[0]!.url });
  });

  it('stops while ngrok hangs connecting (offline shutdown) without waiting past its start timeout', async () => {
    const { pu } = make({ tunnel: 'ngrok' }, { ngrok: fakeNgrok({ hang: true }).ngrok, ngrokStartTimeoutMs: 300 });
    const started = pu.start();
    await expect.poll(() => pu.status().tunnelState).toBe('starting');
    await pu.stop();
    await started;
    expect(pu.status()).toMatchObject({ tunnelState: 'off', publicUrl: null });
  });
});
