// The simulator behaves like Twilio where the in-doubt search depends on it: records still in
// the account queue have no start_time / date_sent, date filters are dates, lists page newest
// first, and creates beyond the account's rate wait in the queue instead of being refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID } from './config';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const FROM = '+46101234567';
const to = (i: number) => `+467012300${String(i).padStart(2, '0')}`;

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  // One call and one text per second; everything beyond waits in the queue.
  sim = await startSimulator({ ...FAST, limits: { callsPerSecond: 1, messagesPerSecond: 1 }, queue: { enabled: true } });
  rx = await startReceiver();
  rx.on('/twiml', '<Response><Say>Larm.</Say></Response>');
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const dial = (number: string) =>
  sdkFor(sim).calls.create({ to: number, from: FROM, url: `${rx.url}/twiml`, statusCallback: `${rx.url}/status`, statusCallbackEvent: ['initiated', 'completed'] });

describe('the account queue', () => {
  it('accepts creates beyond the rate as queued, with no start_time until dialled, one per second', async () => {
    const calls = await Promise.all([0, 1, 2].map((i) => dial(to(i))));
    expect(calls.map((c) => c.status)).toEqual(['queued', 'queued', 'queued']);
    expect(sim.records().creates.map((c) => c.httpStatus)).toEqual([201, 201, 201]);
    const held = sim.records().creates.map((c) => c.queuedMs ?? 0).sort((a, b) => a - b);
    expect(held[0]).toBe(0);
    expect(held[1]).toBeGreaterThanOrEqual(900);
    expect(held[2]).toBeGreaterThanOrEqual(1900);
    const last = calls.find((c) => c.to === to(2))!;
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await sdkFor(sim).calls(last.sid).fetch();
    expect(waiting.status).toBe('queued');
    expect(waiting.startTime).toBeNull();
    // Still in the queue: a StartTime filter does not find it (Twilio: "Empty if the call has not yet been dialed").
    const today = new Date();
    expect((await sdkFor(sim).calls.list({ to: to(2), startTime: today })).map((c) => c.sid)).toEqual([]);
    // Searching by To (and From), without a start filter, does.
    expect((await sdkFor(sim).calls.list({ to: to(2), from: FROM })).map((c) => c.sid)).toEqual([last.sid]);
    await sim.settle({ timeoutMs: 10_000 });
    const done = await sdkFor(sim).calls(last.sid).fetch();
    expect(done.startTime).toBeInstanceOf(Date);
    expect(done.startTime!.getTime() - done.dateCreated.getTime()).toBeGreaterThanOrEqual(1000);
    expect((await sdkFor(sim).calls.list({ to: to(2), startTime: today })).map((c) => c.sid)).toEqual([last.sid]);
  });

  it('holds texts too: date_sent stays empty until the message is sent', async () => {
    const client = sdkFor(sim);
    const messages = await Promise.all([0, 1].map((i) => client.messages.create({ to: to(i), from: FROM, body: 'Larm' })));
    const second = messages.find((m) => m.to === to(1))!;
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await client.messages(second.sid).fetch();
    expect(waiting.dateSent).toBeNull();
    expect(await client.messages.list({ to: to(1), dateSent: new Date() })).toEqual([]);
    expect((await client.messages.list({ to: to(1), from: FROM })).map((m) => m.sid)).toEqual([second.sid]);
    await sim.settle({ timeoutMs: 10_000 });
    expect((await client.messages(second.sid).fetch()).dateSent).toBeInstanceOf(Date);
  });

  it('without the queue, creates beyond the rate are refused with 429', async () => {
    sim.configure({ queue: { enabled: false } });
    const results = await Promise.allSettled([0, 1].map((i) => dial(to(i))));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(sim.records().creates.map((c) => c.httpStatus).sort()).toEqual([201, 429]);
  });
});

describe('lists as Twilio describes them', () => {
  it('filters StartTime by date (YYYY-MM-DD, UTC), not by the time of day', async () => {
    sim.configure({ limits: { callsPerSecond: 0 } });
    const call = await dial(to(5));
    await sim.settle();
    const day = new Date().toISOString().slice(0, 10);
    const list = (q: string) =>
      fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json?To=${encodeURIComponent(to(5))}&${q}`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64') },
      }).then(async (r) => ({ status: r.status, sids: ((await r.json()) as { calls?: { sid: string }[] }).calls?.map((c) => c.sid) }));
    expect(await list(`StartTime=${day}`)).toEqual({ status: 200, sids: [call.sid] });
    expect(await list(`${encodeURIComponent('StartTime>')}=${day}`)).toEqual({ status: 200, sids: [call.sid] });
    expect(await list(`${encodeURIComponent('StartTime<')}=${day}`)).toEqual({ status: 200, sids: [call.sid] });
    // A later time on the same day is still that day: the filter has no finer grain.
    expect(await list(`${encodeURIComponent('StartTime>')}=${day}T23:59:59Z`)).toEqual({ status: 200, sids: [call.sid] });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await list(`${encodeURIComponent('StartTime>')}=${tomorrow}`)).toEqual({ status: 200, sids: [] });
    expect((await list('StartTime=yesterday')).status).toBe(400);
  });

  it('pages newest first with PageSize, Page and PageToken, following next_page_uri', async () => {
    sim.configure({ limits: { callsPerSecond: 0 } });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await dial(to(7))).sid);
    const client = sdkFor(sim);
    const first = await client.calls.page({ to: to(7), pageSize: 2 });
    expect(first.instances.map((c) => c.sid)).toEqual([made[4], made[3]]);
    expect(first.nextPageUrl).toMatch(/PageToken=PA/);
    const second = await first.nextPage();
    expect(second!.instances.map((c) => c.sid)).toEqual([made[2], made[1]]);
    // A create between pages does not shift them: the token names the last record seen.
    await dial(to(7));
    const third = await second!.nextPage();
    expect(third!.instances.map((c) => c.sid)).toEqual([made[0]]);
    expect(third!.nextPageUrl).toBeUndefined();
    expect((await client.calls.list({ to: to(7), pageSize: 2 })).length).toBe(6);
  });

  it('uses an account SID of the form Twilio gives (AC + 32 hex digits)', () => {
    expect(DEFAULT_ACCOUNT_SID).toMatch(/^AC[0-9a-f]{32}$/);
    expect(sim.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(() => sim.configure({ accountSid: 'ACsimulator00000000000000000000000' })).toThrow();
  });
});
