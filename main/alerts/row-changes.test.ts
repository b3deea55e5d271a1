/**
 * Rows never go stale: every console that holds an alert's rows and applies the published
 * `alert.progress` events ends up with exactly what the database holds, whatever wrote it
 * (cancel, quorum stand-down, expiry, burn, a call-out's own callbacks). The model console
 * below is the check that fails when a write path changes rows without them being published.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { escalationPolicySchema, type EventPayload, type RecipientRow } from '../contract';
import type { Queryable, Store } from '../db/store';
import { EventBus } from '../events/event-bus';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, testBackends, type EngineBackend, type OpenedTestStore } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { getAlert } from './alert-view';
import { insertAlert, insertBurnMessage, insertFirstAttempts, markCanceled, queueResendRound } from './alerts-store';
import { openChangeFeed } from './change-feed-store';
import { PROGRESS_INTERVAL_MS, ProgressPublisher } from './progress';
import { recipientRows } from './recipient-rows';
import type { ChangeFeed } from './row-changes';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

type Progress = EventPayload<'alert.progress'>;
/** Each case starts an engine and a call-out: generous, as the machine may be shared. */
const SLOW = 120_000;

/** The alert's rows as the database holds them now, as a console gets them (without the alert id the page reads carry). */
async function dbRows(store: Queryable, alertId: number): Promise<RecipientRow[]> {
  return (await recipientRows(store, { id: alertId, offset: 0, limit: 1000 })).rows.map((r) => {
    const { alertId: _alertId, ...row } = r as RecipientRow & { alertId?: number };
    return row;
  });
}

/**
 * A console watching one alert: its rows as first read, then every published change applied.
 * Subscribed before reading: an event that comes between carries rows at least as new as the
 * read, and the read is applied under what arrived meanwhile.
 */
async function watch(store: Queryable, bus: EventBus, alertId: number) {
  const rows = new Map<number, RecipientRow>();
  const events: Progress[] = [];
  const off = bus.on((name, payload) => {
    if (name !== 'alert.progress') return;
    const p = payload as Progress;
    events.push(p);
    for (const { alertId: of, ...row } of p.recipients) if (of === alertId) rows.set(row.id, row);
  });
  const early = new Set(rows.keys());
  for (const r of await dbRows(store, alertId)) if (!early.has(r.id)) rows.set(r.id, r);
  return {
    rows,
    events,
    off,
    /** Recipient ids published (in their row) since the watch began. */
    published: () => new Set(events.flatMap((e) => e.recipients.filter((r) => r.alertId === alertId).map((r) => r.id))),
    /** The console's view equals the database's, rows and counters. */
    expectCurrent: async () => {
      const db = await dbRows(store, alertId);
      expect([...rows.values()].sort((a, b) => a.id - b.id)).toEqual(db);
      const last = events.flatMap((e) => e.alerts.filter((a) => a.id === alertId)).at(-1);
      expect(last?.counters).toEqual((await getAlert(store, alertId)).counters);
      return db;
    },
  };
}

/** Until nothing is under way at the carrier any more, then the time for the last batch to go out. */
async function settled(t: TestEngine, alertId: number, waitForCalls = true) {
  const open = async () =>
    (await t.engine.store.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE alert_id = ${alertId} AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`,
    ))!.n;
  const until = Date.now() + 15_000;
  while (waitForCalls && (await open()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
}

let backend: EngineBackend;

/** Slow calls, few at a time: while some ring, the rest wait in the queue. */
const RINGING = { ...FAST, ringMs: { min: 30_000, max: 30_000 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 } };
const FEW_AT_A_TIME = { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '3' };

async function ringingAlert(key: string, extra: Parameters<typeof draft>[1] = {}) {
  t = await startTestEngineOn(backend, { simulatorConfig: RINGING, env: FEW_AT_A_TIME });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 8);
  const alert = await t.call(op, 'alerts.launch', { launchKey: key, draft: draft(groupId, extra) });
  // The first call waits for the message's audio: seconds on a busy machine.
  await waitForAlert(t, op, alert.id, (a) => a.counters.ringing >= 3 && a.counters.queued >= 3, 60_000);
  return { t, op, alert };
}

describe.each(engineBackends())('every change to a recipient reaches every console on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('cancel: queued and ringing people alike are published in their new state', async () => {
    const { t, op, alert } = await ringingAlert('rows-cancel');
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    await t.call(op, 'alerts.cancel', { id: alert.id });
    await settled(t, alert.id);
    const rows = await console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled' && r.last?.state !== 'queued')).toBe(true);
    expect(console1.published().size).toBe(8);
    console1.off();
  }, SLOW);

  it('burn: a running alert stops, and every row says so without a reload', async () => {
    // A burn message: the operator who launched it may burn it (any alert: admins only).
    const { t, op, alert } = await ringingAlert('rows-burn', { burn: { after: 'time', minutes: 600 } } as never);
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    await t.call(op, 'alerts.burn', { id: alert.id });
    await settled(t, alert.id);
    const rows = await console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled' && r.last?.state !== 'queued')).toBe(true);
    expect(console1.published().size).toBe(8);
    const last = console1.events.flatMap((e) => e.alerts.filter((a) => a.id === alert.id)).at(-1)!;
    expect(last.state).toBe('canceled');
    expect(last.burnedAt).not.toBeNull();
    console1.off();
  }, SLOW);

  it('expiry: what was still queued is cancelled, and published', async () => {
    const { t, alert } = await ringingAlert('rows-expiry');
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    // The clock cannot be wound on: the alert is made due instead; the dispatcher expires it on its next round.
    await t.engine.store.run(sql`UPDATE alerts SET expires_at = ${Date.now() - 1} WHERE id = ${alert.id}`);
    await waitForAlert(t, await t.signedIn('viewer'), alert.id, (a) => a.state === 'expired');
    // Calls already ringing are left to finish: their rows are published as they are now.
    await settled(t, alert.id, false);
    const rows = await console1.expectCurrent();
    expect(rows.every((r) => r.state === 'canceled')).toBe(true);
    expect(rows.some((r) => r.last?.state === 'queued')).toBe(false);
    expect(console1.published().size).toBe(8);
    console1.off();
  }, SLOW);

  it('quorum: the first confirmation stands everyone else down, and their rows follow', async () => {
    t = await startTestEngineOn(backend, {
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
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    const done = await waitForAlert(t, op, alert.id, undefined, 60_000);
    expect(done.counters.confirmed).toBe(1);
    await settled(t, alert.id);
    const rows = await console1.expectCurrent();
    expect(rows.filter((r) => r.state === 'canceled').length).toBe(7);
    expect(rows.some((r) => r.last?.state === 'queued')).toBe(false);
    console1.off();
  }, SLOW);

  it('a whole call-out (answers, busy, no answer, answering machines and their texts): the console ends equal to the database', async () => {
    t = await startTestEngineOn(backend, {
      simulatorConfig: { ...FAST, outcomes: { answer: 0.4, busy: 0.2, noAnswer: 0.2, voicemail: 0.2, failed: 0 }, dtmf: { '1': 0.5, '2': 0.5 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 12);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'rows-mixed',
      draft: draft(groupId, { channels: ['voice', 'sms'], policy: { cycles: 1, retryIntervalSeconds: 10 } } as never),
    });
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    await waitForAlert(t, op, alert.id, undefined, 60_000);
    await settled(t, alert.id);
    await console1.expectCurrent();
    console1.off();
  }, SLOW);
});

describe.each(engineBackends())('only what was committed is published on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('a rolled-back write publishes nothing; the same write committed does', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: FAST, env: { GDIAL_CALLS_PER_SECOND: '0.1' } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'rows-rollback', draft: draft(groupId) });
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    const console1 = await watch(t.engine.store, t.engine.bus, alert.id);
    const store = t.engine.store;
    // The last person: at 0.1 calls a second, nobody has called them yet (no write of the dispatcher's).
    const recipient = Math.max(...console1.rows.keys());
    const write = (tx: Queryable) => tx.run(sql`UPDATE alert_recipients SET state = 'declined' WHERE id = ${recipient}`);
    await expect(
      store.unit(async (tx) => {
        await write(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    expect(console1.published().has(recipient)).toBe(false);

    await store.unit(write);
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    expect(console1.rows.get(recipient)?.state).toBe('declined');
    console1.off();
  }, SLOW);
});

/**
 * The same promise at the store, on both engines (SQLite's temporary triggers, PostgreSQL's
 * NOTIFY on commit): a model console that applies every event ends equal to the database,
 * whichever write changed the rows, and a rolled-back write is never published.
 */
describe.each(testBackends())('the change feed on $name', (backend) => {
  let opened: OpenedTestStore;
  let feed: ChangeFeed;
  let publisher: ProgressPublisher;
  const bus = new EventBus();
  beforeAll(async () => {
    opened = await backend.open();
    feed = await openChangeFeed(opened.store);
    publisher = new ProgressPublisher(opened.store, bus, feed, () => false);
  });
  afterAll(async () => {
    publisher.stop();
    await feed.close();
    await opened.close();
  });

  /** An alert launched as launch.ts writes one: the alert, its people, their first attempts (no notes for those). */
  async function seedAlert(store: Store, key: string, people: number): Promise<{ alertId: number; recipientIds: number[] }> {
    return store.unit(async (tx) => {
      const at = Date.now();
      const alertId = await insertAlert(tx, {
        launchKey: key,
        title: 'Brand',
        templateId: null,
        voiceText: 'Brand i Åby',
        smsText: 'Brand i Åby',
        language: 'sv',
        confirmDigit: '1',
        declineDigit: '2',
        state: 'queued',
        drill: false,
        channels: JSON.stringify(['voice']),
        policy: JSON.stringify(escalationPolicySchema.parse({})),
        contentSha256: 'x',
        createdBy: null,
        createdAt: at,
        expiresAt: at + 3_600_000,
        scheduleId: null,
        onSimulator: null,
      });
      for (let i = 0; i < people; i++) {
        await tx.run(sql`INSERT INTO alert_recipients (alert_id, name, state, voice_numbers)
          VALUES (${alertId}, ${`Person ${i}`}, 'pending', ${JSON.stringify([`+4670100000${i}`])})`);
      }
      await insertFirstAttempts(tx, alertId, 'voice', at);
      const rows = await tx.all<{ id: number }>(sql`SELECT id AS "id" FROM alert_recipients WHERE alert_id = ${alertId} ORDER BY id`);
      return { alertId, recipientIds: rows.map((r) => r.id) };
    });
  }

  /** Time for the notes to arrive (PostgreSQL's come over the listening connection) and the batch to go out. */
  async function published() {
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    await publisher.flush();
  }

  it('a model console that applies every event ends equal to the database', async () => {
    const { store } = opened;
    const launched: Progress[] = [];
    const offLaunch = bus.on((name, payload) => {
      if (name === 'alert.progress') launched.push(payload as Progress);
    });
    const { alertId, recipientIds } = await seedAlert(store, `feed-${backend.name}`, 6);
    await published();
    offLaunch();
    // The new alert is announced by its own row; its people are read with it, not pushed.
    expect(launched.flatMap((e) => e.alerts.map((a) => a.id))).toContain(alertId);
    expect(launched.flatMap((e) => e.recipients)).toEqual([]);

    const console1 = await watch(store, bus, alertId);
    const [r0, r1, r2, r3, r4] = recipientIds as [number, number, number, number, number];
    const attemptOf = async (recipientId: number) =>
      (await store.get<{ id: number }>(sql`SELECT id AS "id" FROM dispatch_attempts WHERE recipient_id = ${recipientId}`))!.id;
    // The dispatcher's path: submitted, then ringing by a carrier event.
    await store.unit(async (tx) => {
      await tx.run(sql`UPDATE dispatch_attempts SET state = 'submitted', carrier_sid = 'CA0', updated_at = ${Date.now() + 1} WHERE recipient_id = ${r0}`);
    });
    await store.run(sql`UPDATE dispatch_attempts SET state = 'ringing', updated_at = ${Date.now() + 2} WHERE recipient_id = ${r1}`);
    await store.run(sql`INSERT INTO carrier_events (attempt_id, sid, kind, status, payload, received_at) VALUES (${await attemptOf(r1)}, 'CA1', 'call', 'ringing', '{}', ${Date.now()})`);
    // An answer, and its person confirmed.
    const answered = await attemptOf(r2);
    await store.unit(async (tx) => {
      await tx.run(sql`INSERT INTO responses (alert_id, recipient_id, attempt_id, channel, from_e164, body, meaning, received_at)
        VALUES (${alertId}, ${r2}, ${answered}, 'voice', '+46701000002', '1', 'confirm', ${Date.now()})`);
      await tx.run(sql`UPDATE alert_recipients SET state = 'confirmed', confirmed_via = 'voice', confirmed_at = ${Date.now()} WHERE id = ${r2}`);
    });
    // A resend's fresh round for one person (an insert not from the launch).
    await store.run(sql`UPDATE dispatch_attempts SET state = 'failed', updated_at = ${Date.now() + 3} WHERE recipient_id = ${r3}`);
    await queueResendRound(store, alertId, 'voice', 'failed', Date.now() + 10);
    // A savepoint that fails inside a committed unit: its change is not published, the rest is.
    await store.unit(async (tx) => {
      await tx.run(sql`UPDATE alert_recipients SET state = 'declined' WHERE id = ${r4}`);
      await tx
        .unit(async (inner) => {
          await inner.run(sql`UPDATE alert_recipients SET state = 'unreached' WHERE id = ${r0}`);
          throw new Error('savepoint fails');
        })
        .catch(() => {});
    });
    await published();
    await console1.expectCurrent();
    expect(console1.published()).toEqual(new Set([r0, r1, r2, r3, r4]));

    // Cancel: every queued attempt and pending person, at once; and a burn's row.
    await store.unit(async (tx) => {
      await markCanceled(tx, alertId, null, Date.now());
      await tx.run(sql`UPDATE dispatch_attempts SET state = 'canceled', updated_at = ${Date.now() + 20} WHERE alert_id = ${alertId} AND state IN ('queued', 'submitted', 'ringing')`);
      await tx.run(sql`UPDATE alert_recipients SET state = 'canceled' WHERE alert_id = ${alertId} AND state = 'pending'`);
      await insertBurnMessage(tx, { alertId, after: 'end', burnAt: null, minutes: 5, contentSha256: 'x', createdAt: Date.now() });
    });
    await published();
    const rows = await console1.expectCurrent();
    expect(rows.filter((r) => r.state === 'canceled').length).toBeGreaterThan(0);
    const last = console1.events.flatMap((e) => e.alerts.filter((a) => a.id === alertId)).at(-1)!;
    expect(last.state).toBe('canceled');
    console1.off();
  });

  it('a rolled-back write publishes nothing; the same write committed does', async () => {
    const { store } = opened;
    const { alertId, recipientIds } = await seedAlert(store, `feed-rollback-${backend.name}`, 2);
    await published();
    const console1 = await watch(store, bus, alertId);
    const recipient = recipientIds[1]!;
    const write = (tx: Queryable) => tx.run(sql`UPDATE alert_recipients SET state = 'declined' WHERE id = ${recipient}`);
    await expect(
      store.unit(async (tx) => {
        await write(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await published();
    expect(console1.published().has(recipient)).toBe(false);

    await store.unit(write);
    await published();
    expect(console1.rows.get(recipient)?.state).toBe('declined');
    await console1.expectCurrent();
    console1.off();
  });
});

/** PostgreSQL's feed listens on a connection of its own: when that is lost, what it missed is read again. */
describe.each(testBackends().filter((b) => b.name === 'postgres'))('the change feed on $name, its listening connection lost', (backend) => {
  let opened: OpenedTestStore;
  let feed: ChangeFeed;
  beforeAll(async () => {
    opened = await backend.open();
    feed = await openChangeFeed(opened.store);
  });
  afterAll(async () => {
    await feed.close();
    await opened.close();
  });

  it('listens again, and the first drain after that reads every active alert again in full', async () => {
    const { store } = opened;
    const at = Date.now();
    const alertId = await store.unit((tx) =>
      insertAlert(tx, {
        launchKey: 'feed-lost-0001', title: 'Brand', templateId: null, voiceText: 'v', smsText: 's', language: 'sv', confirmDigit: '1', declineDigit: '2',
        state: 'queued', drill: false, channels: '["voice"]', policy: JSON.stringify(escalationPolicySchema.parse({})), contentSha256: 'x',
        createdBy: null, createdAt: at, expiresAt: at + 3_600_000, scheduleId: null, onSimulator: null,
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect((await feed.drain())!.alertIds).toEqual([alertId]);
    let woken = 0;
    const off = feed.onChange(() => woken++);
    const killed = await store.all(sql`
      SELECT pg_terminate_backend(pid) AS "done" FROM pg_stat_activity
      WHERE datname = current_database() AND query = 'LISTEN gdial_changes' AND pid <> pg_backend_pid()`);
    expect(killed).toHaveLength(1);
    // Written while nobody listens: not heard, but read again once the feed listens again.
    await new Promise((r) => setTimeout(r, 100));
    await store.run(sql`UPDATE alerts SET title = 'Brand (ändrad)' WHERE id = ${alertId}`);
    const until = Date.now() + 10_000;
    while (woken === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(woken).toBeGreaterThan(0);
    const changed = (await feed.drain())!;
    expect(changed.alertIds).toContain(alertId);
    expect(changed.reloadAlertIds.has(alertId)).toBe(true);
    // Listening again: a commit is heard as before, and nothing more is read again.
    await store.run(sql`UPDATE alerts SET title = 'Brand' WHERE id = ${alertId}`);
    await new Promise((r) => setTimeout(r, 200));
    const next = (await feed.drain())!;
    expect(next.alertIds).toEqual([alertId]);
    expect(next.reloadAlertIds.size).toBe(0);
    off();
  });
});
