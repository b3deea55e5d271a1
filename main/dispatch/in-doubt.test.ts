// In-doubt resolution against a carrier that behaves like Twilio: records still in the account
// queue have no start_time / date_sent and must still be found; an ambiguous match or a carrier
// list that fails never leads to a second create.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../carriers/simulator';
import type { CarrierPort } from '../carriers/carrier-port';
import { createTwilioAdapter } from '../carriers/twilio-adapter';
import { silentLogger } from '../log';
import { FAST } from '../test-support/alert-fixture';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { seedLedger } from '../test-support/report-ledger';
import { SwitchableCarrier } from './carrier-setup';
import { CLOCK_SKEW_MS, InDoubtResolver } from './in-doubt';
import { AsyncOutcomes } from './outcomes-async';

const FROM = '+46101234567';
const NUMBER = (i: number) => `+467055500${String(i).padStart(2, '0')}`;

describe.each(testBackends())('in-doubt resolution on $name', (backend) => {
  let db: OpenedTestStore;
  let sim: Simulator;
  let fake: Server | null = null;
  let clock = 0;

  beforeEach(async () => {
    db = await backend.open();
    // Twilio's default: one call (and one text) per second; creates beyond it wait in the queue.
    sim = await startSimulator({ ...FAST, latencyMs: { min: 5, max: 10 }, limits: { callsPerSecond: 1, messagesPerSecond: 1 }, queue: { enabled: true } });
    clock = Date.now();
  });

  afterEach(async () => {
    await sim.stop();
    if (fake) await new Promise((r) => fake!.close(r));
    fake = null;
    await db.close();
  });

  const simCarrier = () => createTwilioAdapter({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs: 2000, local: true });

  function resolverWith(carrier: CarrierPort) {
    const outcomes = new AsyncOutcomes(db.store);
    return { outcomes, resolver: new InDoubtResolver(db.store, outcomes, { forDrill: () => carrier, forAlert: async () => carrier, all: () => [carrier] }, silentLogger(), () => clock) };
  }

  /** In-doubt attempts (one recipient each) whose create left at `submittingAt`. */
  async function inDoubt(attempts: Array<{ e164: string; channel?: 'voice' | 'sms'; submittingAt: number }>): Promise<number[]> {
    const { attemptIds } = await seedLedger(
      db.store,
      { title: 'Brand', state: 'running', createdAt: attempts[0]!.submittingAt },
      attempts.map((a, i) => ({ name: `Person ${i}`, attempts: [{ channel: a.channel ?? 'voice', state: 'in_doubt', queuedAt: a.submittingAt, e164: a.e164 }] })),
    );
    const ids = attemptIds.map((a) => a[0]!);
    for (const [i, a] of attempts.entries()) await db.store.run(sql`UPDATE dispatch_attempts SET submitting_at = ${a.submittingAt} WHERE id = ${ids[i]!}`);
    return ids;
  }

  const state = (id: number) => db.store.get<{ state: string; sid: string | null }>(sql`SELECT state, carrier_sid AS sid FROM dispatch_attempts WHERE id = ${id}`);

  describe('in-doubt resolution finds what waits in the account queue', () => {
    it('adopts a call still queued at the carrier (no start_time yet) instead of creating it again', async () => {
      const carrier = simCarrier();
      const at = Date.now();
      // Three creates in the same second: the third waits about two seconds in the account queue.
      const created = await Promise.all([0, 1, 2].map((i) => carrier.createCall({ to: NUMBER(i), from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 })));
      const queued = created[2]!;
      const [id] = await inDoubt([{ e164: NUMBER(2), submittingAt: at }]);
      const call = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls/${queued.sid}.json`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64') },
      }).then((r) => r.json() as Promise<{ status: string; start_time: string | null }>);
      expect(call).toMatchObject({ status: 'queued', start_time: null });
      const { resolver } = resolverWith(carrier);
      expect(await resolver.resolveAll(0)).toBe(0);
      expect(await state(id!)).toEqual({ state: 'submitted', sid: queued.sid });
      expect(sim.createsTo(NUMBER(2))).toBe(1);
    });

    it('adopts a text still queued at the carrier (no date_sent yet)', async () => {
      const carrier = simCarrier();
      const at = Date.now();
      const created = await Promise.all([0, 1, 2].map((i) => carrier.createMessage({ to: NUMBER(i), from: FROM, body: 'Larm' })));
      const [id] = await inDoubt([{ e164: NUMBER(2), channel: 'sms', submittingAt: at }]);
      const { resolver } = resolverWith(carrier);
      await resolver.resolveAll(0);
      expect(await state(id!)).toEqual({ state: 'submitted', sid: created[2]!.sid });
      expect(sim.createsTo(NUMBER(2), 'message')).toBe(1);
    });

    it('queues an attempt again only when the carrier answered in full and has nothing in its window', async () => {
      const carrier = simCarrier();
      // A call to the same number long before this attempt's window does not count.
      const old = await carrier.createCall({ to: NUMBER(3), from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 });
      clock = Date.now() + 2 * CLOCK_SKEW_MS;
      const [id] = await inDoubt([{ e164: NUMBER(3), submittingAt: clock - 1000 }]);
      const { resolver } = resolverWith(carrier);
      // Within the grace period "absent" may just mean "not shown yet".
      expect(await resolver.resolveAll(15_000)).toBe(0);
      expect((await state(id!))?.state).toBe('in_doubt');
      clock += 15_000;
      expect(await resolver.resolveAll(15_000)).toBe(1);
      expect(await state(id!)).toEqual({ state: 'queued', sid: null });
      expect(old.sid).toMatch(/^CA/);
    });

    it('leaves an ambiguous match in doubt, and a callback naming the attempt settles it', async () => {
      const carrier = simCarrier();
      const at = Date.now();
      const first = await carrier.createCall({ to: NUMBER(4), from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 });
      await carrier.createCall({ to: NUMBER(4), from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 });
      const [id] = await inDoubt([{ e164: NUMBER(4), submittingAt: at }]);
      const { resolver, outcomes } = resolverWith(carrier);
      await resolver.resolveAll(0);
      expect(await state(id!)).toEqual({ state: 'in_doubt', sid: null });
      expect(resolver.hasWork()).toBe(true);
      // The status callback carries the attempt id in its URL: it names the call.
      await db.store.unit((tx) => outcomes.applyStatus(tx, { kind: 'call', attemptId: id!, sid: first.sid, status: 'ringing', payload: {} }, Date.now()));
      expect(await state(id!)).toEqual({ state: 'ringing', sid: first.sid });
      expect(sim.createsTo(NUMBER(4))).toBe(2);
    });

    it('leaves an attempt with no submit time (set in doubt by hand) to the operator', async () => {
      const [id] = await inDoubt([{ e164: NUMBER(8), submittingAt: clock }]);
      await db.store.run(sql`UPDATE dispatch_attempts SET submitting_at = NULL WHERE id = ${id!}`);
      const { resolver } = resolverWith(simCarrier());
      expect(await resolver.resolveAll(0)).toBe(0);
      expect(await state(id!)).toEqual({ state: 'in_doubt', sid: null });
    });

    it('never gives one record to either of two attempts in doubt to the same number', async () => {
      const carrier = simCarrier();
      const at = Date.now();
      const one = await carrier.createCall({ to: NUMBER(5), from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 });
      const ids = await inDoubt([
        { e164: NUMBER(5), submittingAt: at },
        { e164: NUMBER(5), submittingAt: at },
      ]);
      const { resolver } = resolverWith(carrier);
      expect(await resolver.resolveAll(0)).toBe(0);
      expect(await Promise.all(ids.map(state))).toEqual([
        { state: 'in_doubt', sid: null },
        { state: 'in_doubt', sid: null },
      ]);
      expect(one.sid).toMatch(/^CA/);
    });
  });

  /** A Twilio-shaped API that fails as told: for the carrier's list calls. */
  async function fakeCarrier(answer: (url: URL, res: ServerResponse) => void): Promise<CarrierPort> {
    fake = createServer((req, res) => answer(new URL(req.url ?? '/', 'http://x'), res));
    await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', () => r()));
    const { port } = fake.address() as AddressInfo;
    return createTwilioAdapter({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 500 });
  }

  const twilioCall = (sid: string, to: string, created: number) => ({
    sid,
    to,
    from: FROM,
    status: 'queued',
    date_created: new Date(created).toUTCString().replace('GMT', '+0000'),
    start_time: null,
  });

  describe('quiet lists: a carrier list that fails never counts as "not found"', () => {
    const cases: Array<[string, (url: URL, res: ServerResponse) => void]> = [
      ['HTTP 500', (_u, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":20500,"message":"Internal Server Error","status":500}')],
      ['HTTP 429', (_u, res) => res.writeHead(429, { 'retry-after': '1' }).end()],
      ['no answer (timeout)', () => undefined],
      ['connection reset', (_u, res) => res.socket?.destroy()],
      [
        'the second page fails',
        (url, res) => {
          if (url.searchParams.has('PageToken')) return void res.writeHead(503).end();
          // A full page of calls newer than the window: the search must read on, and cannot.
          const newer = Date.now() + 60 * 60_000;
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              calls: [twilioCall(`CA${'1'.repeat(32)}`, NUMBER(6), newer)],
              next_page_uri: `${url.pathname}?To=x&PageSize=100&Page=1&PageToken=PACA${'1'.repeat(32)}`,
              page: 0,
              page_size: 100,
              start: 0,
              end: 0,
            }),
          );
        },
      ],
    ];

    it.each(cases)('%s: the attempt stays in doubt and is asked about again', async (_name, answer) => {
      const failing = await fakeCarrier(answer);
      const carrier = new SwitchableCarrier(failing);
      const [id] = await inDoubt([{ e164: NUMBER(6), submittingAt: clock - 10 * 60_000 }]);
      const { resolver } = resolverWith(carrier);
      expect(await resolver.resolveAll(0)).toBe(0);
      expect(await state(id!)).toEqual({ state: 'in_doubt', sid: null });
      expect(resolver.hasWork()).toBe(true);
      // The carrier answers again: now, and only now, "absent" means absent.
      carrier.replace(simCarrier());
      clock += 60_000;
      expect(await resolver.resolveAll(0)).toBe(1);
      expect((await state(id!))?.state).toBe('queued');
    });

    it('reads page after page (newest first) until the window is passed, and finds the call there', async () => {
      const at = Date.now() - 10 * 60_000;
      let pages = 0;
      const carrier = await fakeCarrier((url, res) => {
        const page = pages++;
        const calls = [
          // Newer than the window; in it (the one wanted) and one older; then only older ones.
          [twilioCall(`CA${'2'.repeat(32)}`, NUMBER(7), Date.now())],
          [twilioCall(`CA${'3'.repeat(32)}`, NUMBER(7), at + 2000), twilioCall(`CA${'4'.repeat(32)}`, NUMBER(7), at - 2 * 60 * 60_000)],
          [twilioCall(`CA${'5'.repeat(32)}`, NUMBER(7), at - 3 * 60 * 60_000)],
        ][page] ?? [];
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ calls, next_page_uri: `${url.pathname}?PageSize=100&Page=${page + 1}&PageToken=PA${page}`, page, page_size: 100 }),
        );
      });
      const found = await carrier.findCalls({ to: NUMBER(7), createdFrom: at - CLOCK_SKEW_MS, createdUntil: at + 5 * 60_000 });
      expect(found.map((r) => r.sid)).toEqual([`CA${'3'.repeat(32)}`]);
      // The third page lay wholly before the window: no fourth was asked for.
      expect(pages).toBe(3);
    });
  });
});
