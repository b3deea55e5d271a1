import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { type TestEngine } from '../test-support/engine-fixture';
import { addDays, localDay, mondayOf, startOfLocalDay } from './day-bounds';

describe('local days', () => {
  const zone = 'Europe/Stockholm';
  it('begins each day at local midnight, in winter and in summer time, and on the change days', () => {
    expect(new Date(startOfLocalDay('2026-01-15', zone)).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-07-15', zone)).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 29 March (spring forward) is 23 hours long; 25 October (fall back) 25.
    expect(startOfLocalDay('2026-03-30', zone) - startOfLocalDay('2026-03-29', zone)).toBe(23 * 3_600_000);
    expect(startOfLocalDay('2026-10-26', zone) - startOfLocalDay('2026-10-25', zone)).toBe(25 * 3_600_000);
    expect(localDay(Date.parse('2026-11-25T23:30:00Z'), zone)).toBe('2026-11-26');
  });

  it('counts weeks from Monday', () => {
    expect(mondayOf('2026-11-26')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

let backend: EngineBackend;

describe.each(engineBackends())('Översikt on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it("counts today's alerts, calls and confirmations, and says what to do about what is not healthy", async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' }, simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } } });
    const op = await t.signedIn('operator');
    const empty = await t.call(op, 'dashboard.get', {});
    expect(empty.today).toMatchObject({ alerts: 0, calls: 0, confirmed: 0 });
    expect(empty.daily).toHaveLength(14);

    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'dashboard-drill', draft: draft(groupId, { drill: true }) });
    await waitForAlert(t, op, alert.id);
    const after = await t.call(op, 'dashboard.get', {});
    expect(after.today).toEqual({ alerts: 1, drills: 1, calls: 3, sms: 0, recipients: 3, confirmed: 3 });
    expect(after.week.alerts).toBeGreaterThanOrEqual(1);
    const today = after.daily.at(-1)!;
    expect(today).toMatchObject({ alerts: 1, deliveryRate: 1, confirmationRate: 1 });
    expect(after.daily[0]!.deliveryRate).toBeNull();

    const health = Object.fromEntries(after.health.map((h) => [h.key, h]));
    expect(Object.keys(health).sort()).toEqual(['backup', 'carrier', 'tts', 'tunnel', 'uplink']);
    expect(health.carrier).toMatchObject({ state: 'warn', code: 'carrier.simulator' });
    expect(health.uplink).toMatchObject({ state: 'ok', action: null });
    // The figures a detail holds travel as params, for the console to translate.
    expect(health.tunnel).toMatchObject({ state: 'ok', code: 'tunnel.direct' });
    expect(health.tts).toMatchObject({ code: 'tts.ok', params: { engine: 'espeak' } });
    if (backend.name === 'sqlite') {
      expect(health.backup).toMatchObject({ state: 'ok', code: 'backup.ok' });
      expect(Date.parse(String(health.backup!.params?.at))).not.toBeNaN();
    } else {
      // PostgreSQL's backups are its own (pg_dump, PITR): the line says so and offers nothing to run.
      expect(health.backup).toMatchObject({ state: 'ok', code: 'backup.postgres_own' });
    }
    for (const h of after.health) if (h.state !== 'ok') expect(h.action).toBeTruthy();
  });
});
