/** Översikt's figures from the ledger, on SQLite and on PostgreSQL. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { seedLedger } from '../test-support/report-ledger';
import { dashboardFigures } from './dashboard';
import { startOfLocalDay } from './day-bounds';

const zone = 'Europe/Stockholm';
const NOW = Date.parse('2026-11-26T12:00:00Z'); // a Thursday
const TODAY = startOfLocalDay('2026-11-26', zone);
const MONDAY = startOfLocalDay('2026-11-23', zone);

describe.each(testBackends())('dashboard figures on $name', (backend) => {
  let opened: OpenedTestStore;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(() => opened.close());

  it('is all zeros and no rates on an empty ledger', async () => {
    const d = await dashboardFigures(opened.store, { now: NOW, timeZone: zone, health: [] });
    expect(d.today).toEqual({ alerts: 0, drills: 0, calls: 0, sms: 0, recipients: 0, confirmed: 0 });
    expect(d.daily).toHaveLength(14);
    expect(d.daily.every((x) => x.alerts === 0 && x.deliveryRate === null && x.confirmationRate === null)).toBe(true);
  });

  it("counts today's and this week's alerts, calls, texts and confirmations, and each day's rates", async () => {
    // Today: a drill to three, two confirmed; calls answered for two, one call never reached the carrier; one text delivered.
    await seedLedger(opened.store, { title: 'Idag', drill: true, createdAt: TODAY + 3_600_000 }, [
      { name: 'A', state: 'confirmed', attempts: [{ channel: 'voice', state: 'completed', queuedAt: TODAY + 3_600_000, answeredAt: TODAY + 3_601_000 }] },
      { name: 'B', state: 'confirmed', attempts: [{ channel: 'voice', state: 'completed', queuedAt: TODAY + 3_600_000, answeredAt: TODAY + 3_602_000 }, { channel: 'sms', state: 'completed', queuedAt: TODAY + 3_600_000 }] },
      { name: 'C', state: 'pending', attempts: [{ channel: 'voice', state: 'queued', queuedAt: TODAY + 3_600_000 }, { channel: 'sms', state: 'failed', queuedAt: TODAY + 3_600_000, purpose: 'stand_down' }] },
    ]);
    // Monday: a live alert to one, called without an answer.
    await seedLedger(opened.store, { title: 'Måndag', createdAt: MONDAY + 60_000 }, [
      { name: 'D', state: 'pending', attempts: [{ channel: 'voice', state: 'no_answer', queuedAt: MONDAY + 60_000 }] },
    ]);
    // Last week: outside the week, inside the fourteen days.
    await seedLedger(opened.store, { title: 'Förra veckan', createdAt: MONDAY - 3_600_000 }, [{ name: 'E', state: 'confirmed', attempts: [] }]);

    const d = await dashboardFigures(opened.store, { now: NOW, timeZone: zone, health: [] });
    expect(d.generatedAt).toBe('2026-11-26T12:00:00.000Z');
    expect(d.today).toEqual({ alerts: 1, drills: 1, calls: 2, sms: 2, recipients: 3, confirmed: 2 });
    expect(d.week).toEqual({ alerts: 2, drills: 1, calls: 3, sms: 2, recipients: 4, confirmed: 2 });
    const byDay = Object.fromEntries(d.daily.map((x) => [x.day, x]));
    // Sent (alert purpose, reached the carrier): 2 calls + 1 text; delivered: 2 answered + 1 text completed.
    expect(byDay['2026-11-26']).toEqual({ day: '2026-11-26', alerts: 1, deliveryRate: 1, confirmationRate: 2 / 3 });
    expect(byDay['2026-11-23']).toEqual({ day: '2026-11-23', alerts: 1, deliveryRate: 0, confirmationRate: 0 });
    expect(byDay['2026-11-22']).toEqual({ day: '2026-11-22', alerts: 1, deliveryRate: null, confirmationRate: 1 });
    expect(d.daily[0]?.day).toBe('2026-11-13');
  });
});
