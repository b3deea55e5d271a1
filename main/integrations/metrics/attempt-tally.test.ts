// The ledger counted in ranges on both backends: exact totals, ranges kept once they cannot change,
// the others (live work, the newest rows) read again at every count.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/store';
import { testBackends, type OpenedTestStore } from '../../test-support/backends';
import { AttemptTally, RANGE } from './attempt-tally';

let opened: OpenedTestStore | null = null;
afterEach(async () => {
  await opened?.close();
  opened = null;
});

const MINUTE = 60_000;

/** `count` attempts of one alert, ids 1…count: every seventh an SMS, every fifth failed, the rest completed; written at `at`. */
async function ledger(q: Queryable, count: number, at: number): Promise<void> {
  await q.run(sql`INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES ('tally-0001', 'Räkning', 'completed', '["voice"]', '{}', 0)`);
  await q.run(sql`INSERT INTO alert_recipients (alert_id, name) VALUES (1, 'Person 1')`);
  await q.run(sql`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
    SELECT 1, 1, CASE WHEN i % 7 = 0 THEN 'sms' ELSE 'voice' END, '+46700000001', i, 0, CASE WHEN i % 5 = 0 THEN 'failed' ELSE 'completed' END, 0, ${at}, ${at} FROM n`);
}

async function truth(q: Queryable): Promise<Record<string, number>> {
  const rows = await q.all<{ channel: string; state: string; n: number | string }>(
    sql`SELECT channel AS "channel", state AS "state", COUNT(*) AS "n" FROM dispatch_attempts GROUP BY channel, state`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.channel}/${r.state}`, Number(r.n)]));
}

const asRecord = (rows: Array<{ channel: string; state: string; n: number }>) => Object.fromEntries(rows.map((r) => [`${r.channel}/${r.state}`, r.n]));

describe.each(testBackends())('AttemptTally on $name', (backend) => {
  it('counts exactly; keeps ranges that are final and settled; reads the others again', async () => {
    opened = await backend.open();
    const q = opened.store;
    const now = 60 * MINUTE;
    await ledger(q, 2 * RANGE + 1_000, 0); // ids 1…11,000: ranges 0, 1, 2
    await q.run(sql`UPDATE dispatch_attempts SET state = 'in_doubt' WHERE id = ${RANGE + 7}`); // live work in range 1
    const tally = new AttemptTally(() => now);

    expect(asRecord(await tally.count(q))).toEqual(await truth(q));
    // Range 0 is final and the row after it is old; range 1 holds live work; range 2 is the newest.
    expect(tally.keptRanges).toBe(1);

    // The attempt in doubt is settled, new attempts arrive: counted at once, range 1 kept now.
    await q.run(sql`UPDATE dispatch_attempts SET state = 'completed' WHERE id = ${RANGE + 7}`);
    await q.run(sql`
      INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
      VALUES (1, 1, 'sms', '+46700000001', 0, 1, 'queued', 0, ${now}, ${now})`);
    expect(asRecord(await tally.count(q))).toEqual(await truth(q));
    expect(tally.keptRanges).toBe(2);

    // A kept range is not read again: a change there (which the ledger never makes) is not seen.
    await q.run(sql`UPDATE dispatch_attempts SET state = 'busy' WHERE id = 3`);
    expect((await tally.count(q)).find((r) => r.channel === 'voice' && r.state === 'busy')).toBeUndefined();
    expect((await truth(q))['voice/busy']).toBe(1);
  });

  it('keeps no range while the rows after it are recent: a transaction below them may still be under way', async () => {
    opened = await backend.open();
    const q = opened.store;
    const now = 10 * MINUTE;
    await ledger(q, RANGE + 10, now - MINUTE); // written a minute ago
    const tally = new AttemptTally(() => now);
    expect(asRecord(await tally.count(q))).toEqual(await truth(q));
    expect(tally.keptRanges).toBe(0);
  });
});
