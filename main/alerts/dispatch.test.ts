import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { rowCounts, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

let backend: EngineBackend;

async function engine(simulatorConfig: object, env: Record<string, string> = {}) {
  t = await startTestEngineOn(backend, { simulatorConfig, env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50', ...env } });
  return { t, op: await t.signedIn('operator') };
}

describe.each(engineBackends())('alerts on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

describe('alert dispatch against the simulator', () => {
  it('calls every recipient once; those who press 1 are confirmed and the alert completes', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } });
    const { groupId, numbers } = await bookWithGroup(t, op, 12);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'launch-key-0001', draft: draft(groupId) });
    expect(alert.counters.recipients).toBe(12);
    const done = await waitForAlert(t, op, alert.id);
    expect(done.state).toBe('completed');
    expect(done.counters).toMatchObject({ confirmed: 12, failed: 0, inDoubt: 0 });
    const sim = t.engine.dispatch!.simulator!;
    for (const n of numbers) expect(sim.createsTo(n)).toBe(1);
    const rows = await t.call(op, 'alerts.recipients', { id: alert.id });
    expect(rows.rows.every((r) => r.state === 'confirmed' && r.confirmedVia === 'voice')).toBe(true);
  });

  it('treats the same launch key as the same alert: one alert, one call each', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } });
    const { groupId, numbers } = await bookWithGroup(t, op, 3);
    const [a, b] = await Promise.all([
      t.call(op, 'alerts.launch', { launchKey: 'double-click-1', draft: draft(groupId) }),
      t.call(op, 'alerts.launch', { launchKey: 'double-click-1', draft: draft(groupId) }),
    ]);
    expect(a.id).toBe(b.id);
    await waitForAlert(t, op, a.id);
    expect((await t.call(op, 'alerts.list', {})).length).toBe(1);
    for (const n of numbers) expect(t.engine.dispatch!.simulator!.createsTo(n)).toBe(1);
  });

  it('escalates to the next number when nobody answers, and waits the interval before the next round', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } });
    const contact = await t.call(op, 'contacts.create', { name: 'Ingen Svarar', numbers: [{ number: '070-200 00 01' }, { number: '08-200 00 02' }] });
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'escalate-0001',
      draft: { ...draft(0), groupIds: [], contactIds: [contact.id], policy: { cycles: 2, attemptsPerNumber: 1, retryIntervalSeconds: 10 } } as never,
    });
    // Round two waits the retry interval; the ledger shows round one's attempts meanwhile.
    const afterRoundOne = await waitForAlert(t, op, alert.id, (a) => a.counters.failed >= 2);
    expect(afterRoundOne.state).toBe('running');
    const sim = t.engine.dispatch!.simulator!;
    expect(sim.createsTo('+46702000001')).toBe(1);
    expect(sim.createsTo('+4682000002')).toBe(1);
  });

  it('refuses a launch with no recipients chosen, naming the field, and writes nothing', async () => {
    const { t, op } = await engine(FAST);
    const before = await rowCounts(t.engine);
    const result = await t.engine.router.call(op, 'alerts.launch', { launchKey: 'empty-launch', draft: { ...draft(1), groupIds: [] } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'draft.groupIds' }] } });
    expect(await rowCounts(t.engine)).toEqual(before);
  });
});

describe('alert lifecycle', () => {
  it('cancel: queued attempts stop at once and calls in progress are ended through the carrier', async () => {
    const { t, op } = await engine(
      { ...FAST, ringMs: { min: 30_000, max: 30_000 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 } },
      { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '3' },
    );
    const { groupId } = await bookWithGroup(t, op, 8);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'cancel-0001', draft: draft(groupId) });
    await waitForAlert(t, op, alert.id, (a) => a.counters.ringing + a.counters.dialling >= 3);
    const canceled = await t.call(op, 'alerts.cancel', { id: alert.id });
    expect(canceled.state).toBe('canceled');
    expect(canceled.counters.queued).toBe(0);
    const sim = t.engine.dispatch!.simulator!;
    const until = Date.now() + 5000;
    while (sim.records().actions.filter((a) => a.kind === 'cancel' || a.kind === 'hangup').length < 3 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect(sim.records().creates.filter((c) => c.channel === 'call')).toHaveLength(3);
    expect(sim.records().actions.filter((a) => a.kind === 'cancel' || a.kind === 'hangup')).toHaveLength(3);
    const settled = await waitForAlert(t, op, alert.id, (a) => a.counters.ringing === 0 && a.counters.dialling === 0);
    expect(settled.state).toBe('canceled');
    expect(await t.engine.router.call(op, 'alerts.cancel', { id: alert.id })).toMatchObject({ ok: false, error: { code: 'alerts.already_ended' } });
  });

  it('expiry ends a stale alert: nothing more goes out', async () => {
    const { t, op } = await engine(FAST, { GDIAL_CALLS_PER_SECOND: '1' });
    const { groupId } = await bookWithGroup(t, op, 5);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'expire-0001', draft: draft(groupId) });
    await t.engine.store.run(sql`UPDATE alerts SET expires_at = ${Date.now() - 1} WHERE id = ${alert.id}`);
    const done = await waitForAlert(t, op, alert.id);
    expect(done.state).toBe('expired');
    expect(done.counters.queued).toBe(0);
    expect(t.engine.dispatch!.simulator!.records().creates.length).toBeLessThan(5);
  });
});

describe('two-person approval and pre-flight', () => {
  it('holds a large live alert until someone else approves it; drills go at once', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { GDIAL_APPROVAL_THRESHOLD: '3' });
    const { groupId } = await bookWithGroup(t, op, 5);
    const preflight = await t.call(op, 'alerts.preflight', { draft: draft(groupId) });
    expect(preflight.warnings.map((w) => w.code)).toContain('needs_approval');
    const live = await t.call(op, 'alerts.launch', { launchKey: 'approve-live-1', draft: draft(groupId) });
    expect(live.state).toBe('pending_approval');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.engine.dispatch!.simulator!.records().creates).toHaveLength(0);
    expect(await t.engine.router.call(op, 'alerts.approve', { id: live.id })).toMatchObject({ ok: false, error: { code: 'alerts.self_approval' } });
    const second = await t.signedIn('operator', 'kollega');
    await t.call(second, 'alerts.approve', { id: live.id });
    expect((await waitForAlert(t, op, live.id)).counters.confirmed).toBe(5);
    const drill = await t.call(op, 'alerts.launch', { launchKey: 'approve-drill-1', draft: draft(groupId, { drill: true }) });
    expect(drill.state).not.toBe('pending_approval');
  });

  it('estimates recipients, split, time and cost from the pacing settings', async () => {
    const { t, op } = await engine(FAST, { GDIAL_CALLS_PER_SECOND: '1', GDIAL_MAX_CONCURRENT_CALLS: '100', GDIAL_TYPICAL_CALL_SECONDS: '40', GDIAL_PRICE_PER_CALL_MINUTE: '1.5' });
    const { groupId } = await bookWithGroup(t, op, 30);
    const landline = await t.call(op, 'contacts.create', { name: 'Fast Telefon', numbers: [{ number: '08-300 00 01' }] });
    const none = await t.call(op, 'contacts.create', { name: 'Inget Nummer', numbers: [] });
    const p = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { contactIds: [landline.id, none.id], channels: ['voice', 'sms'] }) });
    expect(p).toMatchObject({ recipients: 32, withVoice: 31, withSms: 30, mobile: 30, landline: 1, unreachable: 1, smsSegments: 30 });
    // 31 calls at 1/s plus one typical call length.
    expect(p.etaSeconds).toBe(31 + 40);
    expect(p.estimatedCost.amount).toBeCloseTo((31 * 40 * 1.5) / 60 + 30 * 0.6, 2);
    expect(p.warnings.map((w) => w.code)).toContain('unreachable');
  });

  it('warns when a duty phone is listed under several people, naming the number and who shares it', async () => {
    const { t, op } = await engine(FAST);
    const { groupId } = await bookWithGroup(t, op, 2);
    const duty = '070-999 00 11';
    const anna = await t.call(op, 'contacts.create', { name: 'Anna Jour', numbers: [{ number: '070-111 22 33' }, { number: duty }] });
    const bo = await t.call(op, 'contacts.create', { name: 'Bo Jour', numbers: [{ number: duty }] });
    const sharedCode = (p: { warnings: Array<{ code: string; params?: Record<string, string | number> }> }) => p.warnings.find((w) => w.code === 'shared_numbers');

    const voice = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { contactIds: [anna.id, bo.id] }) });
    expect(sharedCode(voice)?.params).toEqual({ count: 1, number: '+46709990011', names: 'Anna Jour, Bo Jour' });
    // By text, Anna's first number is her own: nothing is shared.
    const sms = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { contactIds: [anna.id, bo.id], channels: ['sms'] }) });
    expect(sharedCode(sms)).toBeUndefined();
    // Many sharers: three names and how many more.
    const more = await Promise.all(['Cilla', 'Dan', 'Eva'].map((n) => t.call(op, 'contacts.create', { name: `${n} Jour`, numbers: [{ number: duty }] })));
    const many = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { contactIds: [anna.id, bo.id, ...more.map((c) => c.id)] }) });
    expect(sharedCode(many)?.params?.names).toBe('Anna Jour, Bo Jour, Cilla Jour +2');
    // One of them alone shares nothing.
    expect(sharedCode(await t.call(op, 'alerts.preflight', { draft: draft(groupId, { contactIds: [bo.id] }) }))).toBeUndefined();
  });
});

describe('operator follow-up', () => {
  it('resends to the unconfirmed only, once each, and the alert runs again', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '': 1 } });
    const { groupId, numbers } = await bookWithGroup(t, op, 4);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'resend-0001', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    const first = await waitForAlert(t, op, alert.id);
    expect(first.counters.confirmed).toBe(0);
    const sim = t.engine.dispatch!.simulator!;
    sim.configure({ dtmf: { '1': 1 } });
    const again = await t.call(op, 'alerts.resend', { id: alert.id, to: 'unconfirmed' });
    expect(again.state).toBe('running');
    const done = await waitForAlert(t, op, alert.id);
    expect(done.counters.confirmed).toBe(4);
    for (const n of numbers) expect(sim.createsTo(n)).toBe(2);
    // Nobody is left unconfirmed: a second resend queues nothing.
    await t.call(op, 'alerts.resend', { id: alert.id, to: 'unconfirmed' });
    await new Promise((r) => setTimeout(r, 200));
    for (const n of numbers) expect(sim.createsTo(n)).toBe(2);
  });

  it('lets the operator decide about an attempt nobody can account for', async () => {
    const { t, op } = await engine({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { GDIAL_CALLS_PER_SECOND: '0.1' });
    const c = await t.call(op, 'contacts.create', { name: 'Oklar Status', numbers: [{ number: '070-900 00 01' }] });
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'doubt-0001', draft: { ...draft(0), groupIds: [], contactIds: [c.id] } as never });
    // As after a crash the carrier could not explain: the attempt is in doubt.
    const attempt = (await t.engine.store.get<{ id: number }>(sql`SELECT id FROM dispatch_attempts WHERE alert_id = ${alert.id}`))!;
    await t.engine.store.run(sql`UPDATE dispatch_attempts SET state = 'in_doubt' WHERE id = ${attempt.id}`);
    expect((await t.call(op, 'alerts.get', { id: alert.id })).counters.inDoubt).toBe(1);
    const resolved = await t.call(op, 'alerts.resolveInDoubt', { attemptId: attempt.id, redial: false });
    expect(resolved.state).toBe('completed');
    expect((await t.call(op, 'alerts.recipients', { id: alert.id })).rows[0]).toMatchObject({ state: 'unreached' });
    expect(await t.engine.router.call(op, 'alerts.resolveInDoubt', { attemptId: attempt.id, redial: true })).toMatchObject({
      ok: false,
      error: { code: 'alerts.not_in_doubt' },
    });
  });

  it('keeps drills inside the drill roster when one is set', async () => {
    const { t, op } = await engine(FAST);
    const { groupId } = await bookWithGroup(t, op, 3, 'Övningsgrupp');
    const outsider = await t.call(op, 'contacts.create', { name: 'Utanför', numbers: [{ number: '070-900 00 02' }] });
    const admin = await t.signedIn('admin');
    await t.call(admin, 'settings.update', { drillRosterGroupId: groupId });
    const refused = await t.engine.router.call(op, 'alerts.launch', {
      launchKey: 'roster-0001',
      draft: draft(groupId, { drill: true, contactIds: [outsider.id] }),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'alerts.outside_drill_roster', params: { outside: 1 } } });
    expect((await t.call(op, 'alerts.launch', { launchKey: 'roster-0002', draft: draft(groupId, { drill: true }) })).drill).toBe(true);
  });
});

describe('drills to the simulator', () => {
  it('sends a drill to the built-in simulator even when the carrier is Twilio', async () => {
    // No live alert is launched here: nothing may leave this machine.
    const { t, op } = await engine(
      { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
      {
        GDIAL_CARRIER: 'twilio',
        GDIAL_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        GDIAL_TWILIO_AUTH_TOKEN: 'not-a-real-token',
        GDIAL_DRILLS_TO_SIMULATOR: 'true',
      },
    );
    const { groupId, numbers } = await bookWithGroup(t, op, 3);
    const drill = await t.call(op, 'alerts.launch', { launchKey: 'drill-sim-1', draft: draft(groupId, { drill: true }) });
    const done = await waitForAlert(t, op, drill.id);
    expect(done.counters.confirmed).toBe(3);
    for (const n of numbers) expect(t.engine.dispatch!.simulator!.createsTo(n)).toBe(1);
    expect(t.engine.dispatch!.carrier.account).toBe(`AC${'0'.repeat(32)}`);
  });
});
});
