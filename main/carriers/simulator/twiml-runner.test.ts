import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const TO = '+46701234567';
const FROM = '+46101234567';

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, scripts: { [TO]: { outcome: 'answer', digits: '2' } } });
  rx = await startReceiver();
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

async function call(extra: Record<string, string> = {}) {
  const c = await sdkFor(sim).calls.create({ to: TO, from: FROM, url: `${rx.url}/voice/start`, statusCallback: `${rx.url}/status`, ...extra });
  await sim.settle();
  return c;
}
const steps = () => sim.records().twiml.map((t) => `${t.kind}:${t.detail ?? ''}`);
const finalStatus = () => rx.at('/status').at(-1)?.params;

describe('following TwiML', () => {
  it('redirects (relative URL, GET), pauses, skips unsupported verbs, and completes at the end of the document', async () => {
    rx.on('/voice/start', '<Response><Pause length="3"/><Dial>+46700000000</Dial><Redirect method="GET">next?step=2</Redirect></Response>');
    rx.on('/voice/next', '<Response><Say>Slut</Say></Response>');
    await call();
    const next = rx.at('/voice/next');
    expect(next).toHaveLength(1);
    expect(next[0]!.method).toBe('GET');
    expect(next[0]!.url).toMatch(/\/voice\/next\?step=2&AccountSid=/);
    expect(rx.signedBy(next[0]!, sim.authToken)).toBe(true);
    expect(steps()).toEqual(['fetch:', 'pause:3', 'unsupported:Dial', 'redirect:', 'say:Slut']);
    expect(finalStatus()?.CallStatus).toBe('completed');
  });

  it('fetches the TwiML with GET when Method=GET', async () => {
    await call({ method: 'GET' });
    expect(rx.at('/voice/start')[0]!.method).toBe('GET');
    expect(rx.at('/voice/start')[0]!.params.CallSid).toMatch(/^CA/);
  });

  it('posts the pressed digit (2 = decline) and an empty result when actionOnEmptyResult is set', async () => {
    rx.on('/voice/start', '<Response><Gather numDigits="1" action="/answer"/></Response>');
    await call();
    expect(rx.at('/answer')[0]!.params.Digits).toBe('2');
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '' } } });
    rx.on('/voice/start', '<Response><Gather actionOnEmptyResult="true" action="/answer"/><Say>never</Say></Response>');
    await call();
    expect(rx.at('/answer')[1]!.params.Digits).toBe('');
    expect(steps()).not.toContain('say:never');
  });

  it('presses only numDigits keys, and sends FinishedOnKey when numDigits is absent', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '123' } } });
    rx.on('/voice/start', '<Response><Gather numDigits="2" action="/a"/><Gather action="/b" finishOnKey="*"/></Response>');
    rx.on('/a', '<Response><Gather action="/b" finishOnKey="*"/></Response>');
    await call();
    expect(rx.at('/a')[0]!.params).toMatchObject({ Digits: '12' });
    expect(rx.at('/a')[0]!.params.FinishedOnKey).toBeUndefined();
    expect(rx.at('/b')[0]!.params).toMatchObject({ Digits: '123', FinishedOnKey: '*' });
  });

  it('ends the input at the finish key (# by default), which is not part of Digits; finishOnKey="" makes # a key', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '#' } } });
    rx.on('/voice/start', '<Response><Gather numDigits="1" actionOnEmptyResult="true" action="/a"/></Response>');
    await call();
    expect(rx.at('/a')[0]!.params.Digits).toBe('');
    rx.on('/voice/start', '<Response><Gather numDigits="1" finishOnKey="" action="/b"/></Response>');
    await call();
    expect(rx.at('/b')[0]!.params.Digits).toBe('#');
  });

  it('a TwiML server error ends the call (completed) and is recorded; FallbackUrl is used when given', async () => {
    rx.on('/voice/start', { status: 500, body: 'oops' });
    await call();
    expect(sim.records().twiml).toMatchObject([{ kind: 'fetch', httpStatus: 500, detail: 'HTTP 500' }]);
    expect(finalStatus()?.CallStatus).toBe('completed');
    rx.on('/fallback', '<Response><Say>Reserv</Say></Response>');
    await call({ fallbackUrl: `${rx.url}/fallback` });
    expect(steps().slice(-2)).toEqual(['fetch:', 'say:Reserv']);
  });

  it('invalid XML is an error, not a crash', async () => {
    rx.on('/voice/start', '<Response><Say>unclosed</Response>');
    await call();
    expect(steps()).toEqual(['fetch:', expect.stringMatching(/^error:.*closes <Say>/)]);
    expect(finalStatus()?.CallStatus).toBe('completed');
  });

  it('a Redirect loop is cut after maxTwimlSteps', async () => {
    sim.configure({ maxTwimlSteps: 5 });
    rx.on('/voice/start', '<Response><Redirect>/voice/start</Redirect></Response>');
    await call();
    // The first fetch, then one per executed Redirect verb.
    expect(rx.at('/voice/start')).toHaveLength(6);
    expect(steps().at(-1)).toBe('error:more than 5 TwiML steps');
  });

  it('plays every <Play> and <Say> inside a <Gather> before keys are pressed, each audio fetch recorded with status and type', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '1' } } });
    rx.on('/audio/a.wav', { contentType: 'audio/wav', body: 'RIFF' });
    rx.on('/audio/b.wav', { status: 404, contentType: 'text/plain', body: 'gone' });
    rx.on('/voice/start', () => ({
      body: `<Response><Gather numDigits="1" action="${rx.url}/voice/gather?a=1"><Play>${rx.url}/audio/a.wav</Play><Say>Tryck 1</Say><Play>${rx.url}/audio/b.wav</Play></Gather><Redirect>${rx.url}/voice/again?a=1</Redirect></Response>`,
    }));
    await call();
    expect(rx.requests.map((r) => r.path)).toEqual(['/voice/start', '/audio/a.wav', '/audio/b.wav', '/voice/gather', '/status']);
    expect(rx.at('/voice/gather')[0]!.params.Digits).toBe('1');
    expect(steps()).toEqual(['fetch:', 'play:', 'say:Tryck 1', 'play:', 'gather:1', 'gather-action:1']);
    const plays = sim.records().twiml.filter((t) => t.kind === 'play');
    expect(plays).toMatchObject([
      { url: `${rx.url}/audio/a.wav`, method: 'GET', httpStatus: 200, contentType: 'audio/wav' },
      { url: `${rx.url}/audio/b.wav`, method: 'GET', httpStatus: 404, contentType: 'text/plain' },
    ]);
  });

  it('follows the <Redirect> after a <Gather> nobody answered: POST, signed', async () => {
    sim.configure({ scripts: { [TO]: { outcome: 'answer', digits: '' } } });
    rx.on('/voice/start', () => ({
      body: `<Response><Gather numDigits="1" action="${rx.url}/voice/gather"><Play>${rx.url}/audio/a.wav</Play><Play>${rx.url}/audio/a.wav</Play></Gather><Redirect>${rx.url}/voice/again?a=1</Redirect></Response>`,
    }));
    rx.on('/voice/again', '<Response><Say>Hej då</Say><Hangup/></Response>');
    const c = await call();
    const [again] = rx.at('/voice/again');
    expect(again).toBeDefined();
    expect(again!.method).toBe('POST');
    expect(again!.url).toBe(`${rx.url}/voice/again?a=1`);
    expect(again!.params).toMatchObject({ CallSid: c.sid, CallStatus: 'in-progress' });
    expect(rx.signedBy(again!, sim.authToken)).toBe(true);
    expect(rx.at('/voice/gather')).toHaveLength(0);
    expect(steps()).toEqual(['fetch:', 'play:', 'play:', 'gather:', 'redirect:', 'say:Hej då', 'hangup:']);
  });

  it('with both Url and Twiml at create, fetches the Url: Twilio ignores Twiml then', async () => {
    rx.on('/voice/start', '<Response><Say>Från Url</Say></Response>');
    await call({ twiml: '<Response><Say>Inline</Say></Response>' });
    expect(steps()).toEqual(['fetch:', 'say:Från Url']);
  });

  it('polling mode: inline Twiml with neither Url nor StatusCallback runs, completes, and posts nothing anywhere', async () => {
    const client = sdkFor(sim);
    const c = await client.calls.create({ to: TO, from: FROM, twiml: '<Response><Say>Larm</Say></Response>' });
    await expect.poll(async () => (await client.calls(c.sid).fetch()).status, { timeout: 5_000 }).toBe('completed');
    await sim.settle();
    expect(steps()).toEqual(['say:Larm']);
    expect(rx.requests).toEqual([]);
    expect(sim.records().callbacks).toEqual([]);
    expect(Number((await client.calls(c.sid).fetch()).duration)).toBeGreaterThanOrEqual(1);
  });

  it('follows inline Twiml without fetching anything', async () => {
    await sdkFor(sim).calls.create({ to: TO, from: FROM, twiml: '<Response><Say>Inline</Say><Hangup/></Response>' });
    await sim.settle();
    expect(rx.requests).toHaveLength(0);
    expect(steps()).toEqual(['say:Inline', 'hangup:']);
  });
});
