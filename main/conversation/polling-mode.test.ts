/**
 * Twilio with no way back to us: no public URL, so calls carry their TwiML inline, nothing is
 * called back, and the engine polls the carrier until every attempt is accounted for. And an
 * engine set up for Twilio starts even with no account or no uplink (offline-first).
 */
import { sql } from 'drizzle-orm';
import twilio from 'twilio';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../carriers/simulator';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { type TestEngine } from '../test-support/engine-fixture';

const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'remote-twilio-token-000000000000';

let t: TestEngine | null = null;
let sim: Simulator | null = null;
afterEach(async () => {
  await t?.stop();
  await sim?.stop();
  t = sim = null;
});

/** "Twilio" here is the simulator at an address the engine treats as remote: it cannot call us back. */
async function remoteTwilio(env: Record<string, string>, simulatorConfig: object = {}) {
  sim = await startSimulator({ ...FAST, accountSid: ACCOUNT, authToken: TOKEN, ...simulatorConfig }, { port: 0 });
  t = await startTestEngineOn(backend, {
    twilioBaseUrl: sim.url,
    env: { GDIAL_CARRIER: 'twilio', GDIAL_TWILIO_ACCOUNT_SID: ACCOUNT, GDIAL_STATUS_POLL_SECONDS: '1', GDIAL_CALLS_PER_SECOND: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50', ...env },
  });
  return { t, sim, op: await t.signedIn('operator') };
}

let backend: EngineBackend;

describe.each(engineBackends())('without a public URL on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('says so before launch, plays the message inline, and completes the alert by polling', async () => {
    const { t, sim, op } = await remoteTwilio(
      { GDIAL_TWILIO_AUTH_TOKEN: TOKEN },
      { outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 } },
    );
    const { groupId, numbers } = await bookWithGroup(t, op, 3);
    const flight = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    expect(flight.warnings.map((w) => w.code)).toContain('press_to_confirm_unavailable');
    expect(await t.call(op, 'webhooks.status', {})).toMatchObject({ statusMode: 'polling', pressToConfirm: false, publicUrl: null });

    // The default policy (two rounds): someone who answered heard the message and is not called again.
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'polling-1', draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    const done = await waitForAlert(t, op, alert.id, undefined, 30_000);
    expect(done.state).toBe('completed');
    expect(done.counters).toMatchObject({ smsSent: 3, inDoubt: 0, confirmed: 0 });
    await sim.settle();
    const records = sim.records();
    // Nothing could call back, so nothing was asked to.
    expect(records.callbacks).toHaveLength(0);
    for (const n of numbers) expect(sim.createsTo(n, 'call')).toBe(1);
    // The inline TwiML was played: the message in Twilio's Swedish voice, no "press 1", no fetch.
    const says = records.twiml.filter((r) => r.kind === 'say').map((r) => r.detail ?? '');
    expect(says.some((s) => s.includes('Brand i Åby'))).toBe(true);
    expect(says.some((s) => s.includes('Tryck 1'))).toBe(false);
    expect(records.twiml.some((r) => r.kind === 'fetch')).toBe(false);
    const attempts = await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE alert_id = ${alert.id} AND state = 'completed'`);
    expect(attempts?.n).toBe(6);
  });

  it('starts without the Twilio token, keeps the alert waiting, and sends it once an admin stores the token', { timeout: 60_000 }, async () => {
    const { t, sim, op } = await remoteTwilio({});
    const admin = await t.signedIn('admin');
    const { groupId, numbers } = await bookWithGroup(t, op, 2);
    const flight = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['sms'] }) });
    expect(flight.warnings.map((w) => w.code)).toContain('carrier_unconfigured');
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'no-token-yet', draft: draft(groupId, { channels: ['sms'] }) });
    await waitForAlert(t, op, alert.id, (a) => a.waitingForUplink);
    expect(sim.records().creates).toHaveLength(0);

    const status = await t.call(admin, 'secrets.set', { name: 'twilioAuthToken', value: TOKEN });
    expect(status.secrets.find((s) => s.name === 'twilioAuthToken')!.source).toBe('store');
    // The value never comes back through the contract, and is not in the audit log.
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    const done = await waitForAlert(t, op, alert.id, (a) => a.counters.smsSent === 2, 40_000);
    expect(done.waitingForUplink).toBe(false);
    for (const n of numbers) expect(sim.createsTo(n, 'message')).toBe(1);
    const audit = await t.call(admin, 'audit.list', {});
    expect(audit.some((e) => e.action === 'secrets.set')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  });

  it('starts with no uplink at all and still takes signed webhooks', async () => {
    sim = null;
    t = await startTestEngineOn(backend, {
      twilioBaseUrl: 'http://127.0.0.1:9',
      env: { GDIAL_CARRIER: 'twilio', GDIAL_TWILIO_ACCOUNT_SID: ACCOUNT, GDIAL_TWILIO_AUTH_TOKEN: TOKEN },
    });
    const url = `${t.engine.dispatch!.webhooks.url}/twilio/health`;
    const params = { Nonce: 'still-here' };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, url, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('still-here');
  });
});
