// The outbox's figures for /metrics, on both backends: messages by state, and the pending ones
// that failed at least once (waiting for a retry).
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../../test-support/backends';
import { webhookOutbox } from './metrics-store';

let opened: OpenedTestStore | null = null;
afterEach(async () => {
  await opened?.close();
  opened = null;
});

describe.each(testBackends())('metrics reads on $name', (backend) => {
  it('counts outgoing webhook messages by state, and the pending ones being retried', async () => {
    opened = await backend.open();
    const q = opened.store;
    expect(await webhookOutbox(q)).toEqual({ byState: expect.arrayContaining([{ state: 'pending', n: 0 }]), retrying: 0 });
    const sub = await q.get<{ id: number }>(sql`
      INSERT INTO webhook_subscriptions (name, url, events, scope, enabled, secret, created_at)
      VALUES ('Ledningscentral', 'https://example.test/hook', '["alert.launched"]', 'all', 1, 'whsec_x', 1) RETURNING id AS "id"`);
    const rows: Array<[string, string, number]> = [
      ['m1', 'pending', 0],
      ['m2', 'pending', 2],
      ['m3', 'pending', 1],
      ['m4', 'delivered', 3],
      ['m5', 'failed', 8],
    ];
    for (const [id, state, attempts] of rows) {
      await q.run(sql`
        INSERT INTO webhook_outbox (subscription_id, message_id, event_type, payload, state, attempts, created_at)
        VALUES (${sub!.id}, ${id}, 'alert.launched', '{}', ${state}, ${attempts}, 1)`);
    }
    const figures = await webhookOutbox(q);
    expect(Object.fromEntries(figures.byState.map((s) => [s.state, s.n]))).toEqual({ pending: 3, delivered: 1, failed: 1 });
    expect(figures.retrying).toBe(2);
  });
});
