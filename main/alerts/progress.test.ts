import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, type EventPayload, type ServerFrame } from '../contract';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { PASSWORD, type TestEngine } from '../test-support/engine-fixture';
import { PROGRESS_INTERVAL_MS } from './progress';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

let backend: EngineBackend;

describe.each(engineBackends())('live progress on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('reaches a console in batches: many updates per message, about ten messages a second at most', async () => {
    t = await startTestEngineOn(backend, {
      port: 0,
      env: { GDIAL_CALLS_PER_SECOND: '100', GDIAL_MAX_CONCURRENT_CALLS: '200' },
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    });
    const op = await t.signedIn('operator', 'olof');
    const { groupId } = await bookWithGroup(t, op, 100);

    const emitted: number[] = [];
    const off = t.engine.bus.on((name) => {
      if (name === 'alert.progress') emitted.push(Date.now());
    });
    const ws = new WebSocket(t.engine.url!.replace('http', 'ws') + WS_PATH);
    await new Promise((r) => ws.once('open', r));
    const batches: Array<{ at: number; payload: EventPayload<'alert.progress'> }> = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as ServerFrame;
      if (f.t === 'event' && f.name === 'alert.progress') batches.push({ at: Date.now(), payload: f.payload as EventPayload<'alert.progress'> });
    });
    // Signed in before the launch: on a busy machine the login may take longer than the first batch.
    const signedIn = new Promise<void>((resolve) => ws.on('message', (d) => (JSON.parse(String(d)) as ServerFrame).t === 'result' && resolve()));
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'auth.login', input: { username: 'olof', password: PASSWORD } }));
    await signedIn;
    await new Promise((r) => setTimeout(r, 300));

    const alert = await t.call(op, 'alerts.launch', { launchKey: 'progress-0001', draft: draft(groupId) });
    await waitForAlert(t, op, alert.id);
    await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 3));
    off();
    // Whatever was emitted until now is on its way: the socket closes once it has arrived.
    for (let i = 0; i < 100 && batches.length < emitted.length; i++) await new Promise((r) => setTimeout(r, 20));
    ws.close();

    // The last batch shows the final counters, and every recipient's final row arrived.
    const last = batches.at(-1)!.payload.alerts.find((a) => a.id === alert.id)!;
    expect(last.counters.confirmed).toBe(100);
    const finalRows = new Map<number, string>();
    for (const b of batches) for (const r of b.payload.recipients) finalRows.set(r.id, r.state);
    expect(finalRows.size).toBe(100);
    expect([...finalRows.values()].every((s) => s === 'confirmed')).toBe(true);
    // Batched: the engine never sends two progress messages closer than the interval.
    const gaps = emitted.slice(1).map((at, i) => at - emitted[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS - 5);
    expect(batches.length).toBe(emitted.length);
    const updates = batches.reduce((n, b) => n + b.payload.recipients.length, 0);
    expect(updates / batches.length).toBeGreaterThan(3);
  });
});
