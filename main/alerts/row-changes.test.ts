/**
 * Rows never go stale: every console that holds an alert's rows and applies the published
 * `alert.progress` events ends up with exactly what the database holds, whatever wrote it
 * (cancel, quorum stand-down, expiry, burn, a call-out's own callbacks). The model console
 * below is the check that fails when a write path changes rows without them being published.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { EventPayload, RecipientRow } from '../contract';
import { inTransaction } from '../db/tx';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { getAlert } from './alert-view';
import { PROGRESS_INTERVAL_MS } from './progress';
import { recipientRows } from './recipient-rows';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

type Progress = EventPayload<'alert.progress'>;
/** Each case starts an engine and a call-out: generous, as the machine may be shared. */
const SLOW = 120_000;

/** The alert's rows as the database holds them now, as a console gets them (without the alert id the page reads carry). */
function dbRows(t: TestEngine, alertId: number): RecipientRow[] {
  return recipientRows(t.engine.db, { id: alertId, offset: 0, limit: 1000 }).rows.map((r) => {
    const { alertId: _alertId, ...row } = r as RecipientRow & { alertId?: number };
    return row;
  });
}

/** A console watching one alert: its rows as first read, then every published change applied. */
function watch(t: TestEngine, alertId: number) {
  const rows = new Map<number, RecipientRow>();
  // Read and subscribe in one synchronous step, so no event falls between them.
  for (const r of dbRows(t, alertId)) rows.set(r.id, r);
  const events: Progress[] = [];
  const off = t.engine.bus.on((name, payload) => {
    if (name !== 'alert.progress') return;
    const p = payload as Progress;
    events.push(p);
    for (const { alertId: of, ...row } of p.recipients) if (of === alertId) rows.set(row.id, row);
  });
  return {
    rows,
    events,
    off,
    /** Recipient ids published (in their row) since the watch began. */
    published: () => new Set(events.flatMap((e) => e.recipients.filter((r) => r.alertId === alertId).map((r) => r.id))),
    /** The console's view equals the database's, rows and counters. */
    expectCurrent: () => {
      const db = dbRows(t, alertId);
      expect([...rows.values()].sort((a, b) => a.id - b.id)).toEqual(db);
      const last = events.flatMap((e) => e.alerts.filter((a) => a.id === alertId)).at(-1);
      expect(last?.counters).toEqual(getAlert(t.engine.db, alertId).counters);
      return db;
    },
  };
}

/** Until nothing is under way at the carrier any more, then the time for the last batch to go out. */
async function settled(t: TestEngine, alertId: number, waitForCalls = true) {
  const open = () =>
    t.engine.db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE alert_id = ${alertId} AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`,
    ).n;
  const until = Date.now() + 15_000;
  while (waitForCalls && open() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
}

/** Slow calls, few at a time: while some ring, the rest wait in the queue. */
const RINGING = { ...FAST, ringMs: { min: 30_000, max: 30_000 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 } };
const FEW_AT_A_TIME = { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '3' };

async function ringingAlert(key: string, extra: Parameters<typeof draft>[1] = {}) {
  t = await startTestEngine({ simulatorConfig: RINGING, env: FEW_AT_A_TIME });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 8);
  const alert = await t.call(op, 'alerts.launch', { launchKey: key, draft: draft(groupId, extra) });
  // The first call waits for the message's audio: seconds on a busy machine.
  await waitForAlert(t, op, alert.id, (a) => a.counters.ringing >= 3 && a.counters.queued >= 3, 60_000);
  return { t, op, alert };
}

describe('every change to a recipient reaches every console', () => {
  it('cancel: queued and ringing people alike are published in their new state', async () => {
    const { t, op, alert } = await ringingAlert('rows-cancel');
    const console1 = watch(t, alert.id);
    await t.call(op, 'alerts.cancel', { id: alert.id });
    await settled(t, alert.id);
    const rows = console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled' && r.last?.state !== 'queued')).toBe(true);
    expect(console1.published().size).toBe(8);
    console1.off();
  }, SLOW);

  it('burn: a running alert stops, and every row says so without a reload', async () => {
    // A burn message: the operator who launched it may burn it (any alert: admins only).
    const { t, op, alert } = await ringingAlert('rows-burn', { burn: { after: 'time', minutes: 600 } } as never);
    const console1 = watch(t, alert.id);
    await t.call(op, 'alerts.burn', { id: alert.id });
    await settled(t, alert.id);
    const rows = console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled' && r.last?.state !== 'queued')).toBe(true);
    expect(console1.published().size).toBe(8);
    const last = console1.events.flatMap((e) => e.alerts.filter((a) => a.id === alert.id)).at(-1)!;
    expect(last.state).toBe('canceled');
    expect(last.burnedAt).not.toBeNull();
    console1.off();
  }, SLOW);

  it('expiry: what was still queued is cancelled, and published', async () => {
    const { t, alert } = await ringingAlert('rows-expiry');
    const console1 = watch(t, alert.id);
    // The clock cannot be wound on: the alert is made due instead; the dispatcher expires it on its next round.
    t.engine.db.run(sql`UPDATE alerts SET expires_at = ${Date.now() - 1} WHERE id = ${alert.id}`);
    await waitForAlert(t, await t.signedIn('viewer'), alert.id, (a) => a.state === 'expired');
    // Calls already ringing are left to finish: their rows are published as they are now.
    await settled(t, alert.id, false);
    const rows = console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled')).toBe(true);
    expect(rows.some((r) => r.last?.state === 'queued')).toBe(false);
    expect(console1.published().size).toBe(8);
    console1.off();
  }, SLOW);

  it('quorum: the first confirmation stands everyone else down, and their rows follow', async () => {
    t = await startTestEngine({
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
      env: { GDIAL_CALLS_PER_SECOND: '1', GDIAL_MAX_CONCURRENT_CALLS: '1' },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 8);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'rows-quorum',
      draft: draft(groupId, { policy: { quorum: 1 } } as never),
    });
    // Watched from launch: the first person's answer is what stops the rest.
    const console1 = watch(t, alert.id);
    const done = await waitForAlert(t, op, alert.id, undefined, 60_000);
    expect(done.counters.confirmed).toBe(1);
    await settled(t, alert.id);
    const rows = console1.expectCurrent();
    expect(rows.filter((r) => r.state === 'canceled').length).toBe(7);
    expect(rows.some((r) => r.last?.state === 'queued')).toBe(false);
    console1.off();
  }, SLOW);

  it('a whole call-out (answers, busy, no answer, answering machines and their texts): the console ends equal to the database', async () => {
    t = await startTestEngine({
      simulatorConfig: { ...FAST, outcomes: { answer: 0.4, busy: 0.2, noAnswer: 0.2, voicemail: 0.2, failed: 0 }, dtmf: { '1': 0.5, '2': 0.5 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 12);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'rows-mixed',
      draft: draft(groupId, { channels: ['voice', 'sms'], policy: { cycles: 1, retryIntervalSeconds: 10 } } as never),
    });
    const console1 = watch(t, alert.id);
    await waitForAlert(t, op, alert.id, undefined, 60_000);
    await settled(t, alert.id);
    console1.expectCurrent();
    console1.off();
  }, SLOW);
});

describe('only what was committed is published', () => {
  it('a rolled-back write publishes nothing; the same write committed does', async () => {
    t = await startTestEngine({ simulatorConfig: FAST, env: { GDIAL_CALLS_PER_SECOND: '0.1' } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'rows-rollback', draft: draft(groupId) });
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    const console1 = watch(t, alert.id);
    const db = t.engine.db;
    // The last person: at 0.1 calls a second, nobody has called them yet (no write of the dispatcher's).
    const recipient = Math.max(...console1.rows.keys());
    const write = () => db.run(sql`UPDATE alert_recipients SET state = 'declined' WHERE id = ${recipient}`);
    expect(() =>
      inTransaction(db, () => {
        write();
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    expect(console1.published().has(recipient)).toBe(false);

    inTransaction(db, write);
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    expect(console1.rows.get(recipient)?.state).toBe('declined');
    console1.off();
  }, SLOW);
});
