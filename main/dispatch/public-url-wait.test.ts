/**
 * Launching does not wait for the public URL's end-to-end check. The public URL here is a proxy
 * on loopback that holds every request until it is released (a tunnel that hangs): the launch
 * returns while the check is still unanswered, the alert says it waits for the check, its texts
 * go out but no call does meanwhile, and once the check answers the calls go out through the
 * public URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { holdingProxy, type HoldingProxy } from '../test-support/holding-proxy';

let t: TestEngine | null = null;
let proxy: HoldingProxy | null = null;
afterEach(async () => {
  proxy?.release();
  await t?.stop();
  await proxy?.close();
  t = proxy = null;
});

describe('launching while the public URL is being checked', () => {
  it('returns at once; the first calls wait for the check and then go out through the public URL', async () => {
    proxy = await holdingProxy(() => t!.engine.dispatch!.webhooks.url);
    t = await startTestEngine({
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);
    const sim = t.engine.dispatch!.simulator!;
    // The admin has just entered the public URL: it is being checked (the check's own timeout is 10 s).
    await t.call(await t.signedIn('admin'), 'settings.update', { publicUrl: proxy.url } as never);

    // The check is in the proxy's hands, unanswered.
    for (const end = Date.now() + 5_000; proxy.heldCount() === 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    expect(proxy.heldCount()).toBeGreaterThan(0);
    expect((await t.call(op, 'webhooks.status', {})).health).toBeNull();

    const launched = await t.call(op, 'alerts.launch', { launchKey: 'launch-while-checking', draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    // The launch came back while the check is still held: it did not wait for it.
    expect(proxy.heldCount()).toBeGreaterThan(0);
    expect((await t.call(op, 'webhooks.status', {})).health).toBeNull();
    expect(launched).toMatchObject({ state: 'queued', waitingForPublicUrl: true });
    // The texts go out (they carry their own words); the calls are held meanwhile.
    for (const end = Date.now() + 10_000; sim.records().creates.filter((c) => c.channel === 'message').length < 3 && Date.now() < end; )
      await new Promise((r) => setTimeout(r, 20));
    t.engine.dispatch!.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.records().creates.filter((c) => c.channel === 'message')).toHaveLength(3);
    expect(sim.records().creates.filter((c) => c.channel === 'call')).toHaveLength(0);
    expect(proxy.heldCount()).toBeGreaterThan(0);
    expect(await t.call(op, 'alerts.get', { id: launched.id })).toMatchObject({ waitingForPublicUrl: true });

    proxy.release();
    const done = await waitForAlert(t, op, launched.id);
    expect(done).toMatchObject({ state: 'completed', waitingForPublicUrl: false, counters: { confirmed: 3 } });
    expect((await t.call(op, 'webhooks.status', {})).health).toMatchObject({ ok: true });
    // The calls fetched their words through the public URL the check had just approved.
    const fetched = sim.records().twiml.filter((r) => r.kind === 'fetch');
    expect(fetched).toHaveLength(3);
    for (const step of fetched) expect(step.url?.startsWith(`${proxy.url}/`)).toBe(true);
  }, 60_000);
});
