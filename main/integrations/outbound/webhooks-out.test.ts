/**
 * Outgoing webhooks end to end, on SQLite and PostgreSQL: a real engine with the simulator as
 * carrier posts to a real receiver on loopback that checks every request with the
 * `standardwebhooks` library's own `verify`. An alert's launch, answers, progress and end arrive
 * signed; scopes keep drills and live alerts apart; a failing receiver is retried with backoff,
 * also across an engine restart; a burned alert's text never leaves.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../../test-support/alert-fixture';
import { engineBackends, restartTestEngine, startTestEngineOn, type EngineBackend } from '../../test-support/backends';
import { PASSWORD, type TestEngine } from '../../test-support/engine-fixture';
import type { Connection } from '../../rpc/router';
import { startReceiver, until, type Receiver } from '../../test-support/webhook-receiver';
import { setOutboundTiming } from './timing';

const RETRY_MS = 400;
let restoreTiming: () => void;
beforeAll(() => {
  restoreTiming = setOutboundTiming({ feedEveryMs: 100, deliverEveryMs: 100, progressEveryMs: 250, retryScheduleMs: [RETRY_MS, RETRY_MS, RETRY_MS, RETRY_MS, RETRY_MS] });
});
afterAll(() => restoreTiming());

let t: TestEngine | null = null;
let receiver: Receiver | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
  await receiver?.close();
  receiver = null;
});

const ALL_EVENTS = ['alert.launched', 'alert.progress', 'recipient.confirmed', 'recipient.declined', 'alert.finished', 'proposal.created'] as const;
const SECRET_TEXT = 'Brand i Åby industriområde, samling vid stationen';

async function subscribe(t: TestEngine, admin: Connection, name: string, extra: { events?: readonly string[]; scope?: 'all' | 'live' | 'drill' } = {}) {
  const created = await t.call(admin, 'subscriptions.create', {
    name,
    url: `${receiver!.url}/${name}`,
    events: [...(extra.events ?? ALL_EVENTS)] as never,
    scope: extra.scope ?? 'all',
  });
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  receiver!.secrets.set(`/${name}`, created.secret);
  return created.subscription;
}

/** The attempts an outbox row has on a stopped engine's database. */
async function attemptsWhileDown(engine: TestEngine, rowId: number): Promise<number> {
  const query = 'SELECT attempts FROM webhook_outbox WHERE id = ';
  if (engine.databaseUrl) {
    const client = new pg.Client({ connectionString: engine.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query<{ attempts: number }>(`${query}$1`, [rowId])).rows[0]!.attempts);
    } finally {
      await client.end();
    }
  }
  const file = new Database(path.join(engine.dataDir, 'gdial.db'), { readonly: true });
  try {
    return Number((file.prepare(`${query}?`).get(rowId) as { attempts: number }).attempts);
  } finally {
    file.close();
  }
}

describe.each(engineBackends())('outgoing webhooks on $name', (onBackend) => {
  let backend: EngineBackend;
  beforeAll(() => {
    backend = onBackend;
  });

  async function engine(sim: object = {}, env: Record<string, string> = {}) {
    receiver = await startReceiver();
    t = await startTestEngineOn(backend, {
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 0.5, '2': 0.5 }, ...sim },
      env: { GDIAL_CALLS_PER_SECOND: '4', GDIAL_MAX_CONCURRENT_CALLS: '4', ...env },
    });
    return { t, admin: await t.signedIn('admin'), op: await t.signedIn('operator') };
  }

  it("posts an alert's launch, answers, progress and end, each signed as Standard Webhooks says", async () => {
    const { t, admin, op } = await engine({ ringMs: { min: 100, max: 200 } });
    const sub = await subscribe(t, admin, 'all');
    const { groupId } = await bookWithGroup(t, op, 8);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'webhooks-1', draft: draft(groupId, { voiceText: SECRET_TEXT }) });
    const done = await waitForAlert(t, op, alert.id, undefined, 60_000);
    const answered = done.counters.confirmed + done.counters.declined;
    expect(answered).toBe(8);
    const types = () => receiver!.received.map((r) => r.body.type);
    await until(() => types().includes('alert.finished') && types().filter((x) => x.startsWith('recipient.')).length === answered, 'every message');

    expect(receiver!.received.every((r) => r.verified && r.path === '/all')).toBe(true);
    const byType = (type: string) => receiver!.received.filter((r) => r.body.type === type);
    expect(byType('alert.launched')).toHaveLength(1);
    expect(byType('alert.launched')[0]!.body.data).toMatchObject({ id: alert.id, title: 'Brand i Åby', drill: false, text: { voice: SECRET_TEXT } });
    expect(byType('alert.launched')[0]!.id).toBe(`msg_alert_${alert.id}_launched`);
    expect(byType('recipient.confirmed')).toHaveLength(done.counters.confirmed);
    expect(byType('recipient.declined')).toHaveLength(done.counters.declined);
    expect(byType('recipient.confirmed')[0]?.body.data).toMatchObject({ alert: { id: alert.id }, recipient: { answer: 'confirmed', via: 'voice' } });
    expect(byType('alert.progress').length).toBeGreaterThanOrEqual(1);
    expect(byType('alert.progress')[0]!.body.data).toMatchObject({ id: alert.id, state: 'running', counters: { recipients: 8 } });
    expect(byType('alert.progress')[0]!.body.data.text).toBeUndefined();
    const finished = byType('alert.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]!.body.data).toMatchObject({ id: alert.id, state: 'completed', counters: done.counters });
    // Each message id arrives once (nothing fed twice), with a timestamp in the payload.
    const ids = receiver!.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver!.received.every((r) => typeof r.body.timestamp === 'string' && r.body.data)).toBe(true);

    // The receiver has answered the last one; its row is marked a moment later.
    const settled = async () => (await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 100 })).every((d) => d.state !== 'pending');
    await until(settled, 'every delivery recorded');
    const deliveries = await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 100 });
    expect(deliveries).toHaveLength(receiver!.received.length);
    expect(deliveries.every((d) => d.state === 'delivered' && d.attempts === 1 && d.lastStatus === 200)).toBe(true);
    const [listed] = await t.call(admin, 'subscriptions.list', {});
    expect(listed).toMatchObject({ id: sub.id, pending: 0, failed: 0 });
    expect(listed!.lastDeliveryAt).not.toBeNull();

    // As after a crash before the cursor moved: the feed reads the whole call-out again, and
    // queues nothing twice (the message ids are the events' own).
    const rows = async () => Number((await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM webhook_outbox`))!.n);
    const before = await rows();
    await t.engine.store.run(sql`UPDATE app_meta SET value = ${String(Date.parse(alert.createdAt) - 1_000)} WHERE key = 'webhooks.feed_cursor'`);
    // Only a round begun after the reset has read from it (one under way may write its own cursor
    // over it); and with nothing new to queue the cursor moves on only every 10 s.
    const resetAt = Date.now();
    await until(
      async () => Number((await t.engine.store.get<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'webhooks.feed_cursor'`))!.value) > resetAt,
      'the feed to read again',
      30_000,
    );
    expect(await rows()).toBe(before);
  }, 120_000);

  it('keeps drills and live alerts apart by scope', async () => {
    const { t, admin, op } = await engine({ dtmf: { '1': 1 } });
    await subscribe(t, admin, 'live', { scope: 'live', events: ['alert.launched', 'alert.finished'] });
    await subscribe(t, admin, 'drill', { scope: 'drill', events: ['alert.launched', 'alert.finished'] });
    const { groupId } = await bookWithGroup(t, op, 2);
    const live = await t.call(op, 'alerts.launch', { launchKey: 'scope-live', draft: draft(groupId) });
    const drill = await t.call(op, 'alerts.launch', { launchKey: 'scope-drill', draft: draft(groupId, { drill: true }) });
    await waitForAlert(t, op, live.id);
    await waitForAlert(t, op, drill.id);
    await until(() => receiver!.received.filter((r) => r.body.type === 'alert.finished').length === 2, 'both ends');
    const seen = (path: string) => receiver!.received.filter((r) => r.path === path).map((r) => `${r.body.type}:${r.body.data.id}`).sort();
    expect(seen('/live')).toEqual([`alert.finished:${live.id}`, `alert.launched:${live.id}`]);
    expect(seen('/drill')).toEqual([`alert.finished:${drill.id}`, `alert.launched:${drill.id}`]);
    expect(receiver!.received.every((r) => r.verified)).toBe(true);
  }, 120_000);

  it('retries a failing receiver with backoff until it answers 2xx; the test button queues a signed test message', async () => {
    const { t, admin } = await engine();
    const sub = await subscribe(t, admin, 'flaky', { events: ['alert.finished'] });
    receiver!.respond = (_path, n) => (n === 1 ? 500 : 200);
    const queued = await t.call(admin, 'subscriptions.sendTest', { id: sub.id });
    expect(queued).toMatchObject({ eventType: 'test', state: 'pending', attempts: 0 });
    await until(async () => (await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 }))[0]!.state === 'delivered', 'the retry');
    const [delivery] = await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 });
    expect(delivery).toMatchObject({ id: queued.id, state: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
    const [first, second] = receiver!.received;
    expect([first!.status, second!.status]).toEqual([500, 200]);
    expect(first!.id).toBe(queued.messageId);
    expect(second!.id).toBe(queued.messageId); // the same webhook-id for every retry
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(RETRY_MS - 50);
    expect(first!.verified && second!.verified).toBe(true);
    expect(second!.body).toMatchObject({ type: 'test', data: { subscription: { id: sub.id, name: 'flaky' } } });
    const audit = await t.call(admin, 'audit.list', { action: 'subscriptions.sendTest' });
    expect(audit.length).toBe(1);
  }, 120_000);

  it('gives a message up after its last retry, and says why', async () => {
    const { t, admin } = await engine();
    const sub = await subscribe(t, admin, 'down', { events: ['alert.finished'] });
    receiver!.respond = () => 503;
    await t.call(admin, 'subscriptions.sendTest', { id: sub.id });
    await until(async () => (await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 }))[0]!.state === 'failed', 'giving up', 20_000);
    const [delivery] = await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 });
    expect(delivery).toMatchObject({ state: 'failed', attempts: 6, lastStatus: 503, nextAt: null });
    expect(delivery!.lastError).toContain('503');
    expect(receiver!.received).toHaveLength(6);
    expect((await t.call(admin, 'subscriptions.list', {}))[0]).toMatchObject({ pending: 0, failed: 1 });
  }, 120_000);

  it('does not follow a redirect: the attempt fails and says where it was sent', async () => {
    const { t, admin } = await engine();
    const sub = await subscribe(t, admin, 'moved', { events: ['alert.finished'] });
    receiver!.respond = (path) => (path === '/moved' ? { status: 307, headers: { location: `${receiver!.url}/elsewhere` } } : 200);
    await t.call(admin, 'subscriptions.sendTest', { id: sub.id });
    await until(async () => (await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 }))[0]!.attempts >= 1, 'the first attempt');
    const [delivery] = await t.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 });
    expect(delivery).toMatchObject({ state: 'pending', lastStatus: 307 });
    expect(delivery!.lastError).toBe(`redirect to ${receiver!.url}/elsewhere not followed`);
    expect(receiver!.received.every((r) => r.path === '/moved')).toBe(true);
  }, 120_000);

  it('audits where a subscription posts by its origin only: a token in the URL never enters the audit chain', async () => {
    const { t, admin } = await engine();
    const origin = receiver!.url;
    const withTokens = `${origin.replace('http://', 'http://hook:PASSWORD123@')}/services/T0KEN-PATH-9?sig=QUERY-S3CRET`;
    const created = await t.call(admin, 'subscriptions.create', { name: 'Chatt', url: withTokens, events: ['alert.launched'], scope: 'all' });
    await t.call(admin, 'subscriptions.update', { id: created.subscription.id, url: `${origin}/other/T0KEN-PATH-10` });
    await t.call(admin, 'subscriptions.delete', { id: created.subscription.id });
    const rows = [
      ...(await t.call(admin, 'audit.list', { action: 'subscriptions.create' })),
      ...(await t.call(admin, 'audit.list', { action: 'subscriptions.update' })),
      ...(await t.call(admin, 'audit.list', { action: 'subscriptions.delete' })),
    ];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const details = JSON.stringify(row);
      expect(details).toContain(origin);
      for (const secret of ['PASSWORD123', 'T0KEN-PATH', 'QUERY-S3CRET', 'hook:']) expect(details).not.toContain(secret);
    }
  }, 60_000);

  it('retries across an engine restart: the row waits in the database and is delivered by the engine that starts again', async () => {
    const { t: first, admin } = await engine();
    const sub = await subscribe(first, admin, 'restart', { events: ['alert.finished'] });
    receiver!.respond = () => 503;
    const queued = await first.call(admin, 'subscriptions.sendTest', { id: sub.id });
    // Recorded, not only received: the stop may cut a request off before its answer is back.
    await until(async () => (await first.call(admin, 'subscriptions.deliveries', { id: sub.id, limit: 5 }))[0]!.attempts >= 1, 'the first attempt');
    await first.engine.stop();
    t = null;
    // A request the stop cut off before its answer came back is given back untried (and the
    // receiver saw it all the same), so count the attempts the database kept, not the requests.
    const attemptsWhileUp = await attemptsWhileDown(first, queued.id);
    expect(attemptsWhileUp).toBeGreaterThanOrEqual(1);
    expect(receiver!.received.length).toBeGreaterThanOrEqual(attemptsWhileUp);
    receiver!.respond = () => 204;
    t = await restartTestEngine(first);
    const conn = t.engine.connect('test');
    await t.call(conn, 'auth.login', { username: 'admin', password: PASSWORD });
    await until(async () => (await t!.call(conn, 'subscriptions.deliveries', { id: sub.id, limit: 5 }))[0]!.state === 'delivered', 'delivery after the restart');
    const [delivery] = await t.call(conn, 'subscriptions.deliveries', { id: sub.id, limit: 5 });
    expect(delivery).toMatchObject({ id: queued.id, state: 'delivered', lastStatus: 204, attempts: attemptsWhileUp + 1 });
    const last = receiver!.received.at(-1)!;
    expect(last).toMatchObject({ id: queued.messageId, status: 204, verified: true });
  }, 120_000);

  it("sends no text of a burned alert: a burn blanks what still waits, and the end comes without it", async () => {
    const { t, admin, op } = await engine({ ringMs: { min: 30_000, max: 30_000 } });
    await subscribe(t, admin, 'burn', { events: ['alert.launched', 'alert.finished'] });
    receiver!.respond = () => 500;
    const { groupId } = await bookWithGroup(t, op, 2);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-webhooks',
      draft: draft(groupId, { voiceText: SECRET_TEXT, smsText: SECRET_TEXT, burn: { after: 'time', minutes: 60 } } as never),
    });
    await until(() => receiver!.received.length >= 1, 'the launch, refused once');
    expect(receiver!.received[0]!.raw).toContain(SECRET_TEXT); // before the burn, the text goes
    const waiting = () => t.engine.store.all<{ payload: string; eventType: string }>(sql`SELECT payload, event_type AS "eventType" FROM webhook_outbox WHERE alert_id = ${alert.id}`);
    expect((await waiting())[0]!.payload).toContain(SECRET_TEXT);

    await t.call(op, 'alerts.burn', { id: alert.id });
    expect((await waiting()).every((r) => !r.payload.includes(SECRET_TEXT) && JSON.parse(r.payload).data.text === null)).toBe(true);
    const before = receiver!.received.length;
    receiver!.respond = () => 200;
    await until(() => receiver!.received.filter((r) => r.status === 200).length === 2, 'the launch and the end, after the burn');
    const after = receiver!.received.slice(before);
    expect(after.map((r) => r.body.type).sort()).toEqual(['alert.finished', 'alert.launched']);
    for (const r of after) {
      expect(r.verified).toBe(true);
      expect(r.raw).not.toContain(SECRET_TEXT);
      expect(r.body.data.text).toBeNull();
    }
    expect(after.find((r) => r.body.type === 'alert.finished')!.body.data).toMatchObject({ state: 'canceled', text: null });
    expect(after.find((r) => r.body.type === 'alert.finished')!.body.data.burnedAt).not.toBeNull();
  }, 120_000);
});
