import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleRule } from '../contract';
import { SYSTEM_ACTOR } from '../audit/audit-log';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { drillDraft, utc } from '../test-support/scheduler-fixture';
import { ScheduleService } from './schedule-service';

const weekly: ScheduleRule = { kind: 'recurring', cron: '0 10 * * 1', timeZone: 'Europe/Stockholm' };
const fields = (rule: ScheduleRule, extra: object = {}) => ({ name: 'Måndagsprov', rule, draft: drillDraft(1), missedPolicy: 'skip' as const, ...extra });
const refusal = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

describe.each(testBackends())('ScheduleService on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  let clock: number;
  let changes: number;
  let service: ScheduleService;

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    clock = utc('2026-03-20T12:00:00Z');
    changes = 0;
    service = new ScheduleService(store, { now: () => clock, defaultTimeZone: () => 'Europe/Stockholm' });
    service.onChange(() => changes++);
  });
  afterEach(() => opened.close());

  const count = async (table: 'schedules' | 'audit_log') => (await store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM ${sql.raw(table)}`))!.n;
  const audits = async () => (await store.all<{ action: string }>(sql`SELECT action FROM audit_log ORDER BY id`)).map((r) => r.action);
  const nextRunAt = () => store.get(sql`SELECT next_run_at FROM schedules`);

  it('creates a recurring schedule: five next runs in UTC, the draft as given, audited', async () => {
    const s = await service.create(fields(weekly), SYSTEM_ACTOR);
    expect(s).toMatchObject({ name: 'Måndagsprov', rule: weekly, paused: false, missedPolicy: 'skip', lastRun: null, createdBy: null });
    expect(s.nextRuns).toEqual([
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-06T08:00:00.000Z',
      '2026-04-13T08:00:00.000Z',
      '2026-04-20T08:00:00.000Z',
    ]);
    expect(s.draft).toEqual(drillDraft(1));
    expect(await service.list()).toEqual([s]);
    expect(await audits()).toEqual(['schedules.create']);
    expect(changes).toBe(1);
    expect(await nextRunAt()).toEqual({ next_run_at: utc('2026-03-23T09:00:00Z') });
  });

  it('reads a once time without an offset in the default zone, and stores it in UTC', async () => {
    const s = await service.create(fields({ kind: 'once', runAt: '2026-06-01T10:00' }), SYSTEM_ACTOR);
    expect(s.rule).toEqual({ kind: 'once', localDateTime: '2026-06-01T10:00', timeZone: 'Europe/Stockholm', runAt: '2026-06-01T08:00:00.000Z' });
    expect(s.nextRuns).toEqual(['2026-06-01T08:00:00.000Z']);
  });

  it('refuses a once time in the past, naming rule.runAt, and writes nothing', async () => {
    const e = await refusal(() => service.create(fields({ kind: 'once', runAt: '2026-03-20T11:59:00Z' }), SYSTEM_ACTOR));
    expect(e).toMatchObject({ kind: 'validation', fields: [{ path: 'rule.runAt' }] });
    expect(e.message).toMatch(/already passed/);
    expect(await count('schedules')).toBe(0);
    expect(await count('audit_log')).toBe(0);
    expect(changes).toBe(0);
  });

  it.each([
    [{ kind: 'recurring', cron: '0 24 * * *', timeZone: 'Europe/Stockholm' }, 'rule.cron', 'hour: 24 is out of range 0–23'],
    [{ kind: 'recurring', cron: '0 0 30 2 *', timeZone: 'Europe/Stockholm' }, 'rule.cron', 'cron: never runs in the next 8 years (a day that does not exist, such as 30 February?)'],
    [{ kind: 'recurring', cron: '0 9 * * *', timeZone: 'Europe/Stokholm' }, 'rule.timeZone', '"Europe/Stokholm" is not a time zone this computer knows (e.g. Europe/Stockholm)'],
    [{ kind: 'once', runAt: 'next tuesday' }, 'rule.runAt', 'runAt: "next tuesday" is not a date and time (e.g. 2026-05-04T10:00 or 2026-05-04T08:00:00Z)'],
    [{ kind: 'once', runAt: '2026-02-30T10:00' }, 'rule.runAt', 'runAt: "2026-02-30T10:00" is not a date and time that exists'],
  ] as [ScheduleRule, string, string][])('refuses %j naming %s', async (rule, path, message) => {
    expect(await refusal(() => service.create(fields(rule), SYSTEM_ACTOR))).toMatchObject({ kind: 'validation', message, fields: [{ path }] });
    expect(await refusal(() => service.preview(rule, 5))).toMatchObject({ kind: 'validation', fields: [{ path }] });
    expect(await count('schedules')).toBe(0);
  });

  it('refuses a draft the engine says cannot be launched', async () => {
    const strict = new ScheduleService(store, {
      now: () => clock,
      defaultTimeZone: () => 'Europe/Stockholm',
      checkDraft: () => {
        throw new AppError('not_found', 'template 9 does not exist');
      },
    });
    expect((await refusal(() => strict.create(fields(weekly), SYSTEM_ACTOR))).kind).toBe('not_found');
    expect(await count('schedules')).toBe(0);
  });

  it('previews a rule from now', () => {
    expect(service.preview({ kind: 'recurring', cron: '30 2 * * *', timeZone: 'Europe/Stockholm' }, 3).nextRuns).toEqual([
      '2026-03-21T01:30:00.000Z',
      '2026-03-22T01:30:00.000Z',
      '2026-03-23T01:30:00.000Z',
    ]);
  });

  it('a new rule plans from now; other edits keep the planned run', async () => {
    const s = await service.create(fields(weekly), SYSTEM_ACTOR);
    clock = utc('2026-03-21T12:00:00Z');
    const renamed = await service.update({ id: s.id, name: 'Nytt namn', missedPolicy: 'run_late' }, SYSTEM_ACTOR);
    expect(renamed).toMatchObject({ name: 'Nytt namn', missedPolicy: 'run_late', nextRuns: s.nextRuns, rule: weekly });
    const daily = await service.update({ id: s.id, rule: { kind: 'recurring', cron: '0 7 * * *', timeZone: 'Europe/Stockholm' } }, SYSTEM_ACTOR);
    expect(daily.nextRuns[0]).toBe('2026-03-22T06:00:00.000Z');
    const past = await refusal(() => service.update({ id: s.id, rule: { kind: 'once', runAt: '2026-03-01T10:00:00Z' } }, SYSTEM_ACTOR));
    expect(past.fields?.[0]?.path).toBe('rule.runAt');
    expect(await audits()).toEqual(['schedules.create', 'schedules.update', 'schedules.update']);
    expect((await refusal(() => service.update({ id: 999, name: 'x' }, SYSTEM_ACTOR))).kind).toBe('not_found');
  });

  it('pausing clears the planned run; resuming plans from the time of resuming', async () => {
    const s = await service.create(fields(weekly), SYSTEM_ACTOR);
    const paused = await service.setPaused(s.id, true, SYSTEM_ACTOR);
    expect(paused).toMatchObject({ paused: true, nextRuns: [] });
    expect(await nextRunAt()).toEqual({ next_run_at: null });
    // Nothing changed, nothing audited.
    await service.setPaused(s.id, true, SYSTEM_ACTOR);
    clock = utc('2026-04-01T12:00:00Z');
    expect((await service.setPaused(s.id, false, SYSTEM_ACTOR)).nextRuns[0]).toBe('2026-04-06T08:00:00.000Z');
    expect(await audits()).toEqual(['schedules.create', 'schedules.setPaused', 'schedules.setPaused']);
  });

  it('a once schedule whose time passed while paused has no run left', async () => {
    const s = await service.create(fields({ kind: 'once', runAt: '2026-03-21T08:00:00Z' }), SYSTEM_ACTOR);
    await service.setPaused(s.id, true, SYSTEM_ACTOR);
    clock = utc('2026-03-22T00:00:00Z');
    expect((await service.setPaused(s.id, false, SYSTEM_ACTOR)).nextRuns).toEqual([]);
  });

  it('removes a schedule (audited); removing it again is not_found', async () => {
    const s = await service.create(fields(weekly), SYSTEM_ACTOR);
    await service.remove(s.id, SYSTEM_ACTOR);
    expect(await service.list()).toEqual([]);
    expect((await refusal(() => service.remove(s.id, SYSTEM_ACTOR))).kind).toBe('not_found');
    expect(await audits()).toEqual(['schedules.create', 'schedules.delete']);
    expect(changes).toBe(2);
  });

  it('lists runs newest first, per schedule or all', async () => {
    const a = await service.create(fields(weekly), SYSTEM_ACTOR);
    const b = await service.create(fields(weekly, { name: 'Andra' }), SYSTEM_ACTOR);
    const insert = (id: number, due: number, handled: number) =>
      store.run(sql`INSERT INTO schedule_runs (schedule_id, due_at, handled_at, outcome, detail) VALUES (${id}, ${due}, ${handled}, 'skipped_missed', 'x')`);
    await insert(a.id, 1000, 2000);
    await insert(a.id, 5000, 6000);
    await insert(b.id, 3000, 4000);
    expect((await service.runs({ limit: 10 })).map((r) => [r.scheduleName, r.dueAt])).toEqual([
      ['Måndagsprov', '1970-01-01T00:00:05.000Z'],
      ['Andra', '1970-01-01T00:00:03.000Z'],
      ['Måndagsprov', '1970-01-01T00:00:01.000Z'],
    ]);
    expect(await service.runs({ scheduleId: a.id, limit: 1 })).toEqual([
      { id: 2, scheduleId: a.id, scheduleName: 'Måndagsprov', dueAt: '1970-01-01T00:00:05.000Z', handledAt: '1970-01-01T00:00:06.000Z', outcome: 'skipped_missed', alertId: null, detail: 'x' },
    ]);
    expect((await service.get(a.id)).lastRun?.id).toBe(2);
    expect((await refusal(() => service.runs({ scheduleId: 999, limit: 5 }))).kind).toBe('not_found');
  });
});
