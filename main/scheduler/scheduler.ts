/**
 * The runner. It sleeps until the earliest planned run (at most a minute at a time, and plans
 * again whenever a schedule changes), then handles what is due. Each run's row in schedule_runs
 * is written, and the schedule's next run advanced, BEFORE its alert is launched: (schedule, due
 * time) is unique, so a run is handled once even across two ticks or a restart, and the launch
 * key `schedule:<id>:<due ms>` makes the launch itself idempotent.
 *
 * A run found more than a minute after it was due was missed (GDial was closed, or the computer
 * slept). With 'skip' each missed run is recorded as skipped_missed. With 'run_late' only the most
 * recent one is launched, late, and the older ones are recorded as skipped: launching a week of
 * daily test alarms at once helps nobody. A run due now makes every missed one moot.
 */
import type { AlertDraft, ScheduleRun } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import type { Logger } from '../log';
import { nextRuns, runsAfter } from './next-runs';
import { localParts } from './zoned-time';
import { ruleOfRow } from './schedule-rules';
import { draftOfRow, runById } from './schedule-rows';
import type { ScheduleService } from './schedule-service';
import {
  alertIdByLaunchKey,
  dueSchedules,
  earliestRun,
  failedRunsWithDetail,
  insertRun,
  recordRunFailed,
  recordRunLaunched,
  scheduleRow,
  setRunDetail,
  updateSchedule,
  type RunOutcome,
  type ScheduleRow,
} from './schedule-store';

export interface ScheduledLaunch {
  scheduleId: number;
  /** When the run was due (epoch ms). */
  dueAt: number;
  draft: AlertDraft;
  /** `schedule:<id>:<dueAt>`: launching it twice is one alert. */
  launchKey: string;
  /** A missed run launched after GDial started again. */
  late: boolean;
  /** Who created the schedule: the scheduled alert is theirs. */
  actorId: number | null;
}

export interface SchedulerOptions {
  store: Queryable;
  service: ScheduleService;
  launch: (input: ScheduledLaunch) => Promise<{ alertId: number }>;
  now?: () => number;
  log: Logger;
  /** Every run recorded (launched, late, skipped, failed), e.g. for an event to the consoles. */
  onRun?: (run: ScheduleRun) => void;
  /** How late a run may be handled and still count as on time. */
  graceMs?: number;
  /** The longest sleep between looks at the schedules. */
  maxSleepMs?: number;
}

export const GRACE_MS = 60_000;
const MAX_SLEEP_MS = 60_000;
/** Missed runs listed one by one per schedule; older ones are counted in the oldest row's detail. */
const MAX_LISTED_MISSED = 100;
const INTERRUPTED = 'GDial stopped while this run was being launched';

function sameLocalDay(a: number, b: number, zone: string): boolean {
  const x = localParts(a, zone);
  const y = localParts(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

export const launchKeyOf = (scheduleId: number, dueAt: number) => `schedule:${scheduleId}:${dueAt}`;

interface Handled {
  run: ScheduleRun;
  missed: boolean;
}

export class Scheduler {
  private readonly store: Queryable;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly grace: number;
  private readonly maxSleep: number;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  private failedTicks = 0;
  private unsubscribe: (() => void) | null = null;
  private missed: ScheduleRun[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Plans are read asynchronously: only the latest one sets the clock. */
  private planned = 0;

  constructor(private readonly opts: SchedulerOptions) {
    this.store = opts.store;
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    this.grace = opts.graceMs ?? GRACE_MS;
    this.maxSleep = opts.maxSleepMs ?? MAX_SLEEP_MS;
  }

  /**
   * Settles runs a crash interrupted, handles the runs missed while GDial was closed, then starts
   * the clock. Started again after a stop when this engine leads again (cluster/).
   */
  async start(): Promise<ScheduleRun[]> {
    if (this.started && !this.stopped) return this.missed;
    this.started = true;
    this.stopped = false;
    this.unsubscribe = this.opts.service.onChange(() => void this.plan());
    await this.settleInterrupted();
    const { handled, failed } = await this.track(this.handleDue(true));
    if (failed > 0) this.failedTicks++;
    this.missed = handled.filter((h) => h.missed).map((h) => h.run);
    // The clock is set when start() returns.
    await this.plan();
    return this.missed;
  }

  /** The runs found missed at start (skipped, or the one launched late), for the console to show. */
  missedAtStart(): ScheduleRun[] {
    return this.missed;
  }

  /** Stops the clock and waits for launches under way to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Handles every run due now; the clock calls it, and calling it twice handles nothing twice. */
  async tick(): Promise<ScheduleRun[]> {
    const { handled, failed } = await this.track(this.handleDue(false));
    if (failed > 0) throw new Error(`scheduler: ${failed} schedules could not be handled`);
    return handled.map((h) => h.run);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Sets the clock from the earliest planned run; never rejects. */
  private plan(): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve();
    const plan = ++this.planned;
    return earliestRun(this.store).then(
      (next) => {
        if (plan === this.planned) this.setClock(next);
      },
      (error: unknown) => {
        // The database did not answer: look again after the longest sleep.
        this.log.error({ err: error }, 'scheduler: reading the next planned run failed');
        if (plan === this.planned) this.setClock(this.now() + this.maxSleep);
      },
    );
  }

  private setClock(next: number | null) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    let delay = next === null ? this.maxSleep : Math.min(this.maxSleep, Math.max(0, next - this.now()));
    // A tick that keeps failing (e.g. a full disk) must not spin.
    if (this.failedTicks > 0) delay = Math.max(delay, Math.min(this.maxSleep, 1000 * 2 ** Math.min(this.failedTicks, 6)));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private wake() {
    this.timer = null;
    if (this.stopped) return;
    this.tick()
      .then(() => (this.failedTicks = 0))
      .catch((error: unknown) => {
        this.failedTicks++;
        this.log.error({ err: error }, 'scheduler: handling due runs failed');
      })
      .finally(() => void this.plan());
  }

  /** A run whose launch a crash interrupted: the alert exists (launched) or it does not (failed, say so). */
  private async settleInterrupted() {
    for (const r of await failedRunsWithDetail(this.store, INTERRUPTED)) {
      const alertId = await alertIdByLaunchKey(this.store, launchKeyOf(r.scheduleId, r.dueAt));
      if (alertId !== null) {
        const outcome = r.handledAt - r.dueAt > this.grace ? 'launched_late' : 'launched';
        await recordRunLaunched(this.store, r.id, outcome, alertId, 'Launched; GDial stopped before it could record that');
      } else {
        await setRunDetail(this.store, r.id, 'GDial stopped while launching this run and no alert was created; launch it by hand if it is still needed');
      }
    }
  }

  private async handleDue(atStart: boolean): Promise<{ handled: Handled[]; failed: number }> {
    if (this.stopped) return { handled: [], failed: 0 };
    const now = this.now();
    const due = await dueSchedules(this.store, now);
    // Each handle() claims its runs in a unit that first reads the schedule afresh: units are
    // serialised, so of two ticks that both saw a run due, only the first claims it (and
    // (schedule, due) being unique makes a second claim insert nothing anyway).
    const results = await Promise.allSettled(due.map((row) => this.handle(row, now, atStart)));
    // One broken schedule (e.g. a rule a newer GDial wrote) must not stop the others; the tick
    // still counts as failed, so the clock backs off instead of spinning on it.
    const broken = results.flatMap((r, i) => (r.status === 'rejected' ? [{ scheduleId: due[i]!.id, err: r.reason as unknown }] : []));
    for (const b of broken) this.log.error(b, 'scheduler: a schedule could not be handled');
    return { handled: results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])), failed: broken.length };
  }

  /** The runs due from the planned one up to now, and the run after them. */
  private dueRuns(row: ScheduleRow, now: number) {
    const rule = ruleOfRow(row);
    const due: number[] = [];
    let unlisted = 0;
    let firstUnlisted: number | null = null;
    let next: number | null | undefined;
    for (const t of runsAfter(rule, row.nextRunAt! - 1)) {
      if (t > now) {
        next = t;
        break;
      }
      due.push(t);
      if (due.length > MAX_LISTED_MISSED + 1) {
        firstUnlisted ??= due[0]!;
        due.shift();
        unlisted++;
      }
    }
    return { due, unlisted, firstUnlisted, next: next === undefined ? (nextRuns(rule, now, 1)[0] ?? null) : next };
  }

  private async handle(row: ScheduleRow, now: number, atStart: boolean): Promise<Handled[]> {
    const { due, unlisted, firstUnlisted, next } = this.dueRuns(row, now);
    const latest = due.at(-1);
    const onTime = latest !== undefined && latest >= now - this.grace;
    // 'Run late' stays within the local day the run was due: Monday's test alarm does not go out
    // on Tuesday morning because that is when GDial was started again.
    const lateAllowed = latest !== undefined && row.missedPolicy === 'run_late' && sameLocalDay(latest, now, row.timeZone);
    const launchDue = latest !== undefined && (onTime || lateAllowed) ? due.pop()! : null;
    const why = atStart ? 'Missed while GDial was not running' : 'Missed: GDial was not running or the computer was asleep';
    const tooLate = row.missedPolicy === 'run_late' && !onTime && !lateAllowed;
    const skipDetail = onTime
      ? `${why}; the run due now was launched instead`
      : launchDue !== null
        ? `${why}; only the latest missed run was launched, late`
        : tooLate
          ? `${why}; not launched late: its day had passed`
          : why;

    const claimed = await this.store.unit(async (tx) => {
      const fresh = await scheduleRow(tx, row.id);
      // Edited, paused or deleted since it was read: the service planned it anew.
      if (!fresh || fresh.paused || fresh.nextRunAt !== row.nextRunAt) return null;
      const skippedIds: number[] = [];
      for (const [i, dueAt] of due.entries()) {
        const detail = i === 0 && unlisted > 0 ? `${skipDetail} (and ${unlisted} earlier missed runs since ${iso(firstUnlisted!)}, not listed)` : skipDetail;
        const id = await this.insertRun(tx, row.id, dueAt, now, 'skipped_missed', detail);
        if (id !== null) skippedIds.push(id);
      }
      const launchRunId = launchDue === null ? null : await this.insertRun(tx, row.id, launchDue, now, 'failed', INTERRUPTED);
      const lastDue = launchDue ?? latest ?? null;
      await updateSchedule(tx, row.id, { nextRunAt: next, ...(lastDue !== null ? { lastRunAt: Math.max(fresh.lastRunAt ?? 0, lastDue) } : {}) });
      return { skippedIds, launchRunId };
    });
    if (!claimed) return [];

    const handled: Handled[] = [];
    for (const id of claimed.skippedIds) handled.push({ run: (await runById(this.store, id))!, missed: true });
    if (handled.length > 0) this.log.warn({ scheduleId: row.id, skipped: handled.length, unlisted }, 'scheduler: missed runs skipped');
    if (claimed.launchRunId !== null && launchDue !== null) {
      const lateDetail = onTime ? null : `${why}; due ${iso(launchDue)}, launched late at ${iso(now)}`;
      const run = await this.launch(row, launchDue, claimed.launchRunId, lateDetail);
      if (run) handled.push({ run, missed: !onTime });
    }
    for (const h of handled) this.emit(h.run);
    return handled;
  }

  /** Inserts a run row unless (schedule, due) was handled already; returns its id or null. */
  private insertRun(tx: Queryable, scheduleId: number, dueAt: number, handledAt: number, outcome: RunOutcome, detail: string): Promise<number | null> {
    return insertRun(tx, { scheduleId, dueAt, handledAt, outcome, detail });
  }

  /** `lateDetail` is set for a missed run launched late. */
  private async launch(row: ScheduleRow, dueAt: number, runId: number, lateDetail: string | null): Promise<ScheduleRun | null> {
    const launchKey = launchKeyOf(row.id, dueAt);
    const late = lateDetail !== null;
    try {
      const { alertId } = await this.opts.launch({ scheduleId: row.id, dueAt, draft: draftOfRow(row), launchKey, late, actorId: row.createdBy });
      await recordRunLaunched(this.store, runId, late ? 'launched_late' : 'launched', alertId, lateDetail);
      this.log.info({ scheduleId: row.id, dueAt: iso(dueAt), alertId, late }, 'scheduler: scheduled alert launched');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordRunFailed(this.store, runId, `The launch failed: ${message}`);
      this.log.error({ scheduleId: row.id, dueAt: iso(dueAt), err: error }, 'scheduler: scheduled alert could not be launched');
    }
    // Null when the schedule was deleted meanwhile (its runs went with it).
    return runById(this.store, runId);
  }

  private emit(run: ScheduleRun) {
    try {
      this.opts.onRun?.(run);
    } catch (error) {
      this.log.error({ err: error }, 'scheduler: onRun listener failed');
    }
  }
}
