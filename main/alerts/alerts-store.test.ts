/**
 * The alerts' verbs over the store, on both engines: the launch key is unique (a duplicate is
 * recognised as such, so a launch that loses the race returns the first alert), approval by
 * someone else only, cancel, resend, in-doubt decisions, the list and the view with its counters.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDraftSchema, escalationPolicySchema } from '../contract';
import { isUniqueViolation } from '../db/constraint-errors';
import type { Queryable, Store } from '../db/store';
import { AsyncOutcomes } from '../dispatch/outcomes-async';
import type { SettingsService } from '../settings/settings-service';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { AlertsService, type DispatchControl } from './alerts-service';
import { alertIdByLaunchKey, insertAlert, insertFirstAttempts, type NewAlert } from './alerts-store';
import { launchAlert } from './launch';

const launcher = { id: 1, name: 'olof' };
const colleague = { id: 2, name: 'kollega' };

function newAlert(key: string, state: NewAlert['state'] = 'queued'): NewAlert {
  const at = Date.now();
  return {
    launchKey: key,
    title: 'Brand i Åby',
    templateId: null,
    voiceText: 'Brand',
    smsText: 'Brand',
    language: 'sv',
    confirmDigit: '1',
    declineDigit: '2',
    state,
    drill: false,
    channels: JSON.stringify(['voice']),
    policy: JSON.stringify(escalationPolicySchema.parse({})),
    contentSha256: 'x',
    createdBy: launcher.id,
    createdAt: at,
    expiresAt: at + 3_600_000,
    scheduleId: null,
    onSimulator: false,
  };
}

/** An alert with `people` recipients (one number each) and their first attempts, as a launch writes them. */
async function seed(store: Store, key: string, people: number, state: NewAlert['state'] = 'queued'): Promise<number> {
  return store.unit(async (tx) => {
    const a = newAlert(key, state);
    const alertId = await insertAlert(tx, a);
    for (let i = 0; i < people; i++) {
      await tx.run(sql`INSERT INTO alert_recipients (alert_id, name, state, voice_numbers)
        VALUES (${alertId}, ${`Person ${i}`}, 'pending', ${JSON.stringify([`+4670200000${i}`])})`);
    }
    await insertFirstAttempts(tx, alertId, 'voice', a.createdAt);
    return alertId;
  });
}

describe.each(testBackends())('alerts on $name', (backend) => {
  let opened: OpenedTestStore;
  let service: AlertsService;
  const kicks: string[] = [];
  const ended: unknown[] = [];
  beforeAll(async () => {
    opened = await backend.open();
    const { store } = opened;
    for (const u of [launcher, colleague]) {
      await store.run(sql`INSERT INTO users (id, username, display_name, password_hash, role, created_at, updated_at)
        VALUES (${u.id}, ${u.name}, ${u.name}, 'x', 'operator', ${Date.now()}, ${Date.now()})`);
    }
    const control: DispatchControl = {
      kick: () => void kicks.push('kick'),
      endCalls: async (calls) => void ended.push(...calls),
      waitingForUplink: () => false,
      waitingForPublicUrl: () => false,
      onSimulator: () => false,
    };
    const settings = { current: () => ({ approvalThreshold: 0, drillRosterGroupId: 0 }) } as unknown as SettingsService;
    // No legacy connection: none of the verbs tested here reaches a capability that is not async yet.
    service = new AlertsService(store, settings, new AsyncOutcomes(store), control);
  });
  afterAll(() => opened.close());

  const audited = async (action: string) =>
    Number((await opened.store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM audit_log WHERE action = ${action}`))!.n);

  it('keeps launch keys unique: a second alert with the same key is a unique violation on launch_key', async () => {
    const { store } = opened;
    const first = await seed(store, 'same-key-0001', 1);
    const error = await store.unit((tx) => insertAlert(tx, newAlert('same-key-0001'))).catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'launch_key')).toBe(true);
    expect(isUniqueViolation(error, 'title')).toBe(false);
    expect(await alertIdByLaunchKey(store, 'same-key-0001')).toBe(first);
    expect(Number((await store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM alerts WHERE launch_key = 'same-key-0001'`))!.n)).toBe(1);
  });

  it('reads an alert back with its counters and flags, and lists it', async () => {
    const id = await seed(opened.store, 'view-key-0001', 3);
    const alert = await service.get(id);
    expect(alert).toMatchObject({ id, launchKey: 'view-key-0001', state: 'queued', drill: false, onSimulator: false, createdBy: 'olof', burn: null });
    expect(alert.counters).toMatchObject({ recipients: 3, pending: 3, queued: 3, dialling: 0, confirmed: 0 });
    const active = await service.listAsync({ active: true, limit: 50 });
    expect(active.map((a) => a.id)).toContain(id);
    expect((await service.listAsync({ active: false, limit: 50 })).map((a) => a.id)).not.toContain(id);
    await expect(service.get(999_999)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('approval: never by the one who launched it, then by someone else, audited', async () => {
    const id = await seed(opened.store, 'approve-key-01', 2, 'pending_approval');
    await expect(service.approve(id, launcher)).rejects.toMatchObject({ code: 'alerts.self_approval' });
    expect((await service.get(id)).state).toBe('pending_approval');
    const approved = await service.approve(id, colleague);
    expect(approved).toMatchObject({ state: 'queued', approvedBy: 'kollega' });
    expect(await audited('alerts.approve')).toBe(1);
    await expect(service.approve(id, colleague)).rejects.toMatchObject({ code: 'alerts.not_pending' });
  });

  it('cancel: queued attempts stop, people are cancelled, a second cancel is refused', async () => {
    const id = await seed(opened.store, 'cancel-key-01', 3);
    const canceled = await service.cancel(id, launcher);
    expect(canceled.state).toBe('canceled');
    expect(canceled.counters).toMatchObject({ queued: 0, canceled: 3 });
    expect(await audited('alerts.cancel')).toBe(1);
    await expect(service.cancel(id, launcher)).rejects.toMatchObject({ code: 'alerts.already_ended' });
    await expect(service.cancel(999_999, launcher)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('resend: one fresh round for the unconfirmed, never doubling what is queued', async () => {
    const { store } = opened;
    const id = await seed(store, 'resend-key-01', 3);
    // Nobody is idle yet: everyone has a queued attempt.
    expect((await service.resend(id, 'unconfirmed', launcher)).counters.queued).toBe(3);
    await store.run(sql`UPDATE dispatch_attempts SET state = 'no_answer', updated_at = ${Date.now()} WHERE alert_id = ${id}`);
    await store.run(sql`UPDATE alert_recipients SET state = 'unreached' WHERE alert_id = ${id}`);
    await store.run(sql`UPDATE alerts SET state = 'completed', finished_at = ${Date.now()} WHERE id = ${id}`);
    const again = await service.resend(id, 'unconfirmed', launcher);
    expect(again.state).toBe('running');
    expect(again.counters).toMatchObject({ queued: 3, pending: 3 });
    const rounds = await store.all<{ cycle: number; e164: string }>(sql`SELECT cycle AS "cycle", e164 AS "e164" FROM dispatch_attempts WHERE alert_id = ${id} AND state = 'queued' ORDER BY id`);
    expect(rounds.map((r) => r.cycle)).toEqual([1, 1, 1]);
    expect(rounds[0]!.e164).toBe('+46702000000');
    expect(await audited('alerts.resend')).toBe(2);
  });

  it('in doubt: redial queues the attempt again; letting it be fails it and settles the person and the alert', async () => {
    const { store } = opened;
    const id = await seed(store, 'doubt-key-0001', 2);
    const attempts = await store.all<{ id: number }>(sql`SELECT id AS "id" FROM dispatch_attempts WHERE alert_id = ${id} ORDER BY id`);
    await store.run(sql`UPDATE dispatch_attempts SET state = 'in_doubt' WHERE alert_id = ${id}`);
    await store.run(sql`UPDATE alerts SET state = 'running' WHERE id = ${id}`);
    const kicked = kicks.length;
    const redialed = await service.resolveInDoubt(attempts[0]!.id, true, launcher);
    expect(redialed.counters).toMatchObject({ queued: 1, inDoubt: 1 });
    expect(kicks.length).toBe(kicked + 1);
    await store.run(sql`UPDATE dispatch_attempts SET state = 'completed' WHERE id = ${attempts[0]!.id}`);
    await store.run(sql`UPDATE alert_recipients SET state = 'confirmed' WHERE id = (SELECT recipient_id FROM dispatch_attempts WHERE id = ${attempts[0]!.id})`);
    const given = await service.resolveInDoubt(attempts[1]!.id, false, launcher);
    expect(given.counters).toMatchObject({ inDoubt: 0, failed: 1, unreached: 1, confirmed: 1 });
    expect(given.state).toBe('completed');
    await expect(service.resolveInDoubt(attempts[1]!.id, false, launcher)).rejects.toMatchObject({ code: 'alerts.not_in_doubt' });
    expect(await audited('alerts.resolveInDoubt')).toBe(2);
  });

  /** A group of `people`, each with a mobile (voice and text); the third without any number. */
  async function group(people: number): Promise<number> {
    const { store } = opened;
    const at = Date.now();
    const g = (await store.get<{ id: number }>(sql`INSERT INTO groups (name, created_at, updated_at) VALUES (${`G${at}${Math.random()}`}, ${at}, ${at}) RETURNING id AS "id"`))!.id;
    for (let i = 0; i < people; i++) {
      const c = (await store.get<{ id: number }>(sql`INSERT INTO contacts (name, created_at, updated_at) VALUES (${`Person ${i}`}, ${at}, ${at}) RETURNING id AS "id"`))!.id;
      await store.run(sql`INSERT INTO group_members (group_id, contact_id, position) VALUES (${g}, ${c}, ${i})`);
      if (i !== 2) {
        await store.run(sql`INSERT INTO phone_numbers (contact_id, e164, kind, priority, voice_capable, sms_capable, created_at, updated_at)
          VALUES (${c}, ${`+4670300${String(g).padStart(2, '0')}${String(i).padStart(2, '0')}`}, 'mobile', 0, 1, 1, ${at}, ${at})`);
      }
    }
    return g;
  }

  it('launch: the alert, its people and their first attempts in one unit; the same key twice is one alert', async () => {
    const g = await group(4);
    const draft = alertDraftSchema.parse({ title: 'Brand', voiceText: 'Brand i Åby', smsText: 'Brand i Åby', channels: ['voice', 'sms'], groupIds: [g] });
    const input = { launchKey: 'launch-key-0001', draft };
    const [a, b] = await Promise.all([service.launchAsync(input, launcher), service.launchAsync(input, launcher)]);
    expect(a.id).toBe(b.id);
    expect(a.counters).toMatchObject({ recipients: 4, unreached: 1, queued: 6, pending: 3 });
    expect(Number((await opened.store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM alerts WHERE launch_key = 'launch-key-0001'`))!.n)).toBe(1);
    expect(await audited('alerts.launch')).toBe(1);
    const voice = await opened.store.all<{ e164: string }>(sql`SELECT e164 AS "e164" FROM dispatch_attempts WHERE alert_id = ${a.id} AND channel = 'voice' ORDER BY id`);
    expect(voice).toHaveLength(3);
    expect(voice[0]!.e164).toMatch(/^\+4670300/);
  });

  it('launch: a key taken by another writer in between (a unique violation) returns that alert, nothing written twice', async () => {
    const g = await group(2);
    const draft = alertDraftSchema.parse({ title: 'Brand', voiceText: 'Brand', channels: ['voice'], groupIds: [g] });
    const first = await service.launchAsync({ launchKey: 'race-key-0001', draft }, launcher);
    // The launch does not see the key when it looks (as if the other writer had not committed yet).
    const blind = (q: Queryable): Queryable => {
      let looked = false;
      return {
        dialect: q.dialect,
        identity: q.identity,
        all: (query) => q.all(query),
        get: <T,>(query: Parameters<Queryable['get']>[0]) => {
          if (!looked) {
            looked = true;
            return Promise.resolve(undefined as T | undefined);
          }
          return q.get<T>(query);
        },
        run: (query) => q.run(query),
        insertRows: (bulk, rows) => q.insertRows(bulk, rows),
        unit: (fn) => q.unit((tx) => fn(blind(tx))),
      };
    };
    const again = await launchAlert(
      { ...opened.store, dialect: opened.store.dialect, identity: opened.store.identity, all: (q) => opened.store.all(q), get: (q) => opened.store.get(q), run: (q) => opened.store.run(q), unit: (fn) => opened.store.unit((tx) => fn(blind(tx))) },
      { launchKey: 'race-key-0001', draft, texts: { voiceText: 'Brand', smsText: '', confirmDigit: '1', declineDigit: '2' }, needsApproval: () => false },
      launcher,
    );
    expect(again).toEqual({ alertId: first.id, created: false });
    expect(Number((await opened.store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM alert_recipients WHERE alert_id = ${first.id}`))!.n)).toBe(2);
  });

  it('launch: above the approval threshold a live alert waits for approval', async () => {
    const g = await group(3);
    const draft = alertDraftSchema.parse({ title: 'Stor', voiceText: 'Brand', channels: ['voice'], groupIds: [g] });
    const settings = { current: () => ({ approvalThreshold: 2, drillRosterGroupId: 0 }) } as unknown as SettingsService;
    const strict = new AlertsService(opened.store, settings, new AsyncOutcomes(opened.store), { kick() {}, endCalls: async () => {}, waitingForUplink: () => false, waitingForPublicUrl: () => false, onSimulator: () => true });
    const live = await strict.launchAsync({ launchKey: 'approval-key-01', draft }, launcher);
    expect(live).toMatchObject({ state: 'pending_approval', onSimulator: true });
    const drill = await strict.launchAsync({ launchKey: 'approval-key-02', draft: { ...draft, drill: true } }, launcher);
    expect(drill.state).toBe('queued');
  });
});
