import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const TO = '+46701234567';
const FROM = '+46101234567';

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST });
  rx = await startReceiver();
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const auth = () => 'Basic ' + Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64');
const callsPath = () => `${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`;

function rawCreate(body: Record<string, string>, authorization = auth()) {
  return fetch(callsPath(), {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
}

const callBody = (to = TO) => ({ To: to, From: FROM, Url: `${rx.url}/twiml` });
const createVia = (s: Simulator, to = TO, timeout?: number) =>
  sdkFor(s, { timeout }).calls.create({ to, from: FROM, url: `${rx.url}/twiml` });

describe('authentication', () => {
  it('refuses a wrong auth token with 401 and Twilio error 20003, creating nothing', async () => {
    const res = await rawCreate(callBody(), 'Basic ' + Buffer.from(`${sim.accountSid}:wrong`).toString('base64'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ code: 20003, status: 401, more_info: 'https://www.twilio.com/docs/errors/20003' });
    const sdkError = await sdkFor(sim, { authToken: 'nottherighttoken' })
      .calls.create({ to: TO, from: FROM, url: `${rx.url}/twiml` })
      .catch((e: unknown) => e);
    expect(sdkError).toMatchObject({ status: 401, code: 20003 });
    expect(sim.createsTo(TO)).toBe(0);
    expect(sim.records().creates).toEqual([]);
  });

  it('refuses requests without credentials, and the control API too', async () => {
    expect((await fetch(callsPath())).status).toBe(401);
    expect((await fetch(`${sim.url}/__sim/records`)).status).toBe(401);
  });
});

describe('faults on create', () => {
  it('429 carries Retry-After and Twilio code 20429, and creates nothing', async () => {
    sim.configure({ faults: { rate429: 1, retryAfterS: 7 } });
    const res = await rawCreate(callBody());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ code: 20429, status: 429 });
    const error = await createVia(sim).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 20429 });
    expect(sim.createsTo(TO)).toBe(0);
    expect(sim.records().creates.map((c) => c.fault)).toEqual(['429', '429']);
  });

  it('500 answers Twilio code 20500; with createdBefore500Rate 1 the call exists anyway and rings', async () => {
    sim.configure({ faults: { rate500: 1, createdBefore500Rate: 1 } });
    const error = await createVia(sim).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, code: 20500 });
    expect(sim.createsTo(TO)).toBe(1);
    await sim.settle();
    const listed = await sdkFor(sim).calls.list({ to: TO });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.sid).toBe(sim.records().creates[0]!.sid);
  });

  it('500 with createdBefore500Rate 0 creates nothing', async () => {
    sim.configure({ faults: { rate500: 1, createdBefore500Rate: 0 } });
    expect(await createVia(sim).catch((e: unknown) => e)).toMatchObject({ status: 500, code: 20500 });
    expect(sim.createsTo(TO)).toBe(0);
    expect(await sdkFor(sim).calls.list({ to: TO })).toHaveLength(0);
  });

  it('timeout: the client gives up, yet the call was created and is found by listing calls to the number since T', async () => {
    sim.configure({ faults: { rateTimeout: 1 } });
    const since = new Date(Date.now() - 1000);
    const started = Date.now();
    const error = await createVia(sim, TO, 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { status?: number }).status).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(sim.createsTo(TO)).toBe(1);
    sim.configure({ faults: { rateTimeout: 0 } });
    const found = await sdkFor(sim).calls.list({ to: TO, startTimeAfter: since });
    expect(found.map((c) => c.sid)).toEqual([sim.records().creates[0]!.sid]);
    await expect.poll(() => sim.records().creates[0]!.clientGaveUpAt).not.toBeNull();
    expect(sim.records().creates[0]).toMatchObject({ created: true, fault: 'timeout', httpStatus: null });
  });

  it.each([
    [21211, 'not a valid phone number'],
    [21610, 'unsubscribed'],
    [21614, 'not a valid mobile number'],
  ])('a number configured to be refused answers 400 with code %i', async (code, text) => {
    sim.configure({ rejectNumbers: { [TO]: code } });
    const error = await createVia(sim).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code });
    expect((error as Error).message).toContain(text);
    const sms = await sdkFor(sim).messages.create({ to: TO, from: FROM, body: 'x' }).catch((e: unknown) => e);
    expect(sms).toMatchObject({ status: 400, code });
    expect(sim.createsTo(TO)).toBe(0);
    expect(await createVia(sim, '+46709876543')).toMatchObject({ status: 'queued' });
  });

  it('a malformed number is refused with 21211 and missing fields with their own codes', async () => {
    expect(await createVia(sim, '0701234567').catch((e: unknown) => e)).toMatchObject({ status: 400, code: 21211 });
    const noUrl = await rawCreate({ To: TO, From: FROM });
    expect(await noUrl.json()).toMatchObject({ code: 21205, status: 400 });
    const noFrom = await rawCreate({ To: TO, Url: `${rx.url}/twiml` });
    expect(await noFrom.json()).toMatchObject({ code: 21213 });
    expect(sim.createsTo(TO)).toBe(0);
  });
});

describe('account limits', () => {
  it('answers 429 past the configured calls per second, and creates again in the next second', async () => {
    sim.configure({ limits: { callsPerSecond: 3 } });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createVia(sim, `+4670100000${i}`).then(() => 'ok', (e: { status: number }) => e.status)),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 429)).toHaveLength(2);
    expect(sim.records().creates.filter((c) => c.fault === 'rate-limit')).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1_050));
    await expect(createVia(sim, '+46701000009')).resolves.toMatchObject({ status: 'queued' });
  });

  it('creates paced at the limit get no 429', async () => {
    sim.configure({ limits: { callsPerSecond: 20 } });
    for (let i = 0; i < 30; i++) {
      await createVia(sim, `+467020000${String(i).padStart(2, '0')}`);
      await new Promise((r) => setTimeout(r, 55));
    }
    expect(sim.records().creates.every((c) => c.created)).toBe(true);
  });

  it('answers 429 when the concurrent call cap is reached, and accepts again once a call ends', async () => {
    sim.configure({ limits: { maxConcurrentCalls: 2 }, ringMs: { min: 60_000, max: 60_000 } });
    const a = await createVia(sim, '+46701111111');
    await createVia(sim, '+46702222222');
    expect(await createVia(sim, '+46703333333').catch((e: unknown) => e)).toMatchObject({ status: 429, code: 20429 });
    await sdkFor(sim).calls(a.sid).update({ status: 'canceled' });
    await expect(createVia(sim, '+46703333333')).resolves.toMatchObject({ status: 'queued' });
  });
});
