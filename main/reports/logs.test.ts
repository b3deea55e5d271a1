import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogQuery } from '../contract';
import { allLogs, listLogs, logPlan } from './logs';
import { openTestDb, seedAlert } from './test-ledger';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const MIN = 60_000;
let db: Awaited<ReturnType<typeof openTestDb>>;
let anna: number;
let bo: number;

beforeEach(async () => {
  db = await openTestDb();
  const contact = db.sqlite.prepare('INSERT INTO contacts (name, created_at, updated_at) VALUES (?, 0, 0)');
  anna = Number(contact.run('Anna Berg').lastInsertRowid);
  bo = Number(contact.run('Bo Ek').lastInsertRowid);
});
afterEach(() => db.close());

const q = (query: Partial<LogQuery>): LogQuery => ({ channel: 'voice', limit: 100, ...query });

/** Two alerts: a drill at T0 and a live one an hour later, calls and texts with known fates. */
function seedTwo() {
  const drill = seedAlert(db.sqlite, { title: 'Övning Åby', drill: true, createdAt: T0 }, [
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
  const live = seedAlert(db.sqlite, { title: 'Brand i Åby', createdAt: T0 + 60 * MIN }, [
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

describe('call and SMS logs', () => {
  it('keeps calls and texts apart, newest first, with the alert and the person on every row', () => {
    const { drill, live } = seedTwo();
    const calls = listLogs(db.db, q({}));
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
    const texts = listLogs(db.db, q({ channel: 'sms' }));
    expect(texts.map((r) => r.recipientName)).toEqual(['Bo Ek', 'Anna Berg']);
  });

  it('gives every failure a reason an operator can read, with the carrier code', () => {
    seedTwo();
    const rows = listLogs(db.db, q({}));
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
    expect(listLogs(db.db, q({ channel: 'sms', state: 'failed' }))[0]!.reason).toMatchObject({ code: 'carrier_30006', params: { carrierCode: '30006' } });
  });

  it('filters by alert, contact, state and queued time (from inclusive, to exclusive)', () => {
    const { drill, live } = seedTwo();
    expect(listLogs(db.db, q({ alertId: drill.alertId })).map((r) => r.alertId)).toEqual([drill.alertId, drill.alertId, drill.alertId]);
    expect(listLogs(db.db, q({ contactId: anna })).map((r) => [r.alertId, r.state])).toEqual([
      [live.alertId, 'canceled'],
      [live.alertId, 'no_answer'],
      [drill.alertId, 'completed'],
      [drill.alertId, 'busy'],
    ]);
    expect(listLogs(db.db, q({ contactId: anna, alertId: drill.alertId, state: 'busy' }))).toHaveLength(1);
    expect(listLogs(db.db, q({ state: 'in_doubt' })).map((r) => r.recipientName)).toEqual(['Cecilia (raderad)']);
    expect(listLogs(db.db, q({ state: 'queued' }))).toEqual([]);
    const window = listLogs(db.db, q({ from: new Date(T0 + MIN).toISOString(), to: new Date(T0 + 61 * MIN).toISOString() }));
    expect(window.map((r) => r.queuedAt)).toEqual([T0 + 60 * MIN, T0 + MIN, T0 + 2 * MIN].map((t) => new Date(t).toISOString()));
    // A time with an offset is the same instant.
    expect(listLogs(db.db, q({ from: '2026-11-20T10:01:00+01:00' })).map((r) => r.queuedAt)).toEqual(
      [T0 + 62 * MIN, T0 + 61 * MIN].map((t) => new Date(t).toISOString()),
    );
  });

  it('pages by the last row seen, and the pages add up to the whole log', () => {
    seedTwo();
    const all = listLogs(db.db, q({}));
    const first = listLogs(db.db, q({ limit: 2 }));
    const second = listLogs(db.db, q({ limit: 2, beforeId: first.at(-1)!.attemptId }));
    const third = listLogs(db.db, q({ limit: 2, beforeId: second.at(-1)!.attemptId }));
    expect([...first, ...second, ...third]).toEqual(all);
    expect(listLogs(db.db, q({ limit: 2, beforeId: third.at(-1)!.attemptId }))).toEqual([]);
    expect([...allLogs(db.db, { channel: 'voice' }, 2)]).toEqual(all);
  });

  it('refuses a time that is not one, naming the field', () => {
    expect(() => listLogs(db.db, q({ from: 'igår' }))).toThrow(expect.objectContaining({ kind: 'validation', fields: [{ path: 'from', message: expect.any(String) }] }));
  });

  it('uses the indexes: no sort of the whole table for a page, the alert and contact indexes for those filters', () => {
    seedTwo();
    const plan = (query: Partial<LogQuery>) => logPlan(db.db, q(query)).join(' | ');
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
