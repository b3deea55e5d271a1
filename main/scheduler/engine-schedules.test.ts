/** Through the contract, as the console does it: a schedule saved now really dispatches later. */
import { afterEach, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe.each(engineBackends())('schedules in the engine on $name', (backend) => {
  it('launches a saved one-off drill at its time to the simulator, records the run, and shows no next run after', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    // Due in 4 s: the creation has surely landed before then, even on a loaded machine (a time
    // already passed when it is saved never runs).
    const runAt = new Date(Date.now() + 4_000).toISOString();
    const schedule = await t.call(op, 'schedules.create', { name: 'Provlarm', rule: { kind: 'once', runAt }, draft: draft(groupId, { drill: true }) });
    expect(schedule.nextRuns).toEqual([runAt]);

    const until = Date.now() + 30_000;
    let alerts = await t.call(op, 'alerts.list', {});
    while (alerts.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = await t.call(op, 'alerts.list', {});
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ scheduleId: schedule.id, drill: true, createdBy: expect.any(String) });
    const done = await waitForAlert(t, op, alerts[0]!.id);
    expect(done.counters.confirmed).toBe(2);
    const runs = await t.call(op, 'schedules.runs', { scheduleId: schedule.id });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'launched', alertId: done.id, dueAt: runAt });
    expect((await t.call(op, 'schedules.list', {}))[0]!.nextRuns).toEqual([]);
  }, 60_000);

  it('holds a scheduled live alert above the approval threshold for a second person, like a manual one', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_APPROVAL_THRESHOLD: '1' }, simulatorConfig: FAST });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const runAt = new Date(Date.now() + 4_000).toISOString();
    const schedule = await t.call(op, 'schedules.create', { name: 'Skarpt', rule: { kind: 'once', runAt }, draft: draft(groupId) });
    expect(schedule.nextRuns).toEqual([runAt]);
    const until = Date.now() + 30_000;
    let alerts = await t.call(op, 'alerts.list', {});
    while (alerts.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = await t.call(op, 'alerts.list', {});
    }
    expect(alerts[0]).toMatchObject({ state: 'pending_approval', drill: false });
    expect(t.engine.dispatch!.simulator!.records().creates).toHaveLength(0);
  }, 60_000);

  it('refuses a rule that cannot run, naming the field, and saves nothing', async () => {
    t = await startTestEngineOn(backend, {});
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    await expect(
      t.call(op, 'schedules.create', { name: 'Fel', rule: { kind: 'recurring', cron: '0 24 * * 1' }, draft: draft(groupId, { drill: true }) }),
    ).rejects.toThrow(/hour: 24/);
    expect(await t.call(op, 'schedules.list', {})).toEqual([]);
    const preview = await t.call(op, 'schedules.preview', { rule: { kind: 'recurring', cron: '0 10 * * 1', timeZone: 'Europe/Stockholm' }, count: 3 });
    for (const run of preview.nextRuns) {
      const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(run));
      expect(local).toBe('måndag 10:00');
    }
  });
});
