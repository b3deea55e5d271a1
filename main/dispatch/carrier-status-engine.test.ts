/**
 * Where an alert goes, as the engine says it: the pre-flight, the alert and its report carry
 * `onSimulator` for exactly that draft (a drill may go to the simulator while live alerts go to
 * Twilio), and `carrier.status` is pushed when the stored choice changes (it applies at restart).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../contract';
import { bookWithGroup, draft, FAST } from '../test-support/alert-fixture';
import { engineBackends, restartTestEngine, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { PASSWORD, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

let backend: EngineBackend;

describe.each(engineBackends())('carrier status in the engine on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('on the simulator: every pre-flight, alert and report says so; a carrier change is pushed with what applies after a restart', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: FAST });
    const admin = await t.signedIn('admin');
    const op = await t.signedIn('operator');
    expect(await t.call(op, 'carrier.status', {})).toEqual({ live: 'simulator', drills: 'simulator', simulatorOnly: true, afterRestart: null, uplinkDown: false, databaseDown: false });
    const { groupId } = await bookWithGroup(t, op, 2);
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId) })).onSimulator).toBe(true);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'simulated-0001', draft: draft(groupId) });
    expect(alert.onSimulator).toBe(true);
    expect((await t.call(op, 'reports.alert', { id: alert.id })).alert.onSimulator).toBe(true);

    const pushed: Array<EventPayload<'carrier.status'>> = [];
    t.engine.bus.on((name, payload) => {
      if (name === 'carrier.status') pushed.push(payload as EventPayload<'carrier.status'>);
    });
    await t.call(admin, 'settings.update', { carrier: 'twilio', drillsToSimulator: true });
    expect(pushed).toEqual([{ live: 'simulator', drills: 'simulator', simulatorOnly: true, afterRestart: { live: 'twilio', drills: 'simulator' }, uplinkDown: false, databaseDown: false }]);
    // Nothing else changes the carrier: no push for other settings.
    await t.call(admin, 'settings.update', { approvalThreshold: 5 });
    expect(pushed).toHaveLength(1);
  });

  it('with Twilio and drills to the simulator: a drill says simulator, a live alert does not', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: FAST, env: { GDIAL_CARRIER: 'twilio', GDIAL_DRILLS_TO_SIMULATOR: 'true' } });
    const op = await t.signedIn('operator');
    expect(await t.call(op, 'carrier.status', {})).toEqual({ live: 'twilio', drills: 'simulator', simulatorOnly: false, afterRestart: null, uplinkDown: false, databaseDown: false });
    const { groupId } = await bookWithGroup(t, op, 2);
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId) })).onSimulator).toBe(false);
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId, { drill: true }) })).onSimulator).toBe(true);
    const drill = await t.call(op, 'alerts.launch', { launchKey: 'drill-0001', draft: draft(groupId, { drill: true }) });
    expect(drill.onSimulator).toBe(true);
    const live = await t.call(op, 'alerts.launch', { launchKey: 'live-0001', draft: draft(groupId) });
    expect(live.onSimulator).toBe(false);
    expect((await t.call(op, 'reports.alert', { id: live.id })).alert.onSimulator).toBe(false);
  });

  it('an alert keeps where it was launched onto: after a restart on Twilio, a simulator alert and its report still say simulator', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: FAST });
    const op = await t.signedIn('operator', 'op-before');
    const { groupId } = await bookWithGroup(t, op, 2);
    const before = await t.call(op, 'alerts.launch', { launchKey: 'before-restart-1', draft: draft(groupId) });
    expect(before.onSimulator).toBe(true);
    await t.engine.stop();
    t = await restartTestEngine(t, { simulatorConfig: FAST, env: { GDIAL_CARRIER: 'twilio' } });
    const again = t.engine.connect('test');
    await t.call(again, 'auth.login', { username: 'op-before', password: PASSWORD });
    expect((await t.call(again, 'carrier.status', {})).live).toBe('twilio');
    expect((await t.call(again, 'alerts.get', { id: before.id })).onSimulator).toBe(true);
    expect((await t.call(again, 'reports.alert', { id: before.id })).alert.onSimulator).toBe(true);
    const after = await t.call(again, 'alerts.launch', { launchKey: 'after-restart-1', draft: draft(groupId) });
    expect(after.onSimulator).toBe(false);
  });

  it('says when the carrier cannot be reached (alerts wait), pushed to every console', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: FAST });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const pushed: boolean[] = [];
    t.engine.bus.on((name, payload) => {
      if (name === 'carrier.status') pushed.push((payload as EventPayload<'carrier.status'>).uplinkDown);
    });
    // The carrier's address refuses connections: nothing can be sent.
    await t.engine.dispatch!.simulator!.stop();
    await t.call(op, 'alerts.launch', { launchKey: 'no-uplink-0001', draft: draft(groupId) });
    // The first call waits for the public URL's check (up to its 10 s timeout) before it meets the dead carrier.
    await expect.poll(() => pushed, { timeout: 30_000 }).toContain(true);
    expect((await t.call(op, 'carrier.status', {})).uplinkDown).toBe(true);
  }, 60_000);
});
