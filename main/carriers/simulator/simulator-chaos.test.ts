import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const FROM = '+46101234567';
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+4670${String(1_000_000 + i)}`);

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, seed: 42 });
  rx = await startReceiver();
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

async function dialAll(list: string[]) {
  const client = sdkFor(sim);
  for (const to of list) {
    await client.calls.create({
      to,
      from: FROM,
      url: `${rx.url}/twiml`,
      statusCallback: `${rx.url}/status`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
  }
  await sim.settle();
}

describe('callback chaos', () => {
  it('drops, duplicates and reorders callbacks at about the configured rates', async () => {
    sim.configure({ chaos: { duplicateRate: 0.2, reorderRate: 0.2, dropRate: 0.1 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 } });
    await dialAll(numbers(150));
    const cbs = sim.records().callbacks;
    const emitted = 150 * 4;
    const dropped = cbs.filter((c) => c.chaos === 'dropped').length;
    const duplicates = cbs.filter((c) => c.chaos === 'duplicate').length;
    const reordered = cbs.filter((c) => c.chaos === 'reordered').length;
    expect(dropped).toBeGreaterThan(emitted * 0.1 * 0.6);
    expect(dropped).toBeLessThan(emitted * 0.1 * 1.4);
    expect(duplicates).toBeGreaterThan((emitted - dropped) * 0.2 * 0.7);
    expect(duplicates).toBeLessThan((emitted - dropped) * 0.2 * 1.3);
    expect(reordered).toBeGreaterThan(40);
    // What the receiver saw: exactly the delivered ones, some later statuses before earlier ones.
    expect(rx.at('/status')).toHaveLength(cbs.filter((c) => c.delivered).length);
    const bySid = new Map<string, number[]>();
    for (const r of rx.at('/status')) bySid.set(r.params.CallSid!, [...(bySid.get(r.params.CallSid!) ?? []), Number(r.params.SequenceNumber)]);
    const outOfOrder = [...bySid.values()].filter((seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!));
    expect(outOfOrder.length).toBeGreaterThan(20);
  });

  it('a duplicate repeats the SequenceNumber and idempotency token of its original', async () => {
    const [to] = numbers(1);
    sim.configure({ chaos: { duplicateRate: 1, reorderRate: 0, dropRate: 0 }, scripts: { [to!]: { outcome: 'answer' } } });
    await dialAll([to!]);
    const received = rx.at('/status');
    expect(received).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      expect(received[i]!.params.SequenceNumber).toBe(received[i + 1]!.params.SequenceNumber);
      expect(received[i]!.headers['i-twilio-idempotency-token']).toBe(received[i + 1]!.headers['i-twilio-idempotency-token']);
    }
  });

  it('the same seed gives every number the same fate and the same chaos, whatever the creation order', async () => {
    sim.configure({ chaos: { duplicateRate: 0.3, reorderRate: 0.3, dropRate: 0.2 } });
    const list = numbers(60);
    const fates = () => {
      const last = new Map<string, string>();
      for (const c of sim.records().callbacks) if (c.chaos === null) last.set(c.params.To!, `${c.status}`);
      const chaos = sim.records().callbacks.map((c) => `${c.params.To}:${c.status}:${c.chaos}`).sort();
      return { last: [...last.entries()].sort(), chaos };
    };
    await dialAll(list);
    const first = fates();
    const outcomes = new Set(first.last.map(([, s]) => s));
    expect(outcomes.size).toBeGreaterThan(1);
    sim.reset();
    await dialAll([...list].reverse());
    expect(fates()).toEqual(first);
    sim.reset();
    sim.configure({ seed: 7 });
    await dialAll(list);
    expect(fates()).not.toEqual(first);
  });

  it('draws outcomes at about the configured rates', async () => {
    sim.configure({ outcomes: { answer: 0.5, busy: 0.2, noAnswer: 0.2, voicemail: 0.1, failed: 0 } });
    await dialAll(numbers(300));
    const finals = sim.records().callbacks.filter((c) => c.kind === 'call-status' && ['completed', 'busy', 'no-answer', 'failed'].includes(c.status));
    const count = (s: string) => finals.filter((c) => c.status === s).length;
    expect(finals).toHaveLength(300);
    expect(count('completed')).toBeGreaterThan(150);
    expect(count('completed')).toBeLessThan(240);
    expect(count('busy')).toBeGreaterThan(35);
    expect(count('no-answer')).toBeGreaterThan(35);
    expect(count('failed')).toBe(0);
    // Voicemail completes too, but its TwiML never presses a key.
    expect(sim.records().twiml.filter((t) => t.kind === 'fetch').length).toBe(count('completed'));
  });
});

describe('settle and stop', () => {
  it('settle() waits for latency-delayed callbacks; settle({timeoutMs}) says what is pending', async () => {
    sim.configure({ latencyMs: { min: 30, max: 60 } });
    await dialAll([]);
    await sdkFor(sim).calls.create({ to: '+46701234567', from: FROM, url: `${rx.url}/twiml`, statusCallback: `${rx.url}/status` });
    expect(rx.at('/status')).toHaveLength(0);
    await sim.settle();
    expect(rx.at('/status').map((r) => r.params.CallStatus)).toEqual(['completed']);
    sim.configure({ ringMs: { min: 60_000, max: 60_000 } });
    await sdkFor(sim).calls.create({ to: '+46701234568', from: FROM, url: `${rx.url}/twiml` });
    await expect(sim.settle({ timeoutMs: 100 })).rejects.toThrow(/did not settle within 100 ms \(\d+ tasks pending\)/);
  });

  it('stop() ends ringing calls, held-open timeouts and sockets: no handle outlives it', async () => {
    const kinds = () => process.getActiveResourcesInfo().filter((k) => k === 'TCPSocketWrap' || k === 'TCPServerWrap' || k === 'Timeout');
    const other = await startSimulator({ ...FAST, ringMs: { min: 60_000, max: 60_000 } });
    await new Promise((r) => setTimeout(r, 50));
    const before = kinds().length;
    const client = sdkFor(other, { timeout: 60_000 });
    await client.calls.create({ to: '+46701234567', from: FROM, url: `${rx.url}/twiml`, statusCallback: `${rx.url}/status` });
    other.configure({ faults: { rateTimeout: 1 } });
    const hanging = client.calls.create({ to: '+46701234568', from: FROM, url: `${rx.url}/twiml` }).catch((e: unknown) => e);
    await expect.poll(() => other.createsTo('+46701234568')).toBe(1);
    expect(kinds().length).toBeGreaterThan(before);
    await other.stop();
    expect(await hanging).toBeInstanceOf(Error);
    await expect.poll(() => kinds().length).toBeLessThanOrEqual(before);
    await expect(other.settle({ timeoutMs: 100 })).resolves.toBeUndefined();
  });
});

describe('control API', () => {
  const auth = () => ({ Authorization: 'Basic ' + Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64') });

  it('changes the config with a JSON patch, refuses a bad one unchanged, and never shows the auth token', async () => {
    const res = await fetch(`${sim.url}/__sim/config`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ faults: { rate429: 1 }, scripts: { '+46701234567': { outcome: 'busy' } } }),
    });
    expect(res.status).toBe(200);
    const shown = (await res.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ faults: { rate429: 1, rate500: 0 }, scripts: { '+46701234567': { outcome: 'busy' } } });
    expect(shown.authToken).toBeUndefined();
    expect(sim.config().faults.rate429).toBe(1);
    const bad = await fetch(`${sim.url}/__sim/config`, { method: 'POST', headers: auth(), body: JSON.stringify({ chaos: { dropRate: 2 } }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 20001, message: expect.stringContaining('chaos.dropRate') });
    expect(sim.config().chaos.dropRate).toBe(0);
    expect(() => sim.configure({ latencyMs: { min: 10, max: 5 } })).toThrow();
  });

  it('serves the records as JSON and clears them on DELETE', async () => {
    await sdkFor(sim).calls.create({ to: '+46701234567', from: FROM, url: `${rx.url}/twiml` });
    await sim.settle();
    const records = (await (await fetch(`${sim.url}/__sim/records`, { headers: auth() })).json()) as { creates: unknown[]; twiml: unknown[] };
    expect(records.creates).toHaveLength(1);
    expect(records.twiml.length).toBeGreaterThan(0);
    expect((await fetch(`${sim.url}/__sim/records`, { method: 'DELETE', headers: auth() })).status).toBe(200);
    expect(sim.records().creates).toHaveLength(0);
    expect(sim.createsTo('+46701234567')).toBe(0);
  });

  it('posts an inbound SMS on request', async () => {
    const res = await fetch(`${sim.url}/__sim/inbound`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ from: '+46701234567', to: FROM, body: 'JA', url: `${rx.url}/sms-in` }),
    });
    expect(res.status).toBe(200);
    expect(rx.at('/sms-in')[0]?.params.Body).toBe('JA');
  });
});
