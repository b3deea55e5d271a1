/**
 * Only the carrier may talk to the webhooks: a request signed with the account's token (by the
 * official SDK's signing function) is taken; anything else gets 403 and changes nothing.
 */
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine;
let base: string;
let token: string;
let attemptId: number;

const count = (table: string) => (t.engine.db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const attemptState = () => (t.engine.db.$client.prepare('SELECT state FROM dispatch_attempts WHERE id = ?').get(attemptId) as { state: string }).state;

async function post(path: string, params: Record<string, string>, signature: string | null) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'X-Twilio-Signature': signature }) },
    body: new URLSearchParams(params),
  });
  return res.status;
}

beforeAll(async () => {
  t = await startTestEngine({ simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 1);
  const alert = await t.call(op, 'alerts.launch', { launchKey: 'signatures-1', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
  await waitForAlert(t, op, alert.id);
  attemptId = (t.engine.db.$client.prepare('SELECT id FROM dispatch_attempts WHERE alert_id = ?').get(alert.id) as { id: number }).id;
  base = t.engine.dispatch!.webhooks.url;
  token = t.engine.dispatch!.simulator!.authToken;
  // A whole engine and a voice alert run to its end: 10 s is too short on a busy machine.
}, 60_000);
afterAll(() => t.stop(), 60_000);

describe('webhook signatures', () => {
  const reply = { From: '+46702000000', To: '+46700000000', Body: 'JA', MessageSid: 'SMforged0000000000000000000000001' };
  const inbound = '/twilio/sms/inbound';
  const sign = (path: string, params: Record<string, string>, key = token) => twilio.getExpectedTwilioSignature(key, `${base}${path}`, params);

  it.each([
    ['a changed parameter', () => post(inbound, { ...reply, Body: 'NEJ' }, sign(inbound, reply))],
    ['a changed URL', () => post(inbound, reply, sign(`${inbound}?attempt=1`, reply))],
    ['a missing signature', () => post(inbound, reply, null)],
    ['a signature from another token', () => post(inbound, reply, sign(inbound, reply, 'another-accounts-token-000000000'))],
  ])('refuses an SMS reply with %s: 403, nothing stored', async (_case, send) => {
    const before = count('responses');
    expect(await send()).toBe(403);
    expect(count('responses')).toBe(before);
  });

  it('takes an SMS reply signed with the account token', async () => {
    const before = count('responses');
    expect(await post(inbound, reply, sign(inbound, reply))).toBe(200);
    expect(count('responses')).toBe(before + 1);
  });

  it('refuses a forged status callback and leaves the ledger as it was; a signed one is applied', async () => {
    const path = `/twilio/voice/status?attempt=${attemptId}`;
    const status = { CallSid: 'CAforged000000000000000000000001', CallStatus: 'ringing', AccountSid: 'ACx' };
    const events = count('carrier_events');
    const state = attemptState();
    expect(await post(path, status, sign(path, { ...status, CallStatus: 'completed' }))).toBe(403);
    expect(await post(path, status, sign('/twilio/voice/status', status))).toBe(403);
    expect(await post(path, status, null)).toBe(403);
    expect(await post(path, status, sign(path, status, 'another-accounts-token-000000000'))).toBe(403);
    expect(count('carrier_events')).toBe(events);
    expect(attemptState()).toBe(state);
    expect(await post(path, status, sign(path, status))).toBe(204);
    expect(count('carrier_events')).toBe(events + 1);
  });

  it("refuses requests signed with the simulator's well-known default token: each engine's simulator has its own", async () => {
    const { DEFAULT_AUTH_TOKEN } = await import('../carriers/simulator');
    expect(token).not.toBe(DEFAULT_AUTH_TOKEN);
    const before = count('responses');
    expect(await post(inbound, reply, sign(inbound, reply, DEFAULT_AUTH_TOKEN))).toBe(403);
    expect(count('responses')).toBe(before);
  });

  it('refuses TwiML to an unsigned request, so nobody else can read an alert message', async () => {
    const res = await fetch(`${base}/twilio/voice/twiml?attempt=${attemptId}`, { method: 'POST', body: new URLSearchParams({ CallSid: 'CAx' }) });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Åby');
  });
});
