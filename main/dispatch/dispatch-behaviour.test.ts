// The dispatcher under the conditions it exists for: a flaky carrier, a pacing limit, no uplink,
// and enough confirmations to stop early.
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../carriers/simulator';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { fromCarrierStatus } from './attempt-status';
import { carrierReasonCode } from './carrier-reasons';

let t: TestEngine | null = null;
let external: Simulator | null = null;
afterEach(async () => {
  await t?.stop();
  await external?.stop();
  t = null;
  external = null;
});

const FAST_ENV = { GDIAL_CALLS_PER_SECOND: '100', GDIAL_MAX_CONCURRENT_CALLS: '200', GDIAL_SMS_SEGMENTS_PER_SECOND: '100' };
const ALWAYS_ANSWER_AND_CONFIRM = { outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } };

let backend: EngineBackend;

describe.each(engineBackends())('on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

describe('dispatch behaviour', () => {
  it('chaos: 429s, 500s, timeouts, duplicated and reordered callbacks — one create each, states as the carrier says', async () => {
    t = await startTestEngineOn(backend, {
      env: { ...FAST_ENV, GDIAL_CARRIER_TIMEOUT_SECONDS: '1' },
      simulatorConfig: {
        ...FAST,
        seed: 7,
        outcomes: { answer: 0.6, busy: 0.15, noAnswer: 0.15, voicemail: 0, failed: 0.1 },
        dtmf: { '1': 0.7, '': 0.3 },
        faults: { rate429: 0.1, retryAfterS: 0, rate500: 0.05, createdBefore500Rate: 0.5, rateTimeout: 0.05 },
        chaos: { duplicateRate: 0.2, reorderRate: 0.2, dropRate: 0 },
      },
    });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, 80);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'chaos-0001', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, alert.id, undefined, 40_000);
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const faults = sim.records().creates.map((c) => c.fault).filter(Boolean);
    expect(faults).toEqual(expect.arrayContaining(['429', '500', 'timeout']));
    for (const n of numbers) expect(sim.createsTo(n, 'call'), n).toBe(1);
    const attempts = await t.engine.store.all<{ sid: string; state: string }>(
      sql`SELECT carrier_sid AS "sid", state FROM dispatch_attempts WHERE alert_id = ${alert.id} AND purpose = 'alert'`,
    );
    expect(attempts).toHaveLength(80);
    for (const a of attempts) {
      const carrierStatus = await t.engine.dispatch!.carrier.fetchCallStatus(a.sid);
      expect(a.state, a.sid).toBe(fromCarrierStatus('voice', carrierStatus));
    }
  }, 60_000);

  it('pacing: at 5 calls per second over 10 seconds, no one-second window holds more than 5 creates', async () => {
    // The simulator enforces Twilio-style limits at exactly our pacing: any burst would earn a 429.
    t = await startTestEngineOn(backend, {
      env: { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '100' },
      simulatorConfig: { ...FAST, ...ALWAYS_ANSWER_AND_CONFIRM, limits: { callsPerSecond: 5, messagesPerSecond: 0, maxConcurrentCalls: 0 } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 50);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'pacing-0001', draft: draft(groupId) });
    await waitForAlert(t, op, alert.id, undefined, 30_000);
    const creates = t.engine.dispatch!.simulator!.records().creates;
    expect(creates.filter((c) => c.fault !== null)).toEqual([]);
    const times = creates.map((c) => c.at).sort((a, b) => a - b);
    expect(times).toHaveLength(50);
    const worst = Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + 1000).length));
    expect(worst).toBeLessThanOrEqual(5);
    // And the limit is used, not just respected: 50 calls take about 10 s, not much more.
    expect(times.at(-1)! - times[0]!).toBeLessThan(11_000);
  }, 40_000);

  it('offline: with the carrier down the alert waits, visibly; when it returns everything goes out once', async () => {
    external = await startSimulator({ ...FAST, ...ALWAYS_ANSWER_AND_CONFIRM }, { port: 0 });
    const port = external.port;
    await external.stop();
    t = await startTestEngineOn(backend, { env: { ...FAST_ENV, GDIAL_SIMULATOR_URL: `http://127.0.0.1:${port}` } });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, 10);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'offline-0001', draft: draft(groupId) });
    const waiting = await waitForAlert(t, op, alert.id, (a) => a.waitingForUplink);
    expect(waiting).toMatchObject({ state: 'running', counters: { queued: 10 } });

    external = await startSimulator({ ...FAST, ...ALWAYS_ANSWER_AND_CONFIRM }, { port });
    const done = await waitForAlert(t, op, alert.id, undefined, 40_000);
    expect(done).toMatchObject({ state: 'completed', waitingForUplink: false, counters: { confirmed: 10 } });
    for (const n of numbers) expect(external.createsTo(n)).toBe(1);
  }, 60_000);

  it('quorum: at 3 confirmations queued calls are cancelled and the others are told to stand down', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_CALLS_PER_SECOND: '2', GDIAL_MAX_CONCURRENT_CALLS: '10', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' }, simulatorConfig: { ...FAST, ...ALWAYS_ANSWER_AND_CONFIRM } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 10);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'quorum-0001', draft: draft(groupId, { policy: { quorum: 3 } } as never) });
    const done = await waitForAlert(t, op, alert.id, undefined, 30_000);
    expect(done.state).toBe('completed');
    expect(done.counters.confirmed).toBe(3);
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const records = sim.records();
    const confirmations = records.twiml.filter((r) => r.kind === 'gather-action' && r.detail === '1');
    expect(confirmations).toHaveLength(3);
    const calls = records.creates.filter((c) => c.channel === 'call' && c.created);
    const standDowns = records.creates.filter((c) => c.channel === 'message' && c.created);
    // Everyone called but not confirming (a call already ringing) was told to stand down.
    expect(standDowns).toHaveLength(calls.length - 3);
    const rows = await t.call(op, 'alerts.recipients', { id: alert.id });
    expect(rows.rows.filter((r) => r.state === 'confirmed')).toHaveLength(3);
    expect(rows.rows.filter((r) => r.state === 'canceled')).toHaveLength(7);
    expect(calls.length).toBeLessThan(10);
  }, 40_000);
});

describe('lost callbacks', () => {
  it('asks the carrier about attempts that hear nothing, so the alert still completes', async () => {
    t = await startTestEngineOn(backend, {
      env: { ...FAST_ENV, GDIAL_STATUS_POLL_SECONDS: '1' },
      simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 1, noAnswer: 0, voicemail: 0, failed: 0 }, chaos: { duplicateRate: 0, reorderRate: 0, dropRate: 1 } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 5);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'lost-callbacks-1', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    const done = await waitForAlert(t, op, alert.id, undefined, 20_000);
    expect(done.state).toBe('completed');
    expect(done.counters.failed).toBe(5);
    const polled = await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM carrier_events WHERE payload LIKE '%polled%'`);
    expect(polled!.n).toBeGreaterThanOrEqual(5);
    expect(t.engine.dispatch!.simulator!.records().callbacks.every((c) => !c.delivered)).toBe(true);
  }, 30_000);
});

describe('refusals', () => {
  it('turns carrier refusals into reasons an operator understands, and sends nothing twice', async () => {
    t = await startTestEngineOn(backend, {
      env: FAST_ENV,
      simulatorConfig: { ...FAST, ...ALWAYS_ANSWER_AND_CONFIRM, rejectNumbers: { '+46702000000': 21211, '+46702000001': 21214 } },
    });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'refusals-1', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    const done = await waitForAlert(t, op, alert.id);
    expect(done.counters).toMatchObject({ confirmed: 1, failed: 2 });
    const rows = (await t.call(op, 'alerts.recipients', { id: alert.id })).rows;
    // The engine sends codes; the words come from the vocabulary in the reader's language.
    const reasons = Object.fromEntries(rows.map((r) => [r.last!.e164, r.last!.reason]));
    expect(reasons[numbers[0]!]).toMatchObject({ code: carrierReasonCode('21211') });
    expect(reasons[numbers[1]!]).toMatchObject({ code: carrierReasonCode('21214') });
    for (const n of numbers) expect(t.engine.dispatch!.simulator!.createsTo(n)).toBeLessThanOrEqual(1);
  });
});
});
