/**
 * The public URL end to end in the engine: an admin's reverse proxy (with a path prefix) or an
 * ngrok tunnel (faked at the module boundary: no tunnel can open from here) carries the calls'
 * TwiML, audio and key presses; a broken one is noticed, said in the pre-flight, and calls
 * fall back to a path that works.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookStatus } from '../contract';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { type TestEngine } from '../test-support/engine-fixture';
import { fakeNgrok } from '../tunnel/testing/fake-ngrok';
import { startLoopbackProxy, type LoopbackProxy } from '../tunnel/testing/loopback-proxy';

let t: TestEngine | null = null;
let proxy: LoopbackProxy | null = null;
afterEach(async () => {
  await t?.stop();
  await proxy?.close();
  t = proxy = null;
});

const PACE = { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' };

let backend: EngineBackend;

describe.each(engineBackends())('the public URL on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('carries TwiML, audio and key presses through an own reverse proxy with a path prefix', async () => {
    t = await startTestEngineOn(backend, { env: PACE, simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } } });
    const admin = await t.signedIn('admin');
    const pushed: WebhookStatus[] = [];
    t.engine.bus.on((name, payload) => {
      if (name === 'webhooks.status') pushed.push(payload as WebhookStatus);
    });
    expect(await t.call(admin, 'webhooks.status', {})).toMatchObject({ publicUrl: null, statusMode: 'callbacks', tunnel: 'off' });

    proxy = await startLoopbackProxy({ target: t.engine.dispatch!.webhooks.url, prefix: '/gdial' });
    await t.call(admin, 'settings.update', { publicUrl: `${proxy.url}/gdial` });
    const checked = await t.call(admin, 'webhooks.check', {});
    expect(checked).toMatchObject({ publicUrl: `${proxy.url}/gdial`, statusMode: 'callbacks', pressToConfirm: true });
    expect(checked.health).toMatchObject({ ok: true, error: null });
    expect(pushed.some((s) => s.publicUrl === `${proxy!.url}/gdial` && s.health?.ok)).toBe(true);

    const { groupId } = await bookWithGroup(t, admin, 2);
    const alert = await t.call(admin, 'alerts.launch', { launchKey: 'through-proxy', draft: draft(groupId, { drill: true }) });
    const done = await waitForAlert(t, admin, alert.id);
    expect(done.counters.confirmed).toBe(2);
    // Everything the carrier did went through the proxy, prefix and all.
    expect(proxy.seen.some((p) => p.startsWith('/gdial/twilio/voice/twiml?attempt='))).toBe(true);
    expect(proxy.seen.some((p) => /^\/gdial\/audio\/[0-9a-f]{64}\.wav$/.test(p))).toBe(true);
    expect(proxy.seen.some((p) => p.startsWith('/gdial/twilio/voice/gather?attempt='))).toBe(true);
  });

  it('notices a proxy that breaks signatures, warns before launch, and sends calls by a path that works', async () => {
    t = await startTestEngineOn(backend, { env: PACE, simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } } });
    const admin = await t.signedIn('admin');
    proxy = await startLoopbackProxy({ target: t.engine.dispatch!.webhooks.url, prefix: '/gdial', rewrite: (p) => p.replace('/twilio/', '/twilio//') });
    await t.call(admin, 'settings.update', { publicUrl: `${proxy.url}/gdial` });
    const status = await t.call(admin, 'webhooks.check', {});
    expect(status.health).toMatchObject({ ok: false });
    expect(status.health!.error).toMatch(/signature/i);

    const { groupId } = await bookWithGroup(t, admin, 1);
    const flight = await t.call(admin, 'alerts.preflight', { draft: draft(groupId) });
    expect(flight.warnings.map((w) => w.code)).toContain('public_url_unhealthy');
    const seenBefore = proxy.seen.length;
    const alert = await t.call(admin, 'alerts.launch', { launchKey: 'around-broken-proxy', draft: draft(groupId, { drill: true }) });
    expect((await waitForAlert(t, admin, alert.id)).counters.confirmed).toBe(1);
    // The simulator is on this machine: it was given the loopback address, not the broken proxy.
    expect(proxy.seen.slice(seenBefore).filter((p) => p.includes('/twilio/voice/'))).toEqual([]);
  });

  it('opens an ngrok tunnel with the stored authtoken and reserved domain, and reopens it when they change', async () => {
    const fake = fakeNgrok();
    t = await startTestEngineOn(backend, { ngrok: fake.ngrok, env: { GDIAL_TUNNEL: 'ngrok', GDIAL_NGROK_DOMAIN: 'gdial-test.ngrok.app' } });
    const admin = await t.signedIn('admin');
    const before = await t.call(admin, 'webhooks.status', {});
    expect(before).toMatchObject({ tunnel: 'ngrok', tunnelState: 'error', publicUrl: null });
    expect(before.tunnelError).toMatch(/authtoken/i);

    await t.call(admin, 'secrets.set', { name: 'ngrokAuthtoken', value: 'ngrok-token-123' });
    const up = await waitFor(() => t!.call(admin, 'webhooks.status', {}), (s) => s.tunnelState === 'up');
    expect(up.publicUrl).toBe(fake.listeners[0]!.url);
    expect(fake.calls.at(-1)).toMatchObject({ authtoken: 'ngrok-token-123', domain: 'gdial-test.ngrok.app' });
    expect(JSON.stringify(up)).not.toContain('ngrok-token-123');
    expect((await t.call(admin, 'webhooks.check', {})).health).toMatchObject({ ok: true });
  });
});

async function waitFor<T>(get: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
