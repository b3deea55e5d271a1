/**
 * When a burn comes: a 'time' burn that fires while the call-out runs stops it (nobody is called
 * or texted any more, live calls are ended), and an 'end' burn waits for the call-out's end and
 * then its minutes — also across a restart of an engine that was down when the call-out ended.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, restartTestEngine, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

const SECRET = 'Hemligt larm Zebra4711 vid norra porten';
const NO_ANSWER = { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 };

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function burnRow(engine: TestEngine, alertId: number) {
  const row = await engine.engine.store.get<{ burn_after: string; burn_at: number | null; burn_minutes: number | null; burned_at: number | null }>(
    sql`SELECT burn_after, burn_at, burn_minutes, burned_at FROM burn_messages WHERE alert_id = ${alertId}`,
  );
  return row!;
}

/** Statements on a stopped engine's database, as its rows would be had it died at that moment. */
async function whileDown(engine: TestEngine, statements: Array<[text: string, params: unknown[]]>) {
  if (engine.databaseUrl) {
    const client = new pg.Client({ connectionString: engine.databaseUrl });
    await client.connect();
    for (const [text, params] of statements) {
      let n = 0;
      await client.query(text.replace(/\?/g, () => `$${++n}`), params);
    }
    await client.end();
    return;
  }
  const file = new Database(path.join(engine.dataDir, 'gdial.db'));
  for (const [text, params] of statements) file.prepare(text).run(...params);
  file.close();
}

let backend: EngineBackend;

describe.each(engineBackends())('a time burn while the call-out is still running, on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('stops the call-out: queued attempts cancelled, live calls ended, nobody pending, nothing sent afterwards', async () => {
    // Calls ring for a minute: at the burn one is live at the carrier, the others still queued.
    t = await startTestEngineOn(backend, {
      env: { GDIAL_MAX_CONCURRENT_CALLS: '1' },
      simulatorConfig: { ...FAST, ringMs: { min: 60_000, max: 60_000 }, outcomes: NO_ANSWER },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-time-running',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'time', minutes: 60 }, policy: { cycles: 3, retryIntervalSeconds: 600 } } as never),
    });
    expect(alert.burn).toMatchObject({ after: 'time', minutes: 60 });
    const sim = t.engine.dispatch!.simulator!;
    await waitForAlert(t, op, alert.id, (a) => a.state === 'running' && a.counters.ringing + a.counters.dialling >= 1);
    for (const end = Date.now() + 10_000; sim.records().creates.length === 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    const liveSid = sim.records().creates[0]!.sid;

    // The burn time has come (as if the hour had passed).
    await t.engine.store.run(sql`UPDATE burn_messages SET burn_at = ${Date.now() - 1} WHERE alert_id = ${alert.id}`);
    await t.engine.dispatch!.burner.tick();

    const burned = await t.call(op, 'alerts.get', { id: alert.id });
    expect(burned.state).toBe('canceled');
    expect(burned.voiceText).toBe('');
    expect(burned.burn?.burnedAt).not.toBeNull();
    expect(burned.counters).toMatchObject({ pending: 0, queued: 0 });
    for (const end = Date.now() + 5_000; !sim.records().actions.some((a) => a.sid === liveSid) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    expect(sim.records().actions.find((a) => a.sid === liveSid)?.kind).toMatch(/cancel|hangup/);
    const createsAtBurn = sim.records().creates.length;
    t.engine.dispatch!.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.records().creates.length).toBe(createsAtBurn);
  }, 60_000);
});

describe.each(engineBackends())("an 'end' burn on $name", (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('burns only after the call-out has ended plus its minutes, counted from the end', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: NO_ANSWER } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-end-minutes',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'end', minutes: 30 }, policy: { cycles: 1 } } as never),
    });
    expect(alert.burn).toMatchObject({ after: 'end', minutes: 30, burnAt: null, burnedAt: null });
    expect(await burnRow(t, alert.id)).toMatchObject({ burn_after: 'end', burn_at: null, burn_minutes: 30 });
    const done = await waitForAlert(t, op, alert.id);
    expect(done.state).toBe('completed');

    await t.engine.dispatch!.burner.tick();
    const finishedAt = Date.parse(done.finishedAt!);
    const waiting = await t.call(op, 'alerts.get', { id: alert.id });
    expect(waiting.burn).toMatchObject({ after: 'end', burnedAt: null, burnAt: new Date(finishedAt + 30 * 60_000).toISOString() });
    expect(waiting.voiceText).toBe(SECRET);

    // Half an hour later (the call-out's end moved back instead of the clock forward).
    await t.engine.store.run(sql`UPDATE alerts SET finished_at = ${Date.now() - 30 * 60_000 - 1} WHERE id = ${alert.id}`);
    await t.engine.dispatch!.burner.tick();
    const burned = await t.call(op, 'alerts.get', { id: alert.id });
    expect(burned.burn?.burnedAt).not.toBeNull();
    expect(burned.voiceText).toBe('');
  }, 60_000);

  it('sets its time at start from the call-out end it missed while the engine was down, and burns', async () => {
    const first = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: NO_ANSWER } });
    t = first;
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-end-restart',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'end', minutes: 5 }, policy: { cycles: 1 } } as never),
    });
    await waitForAlert(t, op, alert.id);
    await t.engine.stop();
    t = null;

    // As the rows would be had the engine died the moment the call-out ended, ten minutes ago.
    const endedAt = Date.now() - 10 * 60_000;
    await whileDown(first, [
      ['UPDATE alerts SET finished_at = ? WHERE id = ?', [endedAt, alert.id]],
      ['UPDATE burn_messages SET burn_at = NULL WHERE alert_id = ?', [alert.id]],
    ]);

    t = await restartTestEngine(first, { simulatorConfig: { ...FAST, outcomes: NO_ANSWER } });
    await t.engine.dispatch!.burner.tick();
    expect(await burnRow(t, alert.id)).toMatchObject({ burn_at: endedAt + 5 * 60_000 });
    expect((await burnRow(t, alert.id)).burned_at).not.toBeNull();
    const voice = await t.engine.store.get<{ voice_text: string }>(sql`SELECT voice_text FROM alerts WHERE id = ${alert.id}`);
    expect(voice?.voice_text).toBe('');
  }, 60_000);
});
