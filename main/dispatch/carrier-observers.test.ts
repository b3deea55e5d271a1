// Observers of carrier creates (metrics) see every create, and one that throws changes nothing
// about the calls: they are created once each, and the alert settles as without it.
import { afterEach, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('carrier request observers', () => {
  it('a throwing observer neither fails a created call nor stops the others hearing it', async () => {
    t = await startTestEngine({
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
    });
    const dispatcher = t.engine.dispatch!.dispatcher;
    const heard: string[] = [];
    dispatcher.onCarrierRequest(() => {
      throw new Error('observer broke');
    });
    dispatcher.onCarrierRequest((channel, ms, outcome) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      heard.push(`${channel}:${outcome}`);
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'observers-1', draft: draft(groupId) });
    const done = await waitForAlert(t, op, alert.id);
    expect(done.state).toBe('completed');
    expect(done.counters.confirmed).toBe(3);
    expect(done.counters.failed + done.counters.inDoubt).toBe(0);
    expect(heard).toEqual(['voice:created', 'voice:created', 'voice:created']);
    expect(t.engine.dispatch!.simulator!.records().creates).toHaveLength(3);
  }, 60_000);
});
