// GDial on PostgreSQL when the database goes away mid-alert (server restart, network cut):
// dispatch waits, every console is told, and when the database answers again the alert completes
// with every recipient created exactly once at the carrier.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../contract';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { cuttableLink, type CuttableLink } from '../test-support/tcp-cut';

let t: TestEngine | null = null;
let link: CuttableLink | null = null;
afterEach(async () => {
  await t?.stop();
  await link?.close();
  t = null;
  link = null;
});

// PostgreSQL only: SQLite is a file in the data directory and cannot be cut off.
const postgres = engineBackends().filter((b) => b.name === 'postgres');

describe.each(postgres)('an engine on $name whose database goes away mid-alert', (backend) => {
  it('waits ("väntar på databasen"), then completes: every recipient created exactly once', async () => {
    // The engine reaches its database through a link the test can cut like a cable.
    const through = {
      name: backend.name,
      database: async () => {
        const db = await backend.database();
        const url = new URL(db.databaseUrl!);
        link = await cuttableLink(Number(url.port), url.hostname);
        url.port = String(link.port);
        return { databaseUrl: url.toString(), drop: db.drop };
      },
    };
    t = await startTestEngineOn(through, {
      env: { GDIAL_CALLS_PER_SECOND: '4', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '4' },
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '': 1 } },
    });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, 24);
    const statuses: boolean[] = [];
    t.engine.bus.on((name: EventName, payload: unknown) => {
      if (name === 'carrier.status') statuses.push((payload as EventPayload<'carrier.status'>).databaseDown);
    });
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'outage-0001', draft: draft(groupId, { channels: ['sms'] }) });
    const sim = t.engine.dispatch!.simulator!;
    await expect.poll(() => sim.records().creates.length, { timeout: 20_000 }).toBeGreaterThan(2);

    link!.cut();
    await expect.poll(() => statuses.includes(true), { timeout: 20_000 }).toBe(true);
    const sentWhileCut = sim.records().creates.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Nothing new is claimed while the ledger cannot be written (a create already under way may land).
    expect(sim.records().creates.length).toBeLessThanOrEqual(sentWhileCut + 1);
    expect(sim.records().creates.length).toBeLessThan(numbers.length);

    link!.mend();
    await expect.poll(() => statuses.at(-1), { timeout: 20_000 }).toBe(false);
    await waitForAlert(t, op, alert.id, (a) => a.counters.queued === 0 && a.counters.dialling === 0, 120_000);
    await sim.settle();
    for (const n of numbers) expect(sim.createsTo(n, 'message'), n).toBe(1);
    expect((await t.call(op, 'carrier.status', {})).databaseDown).toBe(false);
  }, 180_000);
});
