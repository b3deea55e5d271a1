/**
 * Redirecting a call through the API (an update with Twiml or Url), as GDial does when
 * asynchronous AMD reports a machine after the alert has started playing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const TO = '+46701234567';
const FROM = '+46101234567';
const VOICEMAIL = '<Response><Say>Röstbrevlåda</Say><Hangup/></Response>';
/** Waits for keys for a minute, after a minute's pause: only a redirect ends it early. */
const LONG_GATHER = '<Response><Gather numDigits="1" action="/gather" timeout="60"><Pause length="60"/></Gather><Say>never</Say></Response>';

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, timeScale: 1, scripts: { [TO]: { outcome: 'answer', digits: '' } } });
  rx = await startReceiver();
  rx.on('/twiml', LONG_GATHER);
  rx.on('/voicemail', VOICEMAIL);
  rx.on('/audio/alert.wav', { contentType: 'audio/wav', body: 'RIFF' });
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const dial = (extra: Record<string, unknown> = {}) =>
  sdkFor(sim).calls.create({ to: TO, from: FROM, url: `${rx.url}/twiml`, statusCallback: `${rx.url}/status`, ...extra });
const steps = (sid: string) => sim.records().twiml.filter((t) => t.sid === sid).map((t) => `${t.kind}:${t.detail ?? ''}`);

describe('redirecting a live call', () => {
  it('inline Twiml stops a Gather that is still waiting and runs the new document; the call completes', async () => {
    const call = await dial();
    await vi.waitFor(() => expect(steps(call.sid)).toContain('pause:60'));
    const updated = await sdkFor(sim).calls(call.sid).update({ twiml: VOICEMAIL });
    expect(updated.status).toBe('in-progress');
    await sim.settle({ timeoutMs: 5_000 });
    expect(steps(call.sid)).toEqual(['fetch:', 'pause:60', 'say:Röstbrevlåda', 'hangup:']);
    expect(rx.at('/gather')).toHaveLength(0);
    expect(rx.at('/status').at(-1)?.params.CallStatus).toBe('completed');
    expect((await sdkFor(sim).calls(call.sid).fetch()).status).toBe('completed');
    expect(sim.records().actions).toMatchObject([
      { kind: 'redirect', sid: call.sid, fromStatus: 'in-progress', toStatus: 'in-progress', detail: VOICEMAIL },
    ]);
  });

  it('Url stops a <Play> midway and fetches the new TwiML, signed, with the Method given', async () => {
    sim.configure({ talkMs: { min: 60_000, max: 60_000 } });
    rx.on('/twiml', '<Response><Play>/audio/alert.wav</Play><Say>never</Say></Response>');
    const call = await dial();
    await vi.waitFor(() => expect(steps(call.sid)).toContain('play:'));
    // What is heard from now on is quick again; the Play already drew its minute.
    sim.configure({ talkMs: { min: 0, max: 0 } });
    await sdkFor(sim).calls(call.sid).update({ url: `${rx.url}/voicemail?reason=machine`, method: 'GET' });
    await sim.settle({ timeoutMs: 5_000 });
    const [fetched] = rx.at('/voicemail');
    expect(fetched).toBeDefined();
    expect(fetched!.method).toBe('GET');
    expect(fetched!.params).toMatchObject({ CallSid: call.sid, CallStatus: 'in-progress', reason: 'machine' });
    expect(rx.signedBy(fetched!, sim.authToken)).toBe(true);
    expect(steps(call.sid)).toEqual(['fetch:', 'play:', 'fetch:', 'say:Röstbrevlåda', 'hangup:']);
    expect(sim.records().actions[0]).toMatchObject({ kind: 'redirect', detail: `${rx.url}/voicemail?reason=machine` });
  });

  it('follows asynchronous AMD: the machine verdict arrives while the alert plays, GDial redirects from the AMD callback', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'voicemail' } }, latencyMs: { min: 150, max: 150 } });
    rx.on('/twiml', () => ({
      body: `<Response><Gather numDigits="1" action="${rx.url}/gather" timeout="30"><Play>${rx.url}/audio/alert.wav</Play></Gather><Redirect>${rx.url}/twiml</Redirect></Response>`,
    }));
    rx.on('/amd', async (req) => {
      if (req.params.AnsweredBy?.startsWith('machine')) await sdkFor(sim).calls(req.params.CallSid!).update({ twiml: VOICEMAIL });
      return {};
    });
    const call = await dial({ machineDetection: 'Enable', asyncAmd: 'true', asyncAmdStatusCallback: `${rx.url}/amd` });
    await sim.settle({ timeoutMs: 5_000 });
    expect(rx.at('/amd')[0]?.params.AnsweredBy).toBe('machine_start');
    expect(steps(call.sid)).toEqual(['fetch:', 'play:', 'say:Röstbrevlåda', 'hangup:']);
    expect(rx.at('/status').at(-1)?.params).toMatchObject({ CallStatus: 'completed', AnsweredBy: 'machine_start' });
  });
});

describe('redirecting a call that is not live', () => {
  it('a queued call runs the new TwiML when answered instead of fetching its Url', async () => {
    sim.configure({ latencyMs: { min: 300, max: 300 } });
    const call = await dial();
    const updated = await sdkFor(sim).calls(call.sid).update({ twiml: '<Response><Say>Ny instruktion</Say></Response>' });
    expect(updated.status).toBe('queued');
    await sim.settle({ timeoutMs: 5_000 });
    expect(rx.at('/twiml')).toHaveLength(0);
    expect(steps(call.sid)).toEqual(['say:Ny instruktion']);
    expect(sim.records().actions).toMatchObject([{ kind: 'redirect', fromStatus: 'queued', toStatus: 'queued' }]);
    expect(rx.at('/status').at(-1)?.params.CallStatus).toBe('completed');
  });

  it('a completed call answers 400 with Twilio code 21220 and runs nothing', async () => {
    const call = await sdkFor(sim).calls.create({ to: TO, from: FROM, twiml: '<Response><Say>Kort</Say></Response>' });
    await sim.settle();
    const client = sdkFor(sim);
    const byTwiml = await client.calls(call.sid).update({ twiml: VOICEMAIL }).catch((e: unknown) => e);
    expect(byTwiml).toMatchObject({ status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' });
    await expect(client.calls(call.sid).update({ url: `${rx.url}/voicemail` })).rejects.toMatchObject({ status: 400, code: 21220 });
    await sim.settle();
    expect(rx.requests).toHaveLength(0);
    expect(steps(call.sid)).toEqual(['say:Kort']);
    expect(sim.records().actions).toEqual([]);
  });

  it('a Status update still wins over a Url given with it', async () => {
    sim.configure({ ringMs: { min: 60_000, max: 60_000 } });
    const call = await dial();
    await vi.waitFor(async () => expect((await sdkFor(sim).calls(call.sid).fetch()).status).toBe('ringing'));
    const updated = await sdkFor(sim).calls(call.sid).update({ status: 'canceled', url: `${rx.url}/voicemail` });
    expect(updated.status).toBe('canceled');
    await sim.settle();
    expect(rx.at('/voicemail')).toHaveLength(0);
    expect(sim.records().actions.map((a) => a.kind)).toEqual(['cancel']);
  });
});
