/** For the scheduler's tests: a migrated database, an engine with people to call, a launch through AlertsService. */
import path from 'node:path';
import { alertDraftSchema, type AlertDraft } from '../contract';
import type { Actor } from '../audit/audit-log';
import { findResourcesDir } from '../config/paths';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { silentLogger } from '../log';
import { bookWithGroup, FAST } from '../test-support/alert-fixture';
import { removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import type { Connection } from '../rpc/router';
import { Scheduler, type ScheduledLaunch, type SchedulerOptions } from './scheduler';
import { ScheduleService } from './schedule-service';

export const utc = (s: string) => Date.parse(s);

export async function migratedDb(): Promise<OpenedDatabase & { close(): void }> {
  const dir = tempDir('gdial-sched-');
  const opened = await openDatabase({ file: path.join(dir, 'gdial.db'), migrationsFolder: path.join(findResourcesDir(), 'migrations') });
  return {
    ...opened,
    close: () => {
      opened.sqlite.close();
      removeDir(dir);
    },
  };
}

export const drillDraft = (groupId: number, extra: Partial<AlertDraft> = {}): AlertDraft =>
  alertDraftSchema.parse({ title: 'Provlarm', voiceText: 'Detta är ett provlarm. Tryck 1.', channels: ['voice'], groupIds: [groupId], drill: true, ...extra });

export interface SchedulingEngine {
  t: TestEngine;
  op: Connection;
  groupId: number;
  actor: Actor;
  /** Every launch the schedulers asked for. */
  launches: ScheduledLaunch[];
  service(now?: () => number): ScheduleService;
  scheduler(opts: Partial<SchedulerOptions> & { service: ScheduleService }): Scheduler;
}

/** A test engine with the built-in simulator (people answer and press 1) and a group of `people`. */
export async function schedulingEngine(people = 3): Promise<SchedulingEngine> {
  const t = await startTestEngine({
    simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
  });
  const op = await t.signedIn('operator', 'olle');
  const { groupId } = await bookWithGroup(t, op, people);
  const userId = (t.engine.db.$client.prepare("SELECT id FROM users WHERE username = 'olle'").get() as { id: number }).id;
  const launches: ScheduledLaunch[] = [];
  const schedulers: Scheduler[] = [];
  const stop = t.stop;
  t.stop = async () => {
    for (const s of schedulers) await s.stop();
    await stop();
  };
  return {
    t,
    op,
    groupId,
    actor: { id: userId, name: 'olle' },
    launches,
    service: (now = Date.now) => new ScheduleService(t.engine.db, { now, defaultTimeZone: () => 'Europe/Stockholm' }),
    scheduler: (opts) => {
      const s = new Scheduler({
        db: t.engine.db,
        log: silentLogger(),
        // What the engine wires: the same launch, pre-flight and approval as a manual one.
        launch: async (input) => {
          launches.push(input);
          const alert = t.engine.dispatch!.alerts.launch({ launchKey: input.launchKey, draft: input.draft }, { id: input.actorId, name: 'schemaläggare' });
          return { alertId: alert.id };
        },
        ...opts,
      });
      schedulers.push(s);
      return s;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
