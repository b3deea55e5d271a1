// /metrics on a real engine on both backends, over real HTTP: the text parses strictly, the figures
// are the database's, the carrier latency histogram counts the simulator's creates, the lone engine
// leads, and whoever is not on this machine (or is forwarded by a proxy) is refused.
import { sql } from 'drizzle-orm';
import os from 'node:os';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../../test-support/backends';
import { startTestEngine, type TestEngine } from '../../test-support/engine-fixture';
import { parseExposition, type Exposition } from '../../test-support/exposition-parser';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function scrape(base: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${base}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function metricsOf(engine: TestEngine): Promise<Exposition> {
  const res = await scrape(engine.engine.url!);
  expect(res.status, res.text).toBe(200);
  expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

type Count = { n: number | string };

describe.each(engineBackends())('/metrics on $name', (onBackend) => {
  let backend: EngineBackend;
  beforeAll(() => {
    backend = onBackend;
  });

  it('after a small alert: figures equal the database, the latency histogram counts every create, the lone engine leads', async () => {
    t = await startTestEngineOn(backend, {
      port: 0,
      version: '9.8.7',
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50', GDIAL_WORKSTATION_NAME: 'Vakt 1' },
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 6);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'metrics-0001', draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    // Generous: on a machine shared with other runs the last SMS statuses can take a while.
    expect((await waitForAlert(t, op, alert.id, undefined, 60_000)).state).toBe('completed');
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();

    const m = await metricsOf(t);
    expect(m.value('gdial_info', { version: '9.8.7', workstation: 'Vakt 1', database: backend.name })).toBe(1);
    expect(m.value('gdial_leader', { workstation: 'Vakt 1' })).toBe(1);
    expect(m.value('gdial_leader_epoch')).toBeGreaterThanOrEqual(1);
    expect(m.value('gdial_database_up')).toBe(1);
    expect(m.types.get('gdial_carrier_request_duration_seconds')).toBe('histogram');

    // Alerts by state: every state is a series, and each equals the database's count.
    const store = t.engine.store;
    expect(m.all('gdial_alerts').map((s) => s.labels.state).sort()).toEqual(['canceled', 'completed', 'expired', 'pending_approval', 'queued', 'running']);
    for (const s of m.all('gdial_alerts')) {
      const row = await store.get<Count>(sql`SELECT COUNT(*) AS "n" FROM alerts WHERE state = ${s.labels.state!}`);
      expect(s.value, s.labels.state).toBe(Number(row!.n));
    }
    expect(m.value('gdial_alerts', { state: 'completed' })).toBe(1);

    // Attempts by channel and state: the same, for both channels and all eleven states.
    expect(m.all('gdial_attempts')).toHaveLength(22);
    for (const s of m.all('gdial_attempts')) {
      const row = await store.get<Count>(sql`SELECT COUNT(*) AS "n" FROM dispatch_attempts WHERE channel = ${s.labels.channel!} AND state = ${s.labels.state!}`);
      expect(s.value, JSON.stringify(s.labels)).toBe(Number(row!.n));
    }
    expect(m.value('gdial_attempts', { channel: 'voice', state: 'completed' })).toBeGreaterThanOrEqual(6);
    expect(m.value('gdial_attempts_in_doubt')).toBe(0);
    expect(m.value('gdial_dispatch_queue_due', { channel: 'voice' })).toBe(0);

    // Every create the simulator received was timed, by channel, as created.
    const creates = sim.records().creates;
    const voiceCreates = creates.filter((c) => c.channel === 'call').length;
    const smsCreates = creates.filter((c) => c.channel === 'message').length;
    expect(voiceCreates).toBeGreaterThanOrEqual(6);
    expect(smsCreates).toBeGreaterThanOrEqual(1);
    expect(m.value('gdial_carrier_request_duration_seconds_count', { channel: 'voice', outcome: 'created' })).toBe(voiceCreates);
    expect(m.value('gdial_carrier_request_duration_seconds_count', { channel: 'sms', outcome: 'created' })).toBe(smsCreates);
    expect(m.value('gdial_carrier_request_duration_seconds_bucket', { channel: 'voice', outcome: 'created', le: '+Inf' })).toBe(voiceCreates);
    expect(m.value('gdial_carrier_request_duration_seconds_sum', { channel: 'voice', outcome: 'created' })).toBeGreaterThan(0);

    // Outgoing webhooks: one series per state, as the outbox holds (none subscribed here).
    for (const state of ['pending', 'delivered', 'failed']) {
      const row = await store.get<Count>(sql`SELECT COUNT(*) AS "n" FROM webhook_outbox WHERE state = ${state}`);
      expect(m.value('gdial_webhook_messages', { state })).toBe(Number(row!.n));
    }
    expect(m.value('gdial_event_loop_delay_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    expect(m.value('gdial_event_loop_delay_max_seconds')).toBeGreaterThanOrEqual(m.value('gdial_event_loop_delay_seconds', { quantile: '0.5' }));
  }, 120_000);

  // How long the scrape takes with these rows is a figure in bench/metrics.bench.ts, not a test.
  it('a few thousand attempts awaiting approval: counted, not in the dispatch queue', async () => {
    t = await startTestEngineOn(backend, { port: 0, env: { GDIAL_APPROVAL_THRESHOLD: '10' }, simulatorConfig: FAST });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1500);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'metrics-big-1', draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    expect(alert.state).toBe('pending_approval');
    const total = Number((await t.engine.store.get<Count>(sql`SELECT COUNT(*) AS "n" FROM dispatch_attempts`))!.n);
    expect(total).toBeGreaterThanOrEqual(1500);

    const m = await metricsOf(t);
    expect(m.value('gdial_alerts', { state: 'pending_approval' })).toBe(1);
    const queued = m.all('gdial_attempts', { state: 'queued' }).reduce((sum, s) => sum + s.value, 0);
    expect(queued).toBe(total);
    // Not the dispatcher's work until someone approves.
    expect(m.value('gdial_dispatch_queue_due', { channel: 'voice' })).toBe(0);
    expect(m.value('gdial_dispatch_queue_due', { channel: 'sms' })).toBe(0);
  }, 120_000);

  it('a request a proxy forwarded from elsewhere needs a key allowed `metrics`: 401 without, 403 with another, 200 with it until revoked; other methods 405', async () => {
    t = await startTestEngineOn(backend, { port: 0 });
    const base = t.engine.url!;
    const forwarded = await scrape(base, { 'X-Forwarded-For': '203.0.113.9' });
    expect(forwarded.status).toBe(401);
    expect(forwarded.text).toMatch(/API key/);
    expect(forwarded.text).not.toMatch(/gdial_/);
    const bogus = await scrape(base, { Forwarded: 'for=203.0.113.9', Authorization: 'Bearer gdk_not-a-real-key' });
    expect(bogus.status).toBe(403);
    expect(bogus.text).not.toMatch(/gdial_/);

    const admin = await t.signedIn('admin');
    const scraper = await t.call(admin, 'apiKeys.create', { name: 'Prometheus', role: 'viewer', allowedMethods: ['metrics'] });
    const other = await t.call(admin, 'apiKeys.create', { name: 'Larmcentral', role: 'operator' });
    const proxied = (secret: string) => scrape(base, { 'X-Real-IP': '203.0.113.9', Authorization: `Bearer ${secret}` });
    expect((await proxied(other.secret)).status).toBe(403);
    const allowed = await proxied(scraper.secret);
    expect(allowed.status, allowed.text).toBe(200);
    expect(parseExposition(allowed.text).value('gdial_leader')).toBe(1);
    await t.call(admin, 'apiKeys.revoke', { id: scraper.key.id });
    expect((await proxied(scraper.secret)).status).toBe(403);
    const post = await fetch(`${t.engine.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

// A real connection from another address: the machine's own LAN address, with LAN access on.
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
if (!lanAddress) console.warn('metrics.test: this machine has no non-loopback IPv4 address; the LAN refusal test is skipped (metrics-access.test.ts covers the decision)');

describe.runIf(lanAddress)('/metrics from the LAN', () => {
  it('refuses a peer that is not this machine’s loopback (401), while loopback reads', async () => {
    t = await startTestEngineOn(engineBackends()[0]!, { port: 0, env: { GDIAL_LAN_ACCESS: 'true' } });
    const port = new URL(t.engine.url!).port;
    const fromLan = await scrape(`http://${lanAddress}:${port}`);
    expect(fromLan.status).toBe(401);
    expect((await scrape(t.engine.url!)).status).toBe(200);
    const admin = await t.signedIn('admin');
    const { secret } = await t.call(admin, 'apiKeys.create', { name: 'Prometheus', role: 'viewer', allowedMethods: ['metrics'] });
    const withKey = await scrape(`http://${lanAddress}:${port}`, { Authorization: `Bearer ${secret}` });
    expect(withKey.status, withKey.text).toBe(200);
    expect(parseExposition(withKey.text).value('gdial_database_up')).toBe(1);
  });
});

// Two engines in this process on one PostgreSQL database: the one that leads says 1, the other 0.
describe.each(engineBackends().filter((b) => b.name === 'postgres'))('/metrics in a cluster on $name', (backend) => {
  it('gdial_leader is 1 on the leader and 0 on the standby, and both name the same epoch', async () => {
    const db = await backend.database();
    const engines: TestEngine[] = [];
    try {
      for (const name of ['Vakt A', 'Vakt B']) {
        engines.push(await startTestEngine({ port: 0, databaseUrl: db.databaseUrl, env: { GDIAL_WORKSTATION_NAME: name } }));
      }
      const [a, b] = await Promise.all(engines.map((e) => metricsOf(e)));
      expect(a!.value('gdial_leader', { workstation: 'Vakt A' })).toBe(1);
      expect(b!.value('gdial_leader', { workstation: 'Vakt B' })).toBe(0);
      expect(b!.value('gdial_leader_epoch')).toBe(a!.value('gdial_leader_epoch'));
    } finally {
      for (const e of engines.reverse()) await e.stop();
      await db.drop();
    }
  }, 60_000);
});
