import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogQuery, LogRow } from '../contract';
import { getOne, type Store } from '../db/store';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { seedLedger } from '../test-support/report-ledger';
import { allLogs, listLogs, logPlan } from './logs';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const MIN = 60_000;

describe.each(testBackends())('call and SMS logs on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  let anna: number;
  let bo: number;

  const contact = async (name: string) =>
    (await getOne<{ id: number }>(store, sql`INSERT INTO contacts (name, created_at, updated_at) VALUES (${name}, 0, 0) RETURNING id AS "id"`, 'contact')).id;

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    anna = await contact('Anna Berg');
    bo = await contact('Bo Ek');
  });
  afterEach(() => opened.close());

  const q = (query: Partial<LogQuery>): LogQuery => ({ channel: 'voice', limit: 100, ...query });
  const list = (query: Partial<LogQuery>) => listLogs(store, q(query));

  /** Two alerts: a drill at T0 and a live one an hour later, calls and texts with known fates. */
  async function seedTwo() {
    const drill = await seedLedger(store, { title: 'Övning Åby', drill: true, createdAt: T0 }, [
      {
        name: 'Anna Berg',
        contactId: anna,
        attempts: [
          { channel: 'voice', state: 'busy', queuedAt: T0 },
          { channel: 'voice', state: 'completed', queuedAt: T0 + 2 * MIN, answeredAt: T0 + 2 * MIN + 9000, answeredBy: 'human', finishedAt: T0 + 3 * MIN },
          { channel: 'sms', state: 'completed', queuedAt: T0, finishedAt: T0 + 5000 },
        ],
      },
      {
        name: 'Bo Ek',
        contactId: bo,
        attempts: [
          { channel: 'voice', state: 'failed', queuedAt: T0 + MIN, errorCode: '21214', errorMessage: 'numret kan inte nås' },
          { channel: 'sms', state: 'failed', queuedAt: T0 + MIN, errorCode: '30006' },
        ],
      },
    ]);
    const live = await seedLedger(store, { title: 'Brand i Åby', createdAt: T0 + 60 * MIN }, [
      {
        name: 'Anna Berg',
        contactId: anna,
        attempts: [
          { channel: 'voice', state: 'no_answer', queuedAt: T0 + 60 * MIN },
          { channel: 'voice', state: 'canceled', queuedAt: T0 + 61 * MIN, errorMessage: 'kvorum uppnått', sid: null },
        ],
      },
      { name: 'Cecilia (raderad)', contactId: null, attempts: [{ channel: 'voice', state: 'in_doubt', queuedAt: T0 + 62 * MIN, errorMessage: 'engine stopped while submitting' }] },
    ]);
    return { drill, live };
  }

  it('keeps calls and texts apart, newest first, with the alert and the person on every row', async () => {
    const { drill, live } = await seedTwo();
    const calls = await list({});
    expect(calls.map((r) => r.attemptId)).toEqual([...live.attemptIds[1]!, ...live.attemptIds[0]!.slice().reverse(), drill.attemptIds[1]![0], ...drill.attemptIds[0]!.slice(0, 2).reverse()]);
    expect(calls.every((r) => r.channel === 'voice')).toBe(true);
    expect(calls[0]).toMatchObject({ alertId: live.alertId, alertTitle: 'Brand i Åby', drill: false, recipientName: 'Cecilia (raderad)', contactId: null, state: 'in_doubt' });
    const answered = calls.find((r) => r.state === 'completed')!;
    expect(answered).toMatchObject({
      alertTitle: 'Övning Åby',
      drill: true,
      recipientName: 'Anna Berg',
      contactId: anna,
      purpose: 'alert',
      queuedAt: new Date(T0 + 2 * MIN).toISOString(),
      answeredAt: new Date(T0 + 2 * MIN + 9000).toISOString(),
      answeredBy: 'human',
      error: null,
    });
    const texts = await list({ channel: 'sms' });
    expect(texts.map((r) => r.recipientName)).toEqual(['Bo Ek', 'Anna Berg']);
  });

  it('gives every failure a reason an operator can read, with the carrier code', async () => {
    await seedTwo();
    const rows = await list({});
    expect(Object.fromEntries(rows.map((r) => [r.state, r.reason && { code: r.reason.code, params: r.reason.params }]))).toEqual({
      in_doubt: { code: 'engine_stopped', params: {} },
      canceled: { code: 'quorum_reached', params: {} },
      no_answer: { code: 'no_answer', params: {} },
      failed: { code: 'carrier_21214', params: { carrierCode: '21214' } },
      completed: null,
      busy: { code: 'busy', params: {} },
    });
    // `error` keeps the English words for logs and integrators.
    expect(Object.fromEntries(rows.map((r) => [r.state, r.error]))).toEqual({
      in_doubt: 'GDial stopped while the attempt was being sent',
      canceled: 'Quorum reached',
      no_answer: 'No answer',
      failed: 'The number cannot be reached (code 21214)',
      completed: null,
      busy: 'Busy',
    });
    expect((await list({ channel: 'sms', state: 'failed' }))[0]!.reason).toMatchObject({ code: 'carrier_30006', params: { carrierCode: '30006' } });
  });

  it('filters by alert, contact, state and queued time (from inclusive, to exclusive)', async () => {
    const { drill, live } = await seedTwo();
    expect((await list({ alertId: drill.alertId })).map((r) => r.alertId)).toEqual([drill.alertId, drill.alertId, drill.alertId]);
    expect((await list({ contactId: anna })).map((r) => [r.alertId, r.state])).toEqual([
      [live.alertId, 'canceled'],
      [live.alertId, 'no_answer'],
      [drill.alertId, 'completed'],
      [drill.alertId, 'busy'],
    ]);
    expect(await list({ contactId: anna, alertId: drill.alertId, state: 'busy' })).toHaveLength(1);
    expect((await list({ state: 'in_doubt' })).map((r) => r.recipientName)).toEqual(['Cecilia (raderad)']);
    expect(await list({ state: 'queued' })).toEqual([]);
    const window = await list({ from: new Date(T0 + MIN).toISOString(), to: new Date(T0 + 61 * MIN).toISOString() });
    expect(window.map((r) => r.queuedAt)).toEqual([T0 + 60 * MIN, T0 + MIN, T0 + 2 * MIN].map((t) => new Date(t).toISOString()));
    // A time with an offset is the same instant.
    expect((await list({ from: '2026-11-20T10:01:00+01:00' })).map((r) => r.queuedAt)).toEqual(
      [T0 + 62 * MIN, T0 + 61 * MIN].map((t) => new Date(t).toISOString()),
    );
  });

  it('pages by the last row seen, and the pages add up to the whole log', async () => {
    await seedTwo();
    const all = await list({});
    const first = await list({ limit: 2 });
    const second = await list({ limit: 2, beforeId: first.at(-1)!.attemptId });
    const third = await list({ limit: 2, beforeId: second.at(-1)!.attemptId });
    expect([...first, ...second, ...third]).toEqual(all);
    expect(await list({ limit: 2, beforeId: third.at(-1)!.attemptId })).toEqual([]);
    const streamed: LogRow[] = [];
    for await (const row of allLogs(store, { channel: 'voice' }, 2)) streamed.push(row);
    expect(streamed).toEqual(all);
  });

  it('refuses a time that is not one, naming the field', async () => {
    await expect(list({ from: 'igår' })).rejects.toMatchObject({ kind: 'validation', fields: [{ path: 'from', message: expect.any(String) }] });
  });

  it('uses the indexes on SQLite: no sort of the whole table for a page, the alert and contact indexes for those filters', async () => {
    await seedTwo();
    if (backend.name !== 'sqlite') {
      // The plan is SQLite's own words; PostgreSQL's planner weighs its indexes itself.
      await expect(logPlan(store, q({}))).rejects.toThrow(/SQLite/);
      return;
    }
    const plans = new Map<string, string>();
    for (const query of [{}, { beforeId: 100 }, { alertId: 1 }, { alertId: 1, state: 'busy' }, { contactId: 1 }, { state: 'in_doubt' }, { state: 'completed' }] as Array<Partial<LogQuery>>) {
      plans.set(JSON.stringify(query), (await logPlan(store, q(query))).join(' | '));
    }
    const plan = (query: Partial<LogQuery>) => plans.get(JSON.stringify(query))!;
    expect(plan({})).not.toMatch(/TEMP B-TREE/);
    expect(plan({ beforeId: 100 })).toMatch(/SEARCH d USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    expect(plan({ alertId: 1 })).toMatch(/dispatch_attempts_alert_idx \(alert_id=\?\)/);
    expect(plan({ alertId: 1, state: 'busy' })).toMatch(/dispatch_attempts_alert_idx \(alert_id=\? AND state=\?\)/);
    expect(plan({ contactId: 1 })).toMatch(/dispatch_attempts_identity_uq \(recipient_id=\?\)/);
    expect(plan({ state: 'in_doubt' })).toMatch(/dispatch_attempts_work_idx \(state=\?\)/);
    // A final state is most of the table: walking the rowid beats sorting every match.
    expect(plan({ state: 'completed' })).not.toMatch(/TEMP B-TREE/);
  });
});
