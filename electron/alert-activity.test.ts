import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../main/contract';
import { bookWithGroup, draft, FAST, waitForAlert } from '../main/test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../main/test-support/engine-fixture';
import { AlertActivity, applyActivity, decideQuit, decideWindowClose, type PowerSaveBlockerLike } from './alert-activity';

type Progress = EventPayload<'alert.progress'>;
const counters = { recipients: 1, pending: 0, unreached: 0, canceled: 0, queued: 0, dialling: 0, ringing: 0, answered: 0, confirmed: 0, declined: 0, failed: 0 };
const progress = (...alerts: Array<[number, Progress['alerts'][number]['state']]>): Progress =>
  ({ alerts: alerts.map(([id, state]) => ({ id, state, waitingForUplink: false, counters })), recipients: [] }) as unknown as Progress;

/** Electron's powerSaveBlocker, faked at its boundary: ids that are started until stopped. */
class FakePowerSave implements PowerSaveBlockerLike {
  started = new Map<number, string>();
  private next = 1;
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep') {
    this.started.set(this.next, type);
    return this.next++;
  }
  stop(id: number) {
    return this.started.delete(id);
  }
  isStarted(id: number) {
    return this.started.has(id);
  }
}

describe('whether an alert is active', () => {
  it('follows alert.progress, and asks the engine when one alert ends while others may run', () => {
    let engineSays = false;
    let asked = 0;
    const activity = new AlertActivity(() => {
      asked++;
      return engineSays;
    });
    const seen: boolean[] = [];
    activity.onChange((a) => seen.push(a));

    activity.observe('contacts.changed', {});
    activity.observe('alert.progress', progress([1, 'running']));
    expect(activity.isActive).toBe(true);
    expect(asked).toBe(0);

    // Alert 1 completes but alert 2 is still queued: the engine's query keeps it active.
    engineSays = true;
    activity.observe('alert.progress', progress([1, 'completed']));
    expect(activity.isActive).toBe(true);
    expect(asked).toBe(1);

    engineSays = false;
    activity.observe('alert.progress', progress([2, 'canceled']));
    expect(activity.isActive).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it('counts an alert waiting for approval or queued as active, like the engine does', () => {
    for (const state of ['pending_approval', 'queued', 'running'] as const) {
      const activity = new AlertActivity(() => false);
      activity.observe('alert.progress', progress([1, state]));
      expect(activity.isActive, state).toBe(true);
    }
    const idle = new AlertActivity(() => false);
    idle.observe('alert.progress', progress([1, 'expired']));
    expect(idle.isActive).toBe(false);
  });

  it('keeps the last answer when the engine cannot be asked, and once frozen for shutdown', () => {
    let broken = false;
    let engineSays = true;
    const activity = new AlertActivity(() => {
      if (broken) throw new Error('database closed');
      return engineSays;
    });
    expect(activity.refresh()).toBe(true);
    broken = true;
    expect(activity.refresh()).toBe(true);
    broken = false;
    activity.freeze();
    engineSays = false;
    expect(activity.refresh()).toBe(true);
    activity.observe('alert.progress', progress([1, 'completed']));
    expect(activity.isActive).toBe(true);
  });
});

describe('an engine that answers with a promise', () => {
  const later = () => {
    let resolve!: (active: boolean) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<boolean>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  const settled = () => new Promise((r) => setTimeout(r, 0));

  it('keeps the last answer until the engine answers, then follows it and tells the listeners', async () => {
    const asks: Array<ReturnType<typeof later>> = [];
    const activity = new AlertActivity(() => {
      asks.push(later());
      return asks.at(-1)!.promise;
    });
    const seen: boolean[] = [];
    activity.onChange((a) => seen.push(a));
    expect(activity.refresh()).toBe(false);
    asks[0]!.resolve(true);
    await settled();
    expect(activity.isActive).toBe(true);
    expect(activity.refresh()).toBe(true); // still the last answer while the engine thinks
    asks[1]!.resolve(false);
    await settled();
    expect(activity.isActive).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it('drops an answer overtaken by a newer one (an event, or a later question), a failed one, and any once frozen', async () => {
    const asks: Array<ReturnType<typeof later>> = [];
    const activity = new AlertActivity(() => {
      asks.push(later());
      return asks.at(-1)!.promise;
    });
    activity.refresh();
    activity.observe('alert.progress', progress([1, 'running'])); // launched while the question was out
    asks[0]!.resolve(false);
    await settled();
    expect(activity.isActive).toBe(true);

    activity.refresh();
    activity.refresh();
    asks[2]!.resolve(true);
    asks[1]!.resolve(false); // the older question answers last
    await settled();
    expect(activity.isActive).toBe(true);

    activity.refresh();
    asks[3]!.reject(new Error('database closed'));
    await settled();
    expect(activity.isActive).toBe(true);

    activity.refresh();
    activity.freeze();
    asks[4]!.resolve(false);
    await settled();
    expect(activity.isActive).toBe(true);
  });
});

describe('what the shell does about it', () => {
  it('closes the window to the tray only while an alert is active and no quit was agreed', () => {
    expect(decideWindowClose({ alertActive: true, quitting: false })).toBe('hide-to-tray');
    expect(decideWindowClose({ alertActive: false, quitting: false })).toBe('close');
    expect(decideWindowClose({ alertActive: true, quitting: true })).toBe('close');
  });

  it('asks before quitting during an alert, once', () => {
    expect(decideQuit({ alertActive: true, confirmed: false })).toBe('confirm');
    expect(decideQuit({ alertActive: true, confirmed: true })).toBe('quit');
    expect(decideQuit({ alertActive: false, confirmed: false })).toBe('quit');
  });

  it('shows the alert in the tray and keeps the machine awake exactly while an alert is active', () => {
    let engineSays = false;
    const activity = new AlertActivity(() => engineSays);
    const tray: boolean[] = [];
    const power = new FakePowerSave();
    const dispose = applyActivity(activity, { tray: { setAlertActive: (a) => tray.push(a) }, powerSave: power });
    expect(tray).toEqual([false]);
    expect(power.started.size).toBe(0);

    engineSays = true;
    activity.refresh();
    activity.observe('alert.progress', progress([3, 'running']));
    expect(tray).toEqual([false, true]);
    // App suspension only: the display may sleep, the dialler may not.
    expect([...power.started.values()]).toEqual(['prevent-app-suspension']);

    engineSays = false;
    activity.refresh();
    expect(tray).toEqual([false, true, false]);
    expect(power.started.size).toBe(0);

    engineSays = true;
    activity.refresh();
    expect(power.started.size).toBe(1);
    dispose();
    expect(power.started.size).toBe(0);
  });
});

describe('against a real engine', () => {
  let t: TestEngine | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('is active from launch until the drill has completed, from the engine events and query alone', async () => {
    t = await startTestEngine({
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
    });
    const engine = t.engine;
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);

    // Exactly what electron/main.ts wires.
    const activity = new AlertActivity(async () => ((await engine.dispatch?.alerts.listAsync({ active: true, limit: 1 }))?.length ?? 0) > 0);
    engine.bus.on((name, payload) => activity.observe(name, payload));
    const power = new FakePowerSave();
    const tray: boolean[] = [];
    applyActivity(activity, { tray: { setAlertActive: (a) => tray.push(a) }, powerSave: power });
    activity.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the engine's answer lands
    expect(activity.isActive).toBe(false);

    const alert = await t.call(op, 'alerts.launch', { launchKey: 'electron-activity-1', draft: { ...draft(groupId), drill: true } });
    await expect.poll(() => activity.isActive).toBe(true);
    expect(power.started.size).toBe(1);

    const done = await waitForAlert(t, op, alert.id);
    expect(done.state).toBe('completed');
    await expect.poll(() => activity.isActive).toBe(false);
    expect(power.started.size).toBe(0);
    expect(tray).toEqual([false, true, false]);
  });
});
