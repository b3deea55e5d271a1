import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleRun } from '../contract';
import { waitForAlert } from '../test-support/alert-fixture';
import { testBackends } from '../test-support/backends';
import { drillDraft, schedulingEngine, schedulingStore, sleep, until, utc, type SchedulingEngine, type SchedulingStore } from '../test-support/scheduler-fixture';
import { launchKeyOf } from './scheduler';

// A daily 09:00 (Stockholm) test alarm created on Monday 5 January 2026 at noon; GDial is next
// started on Thursday at 13:00 UTC: the runs of the 6th, 7th and 8th (08:00 UTC) were missed.
const CREATED = utc('2026-01-05T12:00:00Z');
const REOPENED = utc('2026-01-08T13:00:00Z');
const MISSED = ['2026-01-06T08:00:00Z', '2026-01-07T08:00:00Z', '2026-01-08T08:00:00Z'].map(utc);
const GROUP = 1;

describe.each(testBackends())('the scheduler on $name', (backend) => {
  let s: SchedulingStore | null = null;
  afterEach(async () => {
    await s?.close();
    s = null;
  });

  async function missedSetup(policy: 'skip' | 'run_late') {
    s = await schedulingStore(backend);
    const created = await s.service(() => CREATED).create(
      { name: 'Dagligt prov', rule: { kind: 'recurring', cron: '0 9 * * *', timeZone: 'Europe/Stockholm' }, draft: drillDraft(GROUP), missedPolicy: policy },
      s.actor,
    );
    return { s, id: created.id, service: s.service(() => REOPENED) };
  }

  describe('runs missed while GDial was closed', () => {
    it("'run_late' does not launch a run whose local day has passed: it is recorded as skipped, with why", async () => {
      const { s, service } = await missedSetup('run_late');
      // Reopened the next morning: the 8th's 09:00 run is a day old.
      const scheduler = s.scheduler({ service, now: () => utc('2026-01-09T06:00:00Z') });
      const missed = await scheduler.start();
      expect(missed.map((r) => r.outcome)).toEqual(['skipped_missed', 'skipped_missed', 'skipped_missed']);
      expect(missed.at(-1)!.detail).toMatch(/its day had passed/);
      expect(s.launches).toHaveLength(0);
      await scheduler.stop();
    });

    it("'skip' records each missed run and launches nothing", async () => {
      const { s, id, service } = await missedSetup('skip');
      const scheduler = s.scheduler({ service, now: () => REOPENED });
      const missed = await scheduler.start();
      expect(missed.map((r) => [r.dueAt, r.outcome])).toEqual(MISSED.map((t) => [new Date(t).toISOString(), 'skipped_missed']));
      expect(missed.every((r) => r.detail === 'Missed while GDial was not running' && r.alertId === null)).toBe(true);
      expect(scheduler.missedAtStart()).toEqual(missed);
      expect(s.launches).toHaveLength(0);
      expect(await s.alertsByKey('schedule:')).toEqual([]);
      expect((await service.get(id)).nextRuns[0]).toBe('2026-01-09T08:00:00.000Z');
      expect((await service.get(id)).lastRun).toMatchObject({ outcome: 'skipped_missed', dueAt: '2026-01-08T08:00:00.000Z' });
    });

    it("'run_late' launches the latest missed run once, skips the older ones, and a restart repeats nothing", async () => {
      const { s, id, service } = await missedSetup('run_late');
      const seen: ScheduleRun[] = [];
      const first = s.scheduler({ service, now: () => REOPENED, onRun: (r) => seen.push(r) });
      const missed = await first.start();
      expect(missed.map((r) => r.outcome).sort()).toEqual(['launched_late', 'skipped_missed', 'skipped_missed']);
      expect(seen).toHaveLength(3);
      const late = missed.find((r) => r.outcome === 'launched_late')!;
      expect(late.dueAt).toBe('2026-01-08T08:00:00.000Z');
      expect(late.detail).toMatch(/launched late/);
      expect(s.launches).toEqual([expect.objectContaining({ scheduleId: id, dueAt: MISSED[2], late: true, actorId: s.actor.id, launchKey: launchKeyOf(id, MISSED[2]!) })]);
      expect(await s.alertsByKey('schedule:')).toEqual([{ id: late.alertId, launch_key: `schedule:${id}:${MISSED[2]}` }]);
      const rows = await s.runRows();
      expect(rows.map((r) => r.outcome)).toEqual(['skipped_missed', 'skipped_missed', 'launched_late']);
      expect(rows[0]!.detail).toMatch(/only the latest missed run was launched/);
      await first.stop();

      // Restarted (even later, and twice over): nothing launched or recorded again.
      for (const at of [REOPENED, REOPENED + 60_000]) {
        const again = s.scheduler({ service, now: () => at });
        expect(await again.start()).toEqual([]);
        await again.stop();
      }
      expect(await s.runRows()).toEqual(rows);
      expect(s.launches).toHaveLength(1);
      expect(await s.alertsByKey('schedule:')).toHaveLength(1);
    });

    it('settles a run whose launch a crash interrupted: launched if the alert exists', async () => {
      const { s, id, service } = await missedSetup('skip');
      const due = MISSED[2]!;
      const alert = await s.store.get<{ id: number }>(sql`
        INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES (${launchKeyOf(id, due)}, 'Provlarm', 'queued', '["voice"]', '{}', ${due})
        RETURNING id`);
      await s.store.run(sql`
        INSERT INTO schedule_runs (schedule_id, due_at, handled_at, outcome, detail)
        VALUES (${id}, ${due}, ${due + 1000}, 'failed', 'GDial stopped while this run was being launched')`);
      await s.store.run(sql`UPDATE schedules SET next_run_at = ${utc('2026-01-09T08:00:00Z')} WHERE id = ${id}`);
      await s.scheduler({ service, now: () => REOPENED }).start();
      expect(await s.runRows()).toEqual([expect.objectContaining({ due_at: due, outcome: 'launched', alert_id: alert!.id })]);
      expect(s.launches).toHaveLength(0);
    });

    it('says so when a crash interrupted a launch that created no alert', async () => {
      const { s, id, service } = await missedSetup('skip');
      const due = MISSED[2]!;
      await s.store.run(sql`
        INSERT INTO schedule_runs (schedule_id, due_at, handled_at, outcome, detail)
        VALUES (${id}, ${due}, ${due + 1000}, 'failed', 'GDial stopped while this run was being launched')`);
      await s.store.run(sql`UPDATE schedules SET next_run_at = ${utc('2026-01-09T08:00:00Z')} WHERE id = ${id}`);
      await s.scheduler({ service, now: () => REOPENED }).start();
      const [row] = await s.runRows();
      expect(row).toMatchObject({ due_at: due, outcome: 'failed', alert_id: null });
      expect(row!.detail).toMatch(/no alert was created; launch it by hand/);
    });
  });

  describe('due runs', () => {
    it('handles a due run once even when two ticks race', async () => {
      s = await schedulingStore(backend);
      const at = Date.now() + 60_000;
      const service = s.service();
      const schedule = await service.create({ name: 'Kapplöpning', rule: { kind: 'once', runAt: new Date(at).toISOString() }, draft: drillDraft(GROUP), missedPolicy: 'skip' }, s.actor);
      const a = s.scheduler({ service, now: () => at });
      const b = s.scheduler({ service, now: () => at });
      const [ra, rb, rc] = await Promise.all([a.tick(), b.tick(), a.tick()]);
      expect([...ra!, ...rb!, ...rc!].map((r) => r.outcome)).toEqual(['launched']);
      expect(s.launches).toHaveLength(1);
      expect(await s.runRows()).toHaveLength(1);
      expect(await s.alertsByKey(`schedule:${schedule.id}:`)).toHaveLength(1);
    });

    it('records a failed launch and keeps running the next ones', async () => {
      s = await schedulingStore(backend);
      let clock = utc('2026-05-04T05:00:00Z');
      const service = s.service(() => clock);
      // A template that does not exist: the launch refuses it.
      const broken = await service.create(
        { name: 'Trasig', rule: { kind: 'recurring', cron: '0 8 * * *', timeZone: 'Europe/Stockholm' }, draft: drillDraft(GROUP, { voiceText: '', templateId: 999 }), missedPolicy: 'skip' },
        s.actor,
      );
      const scheduler = s.scheduler({ service, now: () => clock });
      await scheduler.start();
      clock = utc('2026-05-04T06:00:10Z');
      const [failed] = await scheduler.tick();
      expect(failed).toMatchObject({ scheduleId: broken.id, outcome: 'failed', alertId: null });
      expect(failed!.detail).toMatch(/^The launch failed: template 999 does not exist/);
      // Fixed; the next day's run goes out.
      await service.update({ id: broken.id, draft: drillDraft(GROUP) }, s.actor);
      clock = utc('2026-05-05T06:00:05Z');
      const [ok] = await scheduler.tick();
      expect(ok).toMatchObject({ outcome: 'launched', dueAt: '2026-05-05T06:00:00.000Z' });
      expect(ok!.alertId).toBeGreaterThan(0);
    });

    it('a schedule it cannot read does not stop the others', async () => {
      s = await schedulingStore(backend);
      const service = s.service(() => utc('2026-05-04T05:00:00Z'));
      const daily = (name: string) =>
        service.create({ name, rule: { kind: 'recurring', cron: '0 8 * * *', timeZone: 'Europe/Stockholm' }, draft: drillDraft(GROUP), missedPolicy: 'skip' }, s!.actor);
      const good = await daily('Bra');
      const bad = await daily('Skadad');
      await s.store.run(sql`UPDATE schedules SET cron = 'written by a newer GDial' WHERE id = ${bad.id}`);
      const scheduler = s.scheduler({ service, now: () => utc('2026-05-04T06:00:05Z') });
      expect(await scheduler.start()).toEqual([]);
      expect(await s.runRows()).toEqual([expect.objectContaining({ schedule_id: good.id, outcome: 'launched' })]);
      await expect(scheduler.tick()).rejects.toThrow(/1 schedules could not be handled/);
      // Still listed, so it can be fixed or deleted.
      expect((await service.list()).map((x) => x.name)).toEqual(['Skadad', 'Bra']);
    });

    it('does not run a paused schedule, nor a deleted one', async () => {
      s = await schedulingStore(backend);
      const service = s.service();
      const scheduler = s.scheduler({ service });
      await scheduler.start();
      // Due soon, but not before the pause and the deletion have surely landed: the scheduler
      // wakes for a new schedule at once and would launch it at its time.
      const due = Date.now() + 3_000;
      const soon = () => ({ kind: 'once' as const, runAt: new Date(due).toISOString() });
      const paused = await service.create({ name: 'Pausad', rule: soon(), draft: drillDraft(GROUP), missedPolicy: 'run_late' }, s.actor);
      await service.setPaused(paused.id, true, s.actor);
      const deleted = await service.create({ name: 'Borttagen', rule: soon(), draft: drillDraft(GROUP), missedPolicy: 'run_late' }, s.actor);
      await service.remove(deleted.id, s.actor);
      await sleep(Math.max(0, due + 900 - Date.now()));
      await scheduler.tick();
      expect(await s.runRows()).toEqual([]);
      expect(s.launches).toEqual([]);
      expect(await s.alertsByKey('schedule:')).toEqual([]);
      // Resumed after its time: a once schedule has no run left, and resuming does not count it as missed.
      expect((await service.setPaused(paused.id, false, s.actor)).nextRuns).toEqual([]);
      await scheduler.tick();
      expect(await s.runRows()).toEqual([]);
    });

    it('wakes for a schedule created after it started, and launches it once at its time', async () => {
      s = await schedulingStore(backend);
      const service = s.service();
      const runs: ScheduleRun[] = [];
      const scheduler = s.scheduler({ service, onRun: (r) => runs.push(r) });
      expect(await scheduler.start()).toEqual([]);
      // Created after start: the scheduler, asleep for up to a minute, must plan again. Due in
      // 3 s, so that the creation has surely landed before then (a time passed never runs).
      const due = Date.now() + 3_000;
      const schedule = await service.create({ name: 'Om en sekund', rule: { kind: 'once', runAt: new Date(due).toISOString() }, draft: drillDraft(GROUP), missedPolicy: 'skip' }, s.actor);
      const run = await until('the run', () => runs[0]);
      expect(run).toMatchObject({ scheduleId: schedule.id, outcome: 'launched', detail: null, dueAt: new Date(due).toISOString() });
      expect(Date.parse(run.handledAt)).toBeGreaterThanOrEqual(due);
      expect(await s.alertsByKey(`schedule:${schedule.id}:`)).toEqual([{ id: run.alertId, launch_key: launchKeyOf(schedule.id, due) }]);
      expect(await service.get(schedule.id)).toMatchObject({ nextRuns: [], lastRun: { outcome: 'launched', alertId: run.alertId } });
      expect(s.launches).toHaveLength(1);
    });
  });
});

describe('the scheduler at work (a whole engine, SQLite)', () => {
  let e: SchedulingEngine | null = null;
  afterEach(async () => {
    await e?.t.stop();
    e = null;
  });

  it('launches a scheduled drill that really dispatches: everyone confirms, the run is recorded', async () => {
    e = await schedulingEngine(3);
    const s = e;
    const service = s.service();
    const runs: ScheduleRun[] = [];
    const scheduler = s.scheduler({ service, onRun: (r) => runs.push(r) });
    expect(await scheduler.start()).toEqual([]);
    // Due in 3 s: the creation has surely landed before then (a time passed never runs).
    const due = Date.now() + 3_000;
    const schedule = await service.create({ name: 'Om en sekund', rule: { kind: 'once', runAt: new Date(due).toISOString() }, draft: drillDraft(s.groupId), missedPolicy: 'skip' }, s.actor);
    const run = await until('the run', () => runs[0]);
    expect(run).toMatchObject({ scheduleId: schedule.id, outcome: 'launched', detail: null, dueAt: new Date(due).toISOString() });
    const alert = await waitForAlert(s.t, s.op, run.alertId!);
    expect(alert).toMatchObject({ state: 'completed', drill: true, launchKey: launchKeyOf(schedule.id, due), createdBy: 'olle' });
    expect(alert.counters).toMatchObject({ recipients: 3, confirmed: 3 });
    expect(await service.get(schedule.id)).toMatchObject({ nextRuns: [], lastRun: { outcome: 'launched', alertId: alert.id } });
    expect(s.launches).toHaveLength(1);
  });

  it('records the refusal of a real launch (a template that does not exist)', async () => {
    e = await schedulingEngine(1);
    const s = e;
    let clock = utc('2026-05-04T05:00:00Z');
    const service = s.service(() => clock);
    const broken = await service.create(
      { name: 'Trasig', rule: { kind: 'recurring', cron: '0 8 * * *', timeZone: 'Europe/Stockholm' }, draft: drillDraft(s.groupId, { voiceText: '', templateId: 999 }), missedPolicy: 'skip' },
      s.actor,
    );
    const scheduler = s.scheduler({ service, now: () => clock });
    await scheduler.start();
    clock = utc('2026-05-04T06:00:10Z');
    const [failed] = await scheduler.tick();
    expect(failed).toMatchObject({ scheduleId: broken.id, outcome: 'failed', alertId: null });
    expect(failed!.detail).toMatch(/^The launch failed: template 999 does not exist/);
  });
});
