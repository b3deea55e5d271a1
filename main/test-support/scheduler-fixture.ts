/**
 * For the scheduler's tests. On either backend (`schedulingStore`): a migrated store with an
 * operator, and a launch that writes an alert row under its launch key the way launch does
 * (the same key twice is one alert). On SQLite with a whole engine (`schedulingEngine`): people
 * to call and a launch through AlertsService that really dispatches.
 */
import { sql } from 'drizzle-orm';
import { alertDraftSchema, type AlertDraft } from '../contract';
import type { Actor } from '../audit/audit-log';
import type { Store } from '../db/store';
import { silentLogger } from '../log';
import type { Connection } from '../rpc/router';
import { Scheduler, type ScheduledLaunch, type SchedulerOptions } from '../scheduler/scheduler';
import { ScheduleService } from '../scheduler/schedule-service';
import { bookWithGroup, FAST } from './alert-fixture';
import type { TestBackend } from './backends';
import { startTestEngine, type TestEngine } from './engine-fixture';

export const utc = (s: string) => Date.parse(s);

export const drillDraft = (groupId: number, extra: Partial<AlertDraft> = {}): AlertDraft =>
  alertDraftSchema.parse({ title: 'Provlarm', voiceText: 'Detta är ett provlarm. Tryck 1.', channels: ['voice'], groupIds: [groupId], drill: true, ...extra });

export interface RunRecord {
  schedule_id: number;
  due_at: number;
  outcome: string;
  alert_id: number | null;
  detail: string | null;
}

interface Scheduling {
  store: Store;
  actor: Actor;
  /** Every launch the schedulers asked for. */
  launches: ScheduledLaunch[];
  service(now?: () => number): ScheduleService;
  scheduler(opts: Partial<SchedulerOptions> & { service: ScheduleService }): Scheduler;
  /** schedule_runs as stored, by due time. */
  runRows(): Promise<RunRecord[]>;
  alertsByKey(prefix: string): Promise<Array<{ id: number; launch_key: string }>>;
}

function scheduling(store: Store, actor: Actor, launch: SchedulerOptions['launch']) {
  const launches: ScheduledLaunch[] = [];
  const schedulers: Scheduler[] = [];
  const api: Scheduling = {
    store,
    actor,
    launches,
    service: (now = Date.now) => new ScheduleService(store, { now, defaultTimeZone: () => 'Europe/Stockholm' }),
    scheduler: (opts) => {
      const s = new Scheduler({
        store,
        log: silentLogger(),
        launch: async (input) => {
          launches.push(input);
          return launch(input);
        },
        ...opts,
      });
      schedulers.push(s);
      return s;
    },
    runRows: () => store.all<RunRecord>(sql`SELECT schedule_id, due_at, outcome, alert_id, detail FROM schedule_runs ORDER BY due_at`),
    alertsByKey: (prefix) => store.all(sql`SELECT id, launch_key FROM alerts WHERE launch_key LIKE ${`${prefix}%`} ORDER BY id`),
  };
  const stopSchedulers = async () => {
    for (const s of schedulers) await s.stop();
  };
  return { api, stopSchedulers };
}

export interface SchedulingStore extends Scheduling {
  close(): Promise<void>;
}

/**
 * A fresh database on `backend` with the operator 'olle'. The launch writes the alert row as
 * launch does under its key (an existing key returns the existing alert), so "one alert per run"
 * is checked on each backend; a draft with templateId 999 is refused as launch refuses it.
 */
export async function schedulingStore(backend: TestBackend): Promise<SchedulingStore> {
  const opened = await backend.open();
  const { store } = opened;
  const user = await store.get<{ id: number }>(sql`
    INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
    VALUES ('olle', 'Olle', 'operator', '', 0, 0) RETURNING id`);
  const launch = async (input: ScheduledLaunch) => {
    if (input.draft.templateId === 999) throw new Error('template 999 does not exist');
    return store.unit(async (tx) => {
      await tx.run(sql`
        INSERT INTO alerts (launch_key, title, state, channels, policy, drill, created_by, created_at)
        VALUES (${input.launchKey}, ${input.draft.title}, 'queued', '["voice"]', '{}', ${input.draft.drill ? 1 : 0}, ${input.actorId}, ${Date.now()})
        ON CONFLICT (launch_key) DO NOTHING`);
      const row = await tx.get<{ id: number }>(sql`SELECT id FROM alerts WHERE launch_key = ${input.launchKey}`);
      return { alertId: row!.id };
    });
  };
  const { api, stopSchedulers } = scheduling(store, { id: user!.id, name: 'olle' }, launch);
  return {
    ...api,
    close: async () => {
      await stopSchedulers();
      await opened.close();
    },
  };
}

export interface SchedulingEngine extends Scheduling {
  t: TestEngine;
  op: Connection;
  groupId: number;
}

/** A test engine (SQLite) with the built-in simulator (people answer and press 1) and a group of `people`. */
export async function schedulingEngine(people = 3): Promise<SchedulingEngine> {
  const t = await startTestEngine({
    simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
  });
  const op = await t.signedIn('operator', 'olle');
  const { groupId } = await bookWithGroup(t, op, people);
  const store = t.engine.store;
  const user = await store.get<{ id: number }>(sql`SELECT id FROM users WHERE username = 'olle'`);
  // What the engine wires: the same launch, pre-flight and approval as a manual one.
  const { api, stopSchedulers } = scheduling(store, { id: user!.id, name: 'olle' }, async (input) => {
    const alert = await t.engine.dispatch!.alerts.launchAsync({ launchKey: input.launchKey, draft: input.draft }, { id: input.actorId, name: 'schemaläggare' });
    return { alertId: alert.id };
  });
  const stop = t.stop;
  t.stop = async () => {
    await stopSchedulers();
    await stop();
  };
  return { ...api, t, op, groupId };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
