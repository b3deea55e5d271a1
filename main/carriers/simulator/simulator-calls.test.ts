import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const TO = '+46701234567';
const FROM = '+46101234567';

const GATHER = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="sv-SE">Larm. Tryck 1 för att bekräfta.</Say>
  <Gather numDigits="1" action="gather?attempt=7" method="POST" timeout="5">
    <Play>/audio/alert.wav</Play>
  </Gather>
  <Say>Inget svar.</Say>
</Response>`;

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, scripts: { [TO]: { outcome: 'answer', digits: '1' } } });
  rx = await startReceiver();
  rx.on('/twiml', GATHER);
  rx.on('/gather', (req) => ({
    body: req.params.Digits === '1' ? '<Response><Say>Tack, bekräftat.</Say><Hangup/></Response>' : '<Response/>',
  }));
  rx.on('/audio/alert.wav', { contentType: 'audio/wav', body: 'RIFF' });
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const allEvents = ['initiated', 'ringing', 'answered', 'completed'];

async function dial(to = TO, extra: Record<string, unknown> = {}) {
  return sdkFor(sim).calls.create({
    to,
    from: FROM,
    url: `${rx.url}/twiml`,
    statusCallback: `${rx.url}/status?attempt=7`,
    statusCallbackEvent: allEvents,
    ...extra,
  });
}

describe('calls through the official Twilio SDK', () => {
  it('creates a queued call with a Twilio-shaped resource', async () => {
    const call = await dial();
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(call.to).toBe(TO);
    expect(call.from).toBe(FROM);
    expect(call.accountSid).toBe(sim.accountSid);
    expect(call.dateCreated).toBeInstanceOf(Date);
    expect(Math.abs(call.dateCreated.getTime() - Date.now())).toBeLessThan(5_000);
    expect(call.uri).toBe(`/2010-04-01/Accounts/${sim.accountSid}/Calls/${call.sid}.json`);
    expect(sim.createsTo(TO)).toBe(1);
  });

  it('fetches, lists with To and StartTime filters, and pages', async () => {
    const since = new Date(Date.now() - 1000);
    const client = sdkFor(sim);
    const first = await dial();
    await dial('+46709999999');
    const third = await dial();
    await sim.settle();
    expect((await client.calls(first.sid).fetch()).status).toBe('completed');
    const mine = await client.calls.list({ to: TO, startTimeAfter: since, pageSize: 1 });
    // Newest first, both pages followed through next_page_uri.
    expect(mine.map((c) => c.sid)).toEqual([third.sid, first.sid]);
    // The filter is a date (the spec's YYYY-MM-DD): nothing has started on or after the day after tomorrow.
    expect(await client.calls.list({ to: TO, startTimeAfter: new Date(Date.now() + 2 * 86_400_000) })).toEqual([]);
    expect((await client.calls.list({ status: 'completed' })).length).toBe(3);
  });

  it('answers 404 with Twilio code 20404 for an unknown call', async () => {
    const error = await sdkFor(sim).calls('CA00000000000000000000000000000000').fetch().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('the call follows our TwiML', () => {
  it('fetches the TwiML signed, plays the audio, presses 1, posts Digits to the action and follows the answer', async () => {
    const call = await dial();
    await sim.settle();
    const fetches = rx.at('/twiml');
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.params).toMatchObject({ CallSid: call.sid, CallStatus: 'in-progress', To: TO, From: FROM, Direction: 'outbound-api' });
    expect(rx.signedBy(fetches[0]!, sim.authToken)).toBe(true);
    expect(rx.at('/audio/alert.wav')[0]?.method).toBe('GET');
    const gather = rx.at('/gather');
    expect(gather).toHaveLength(1);
    expect(gather[0]!.url).toBe(`${rx.url}/gather?attempt=7`);
    expect(gather[0]!.params).toMatchObject({ Digits: '1', CallSid: call.sid });
    expect(rx.signedBy(gather[0]!, sim.authToken)).toBe(true);
    const steps = sim.records().twiml.filter((t) => t.sid === call.sid).map((t) => [t.kind, t.detail]);
    expect(steps).toEqual([
      ['fetch', null],
      ['say', 'Larm. Tryck 1 för att bekräfta.'],
      ['play', null],
      ['gather', '1'],
      ['gather-action', '1'],
      ['say', 'Tack, bekräftat.'],
      ['hangup', null],
    ]);
    const play = sim.records().twiml.find((t) => t.kind === 'play');
    expect(play).toMatchObject({ httpStatus: 200, contentType: 'audio/wav' });
  });

  it('falls through to the verb after <Gather> when nothing is pressed', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '' } } });
    await dial();
    await sim.settle();
    expect(rx.at('/gather')).toHaveLength(0);
    const kinds = sim.records().twiml.map((t) => `${t.kind}:${t.detail ?? ''}`);
    expect(kinds.slice(-2)).toEqual(['gather:', 'say:Inget svar.']);
  });

  it('posts signed status callbacks initiated → ringing → in-progress → completed with Twilio parameters', async () => {
    const call = await dial();
    await sim.settle();
    const status = rx.at('/status');
    expect(status.map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(status.map((r) => r.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    for (const r of status) {
      expect(rx.signedBy(r, sim.authToken)).toBe(true);
      expect(r.url).toBe(`${rx.url}/status?attempt=7`);
      expect(r.params).toMatchObject({
        CallSid: call.sid,
        AccountSid: sim.accountSid,
        From: FROM,
        To: TO,
        Direction: 'outbound-api',
        CallbackSource: 'call-progress-events',
        ApiVersion: '2010-04-01',
      });
      expect(Number.isNaN(Date.parse(r.params.Timestamp ?? ''))).toBe(false);
    }
    expect(Number(status[3]!.params.CallDuration)).toBeGreaterThanOrEqual(1);
    expect(rx.signedBy({ ...status[0]!, params: { ...status[0]!.params, CallStatus: 'completed' } }, sim.authToken)).toBe(false);
  });

  it('sends only `completed` when no StatusCallbackEvent is given, as Twilio does', async () => {
    await sdkFor(sim).calls.create({ to: TO, from: FROM, url: `${rx.url}/twiml`, statusCallback: `${rx.url}/status` });
    await sim.settle();
    expect(rx.at('/status').map((r) => r.params.CallStatus)).toEqual(['completed']);
  });

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
    ['failed', 'failed'],
  ] as const)('a scripted %s ends the call as %s without fetching TwiML', async (outcome, status) => {
    sim.configure({ scripts: { [TO]: { outcome } } });
    const call = await dial();
    await sim.settle();
    expect(rx.at('/twiml')).toHaveLength(0);
    expect(rx.at('/status').at(-1)?.params.CallStatus).toBe(status);
    expect((await sdkFor(sim).calls(call.sid).fetch()).status).toBe(status);
  });

  it('voicemail without AMD: TwiML is fetched but nobody presses a key', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'voicemail', digits: '1' } } });
    await dial();
    await sim.settle();
    expect(rx.at('/twiml')).toHaveLength(1);
    expect(rx.at('/twiml')[0]!.params.AnsweredBy).toBeUndefined();
    expect(rx.at('/gather')).toHaveLength(0);
  });

  it('voicemail with synchronous AMD puts AnsweredBy in the TwiML request', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'voicemail' } } });
    await dial(TO, { machineDetection: 'DetectMessageEnd' });
    await sim.settle();
    expect(rx.at('/twiml')[0]!.params.AnsweredBy).toBe('machine_end_beep');
    expect(rx.at('/status').at(-1)?.params.AnsweredBy).toBe('machine_end_beep');
  });

  it('asynchronous AMD posts AnsweredBy to AsyncAmdStatusCallback, signed, and not in the TwiML request', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'voicemail' } } });
    const call = await dial(TO, { machineDetection: 'DetectMessageEnd', asyncAmd: 'true', asyncAmdStatusCallback: `${rx.url}/amd` });
    await sim.settle();
    const amd = rx.at('/amd');
    expect(amd).toHaveLength(1);
    expect(amd[0]!.params).toMatchObject({ CallSid: call.sid, AnsweredBy: 'machine_end_beep' });
    expect(rx.signedBy(amd[0]!, sim.authToken)).toBe(true);
    expect(rx.at('/twiml')[0]!.params.AnsweredBy).toBeUndefined();
    const answered = rx.at('/status').find((r) => r.params.CallStatus === 'in-progress');
    expect(answered?.params.AnsweredBy).toBeUndefined();
    expect((await sdkFor(sim).calls(call.sid).fetch()).answeredBy).toBe('machine_end_beep');
  });

  it('a person with AMD is reported as human and still presses the key', async () => {
    await dial(TO, { machineDetection: 'Enable', asyncAmd: 'true', asyncAmdStatusCallback: `${rx.url}/amd` });
    await sim.settle();
    expect(rx.at('/amd')[0]!.params.AnsweredBy).toBe('human');
    expect(rx.at('/gather')[0]!.params.Digits).toBe('1');
  });
});

describe('ending calls through the API', () => {
  it('cancelling a ringing call posts `canceled` and never fetches TwiML', async () => {
    sim.configure({ ringMs: { min: 60_000, max: 60_000 } });
    const client = sdkFor(sim);
    const call = await dial();
    await vi.waitFor(() => expect(rx.at('/status').map((r) => r.params.CallStatus)).toContain('ringing'));
    const updated = await client.calls(call.sid).update({ status: 'canceled' });
    expect(updated.status).toBe('canceled');
    await sim.settle();
    expect(rx.at('/twiml')).toHaveLength(0);
    expect(rx.at('/status').at(-1)?.params.CallStatus).toBe('canceled');
    expect(sim.records().actions).toMatchObject([{ kind: 'cancel', sid: call.sid, fromStatus: 'ringing', toStatus: 'canceled' }]);
  });

  it('Status=completed hangs up a call in progress; cancelling it then changes nothing', async () => {
    sim.configure({ talkMs: { min: 60_000, max: 60_000 } });
    const client = sdkFor(sim);
    const call = await dial();
    await vi.waitFor(() => expect(rx.at('/twiml')).toHaveLength(1));
    expect((await client.calls(call.sid).update({ status: 'canceled' })).status).toBe('in-progress');
    expect((await client.calls(call.sid).update({ status: 'completed' })).status).toBe('completed');
    await sim.settle();
    expect(rx.at('/status').at(-1)?.params.CallStatus).toBe('completed');
    expect(sim.records().actions.map((a) => a.kind)).toEqual(['update-ignored', 'hangup']);
  });
});
