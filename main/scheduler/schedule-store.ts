/**
 * The schedules' rows and their runs, the same on SQLite and PostgreSQL. Each run of a schedule
 * is handled exactly once: (schedule_id, due_at) is unique, and `insertRun` inserts with
 * `ON CONFLICT DO NOTHING`, so a second claim of the same run inserts nothing (no row returned,
 * on both engines) and the caller knows it was not theirs.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nocaseOrder } from '../db/dialect-sql';
import type { Queryable } from '../db/store';

export type RunOutcome = 'launched' | 'launched_late' | 'skipped_missed' | 'failed';

export interface ScheduleRow {
  id: number;
  name: string;
  kind: 'once' | 'recurring';
  runAt: number | null;
  cron: string | null;
  timeZone: string;
  alertSpec: string;
  missedPolicy: 'run_late' | 'skip';
  paused: boolean;
  nextRunAt: number | null;
  lastRunAt: number | null;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

/** As stored: flags are 0/1 on both engines. */
type ScheduleRecord = Omit<ScheduleRow, 'paused'> & { paused: number };

const SCHEDULE_COLUMNS = sql`id, name, kind, run_at AS "runAt", cron, time_zone AS "timeZone", alert_spec AS "alertSpec",
  missed_policy AS "missedPolicy", paused, next_run_at AS "nextRunAt", last_run_at AS "lastRunAt",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

const toSchedule = (r: ScheduleRecord): ScheduleRow => ({ ...r, paused: r.paused === 1 });

/** Every schedule (or the one with `id`), paused last, then by next run, then by name. */
export async function scheduleRows(q: Queryable, id?: number): Promise<ScheduleRow[]> {
  const where = id === undefined ? sql`1 = 1` : sql`id = ${id}`;
  const rows = await q.all<ScheduleRecord>(sql`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE ${where}
    ORDER BY paused, next_run_at IS NULL, next_run_at, ${nocaseOrder(q.dialect, sql`name`)}, id`);
  return rows.map(toSchedule);
}

export async function scheduleRow(q: Queryable, id: number): Promise<ScheduleRow | undefined> {
  const row = await q.get<ScheduleRecord>(sql`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE id = ${id}`);
  return row && toSchedule(row);
}

/** Schedules not paused whose planned run has come. */
export async function dueSchedules(q: Queryable, now: number): Promise<ScheduleRow[]> {
  const rows = await q.all<ScheduleRecord>(sql`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE paused = 0 AND next_run_at <= ${now}`);
  return rows.map(toSchedule);
}

/** The earliest planned run of any schedule not paused, or null. */
export async function earliestRun(q: Queryable): Promise<number | null> {
  const row = await q.get<{ at: number | null }>(sql`SELECT MIN(next_run_at) AS "at" FROM schedules WHERE paused = 0`);
  return row?.at ?? null;
}

/** The usernames of everyone who created a schedule, by user id. */
export async function creatorNames(q: Queryable): Promise<Map<number, string>> {
  const rows = await q.all<{ id: number; username: string }>(sql`SELECT id, username FROM users WHERE id IN (SELECT created_by FROM schedules)`);
  return new Map(rows.map((u) => [u.id, u.username]));
}

/** Who a scheduled alert would be launched as. */
export async function launcherOf(q: Queryable, userId: number): Promise<{ username: string; role: string; disabled: boolean } | undefined> {
  const row = await q.get<{ username: string; role: string; disabled: number }>(sql`SELECT username, role, disabled FROM users WHERE id = ${userId}`);
  return row && { ...row, disabled: row.disabled === 1 };
}

export type NewSchedule = Omit<ScheduleRow, 'id' | 'lastRunAt'>;

export async function insertSchedule(q: Queryable, s: NewSchedule): Promise<number> {
  const row = await q.get<{ id: number }>(sql`
    INSERT INTO schedules (name, kind, run_at, cron, time_zone, alert_spec, missed_policy, paused, next_run_at, created_by, created_at, updated_at)
    VALUES (${s.name}, ${s.kind}, ${s.runAt}, ${s.cron}, ${s.timeZone}, ${s.alertSpec}, ${s.missedPolicy}, ${s.paused ? 1 : 0}, ${s.nextRunAt},
      ${s.createdBy}, ${s.createdAt}, ${s.updatedAt})
    RETURNING id`);
  if (!row) throw new Error('insertSchedule: no id returned');
  return row.id;
}

export type SchedulePatch = Partial<Omit<ScheduleRow, 'id' | 'createdBy' | 'createdAt'>>;

const PATCH_COLUMNS: { [K in keyof Required<SchedulePatch>]: SQL } = {
  name: sql`name`,
  kind: sql`kind`,
  runAt: sql`run_at`,
  cron: sql`cron`,
  timeZone: sql`time_zone`,
  alertSpec: sql`alert_spec`,
  missedPolicy: sql`missed_policy`,
  paused: sql`paused`,
  nextRunAt: sql`next_run_at`,
  lastRunAt: sql`last_run_at`,
  updatedAt: sql`updated_at`,
};

/** Sets the given columns (only those present in `patch`). */
export async function updateSchedule(q: Queryable, id: number, patch: SchedulePatch): Promise<void> {
  const sets = (Object.keys(patch) as Array<keyof SchedulePatch>)
    .filter((k) => patch[k] !== undefined)
    .map((k) => {
      const value = patch[k];
      return sql`${PATCH_COLUMNS[k]} = ${typeof value === 'boolean' ? (value ? 1 : 0) : value}`;
    });
  if (sets.length === 0) return;
  await q.run(sql`UPDATE schedules SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
}

/** Deletes the schedule (its runs go with it); its name, or undefined when there was none. */
export async function deleteSchedule(q: Queryable, id: number): Promise<string | undefined> {
  const row = await q.get<{ name: string }>(sql`DELETE FROM schedules WHERE id = ${id} RETURNING name`);
  return row?.name;
}

// ── runs ────────────────────────────────────────────────────────────────────────────────────

export interface RunRow {
  id: number;
  scheduleId: number;
  scheduleName: string;
  dueAt: number;
  handledAt: number;
  outcome: RunOutcome;
  alertId: number | null;
  detail: string | null;
}

const RUN_COLUMNS = sql`r.id, r.schedule_id AS "scheduleId", s.name AS "scheduleName", r.due_at AS "dueAt", r.handled_at AS "handledAt",
  r.outcome, r.alert_id AS "alertId", r.detail
  FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id`;

/** Runs newest first: all, or one schedule's. */
export function runRows(q: Queryable, scheduleId: number | undefined, limit: number): Promise<RunRow[]> {
  const where = scheduleId === undefined ? sql`1 = 1` : sql`r.schedule_id = ${scheduleId}`;
  return q.all<RunRow>(sql`SELECT ${RUN_COLUMNS} WHERE ${where} ORDER BY r.due_at DESC, r.id DESC LIMIT ${limit}`);
}

export function runRow(q: Queryable, id: number): Promise<RunRow | undefined> {
  return q.get<RunRow>(sql`SELECT ${RUN_COLUMNS} WHERE r.id = ${id}`);
}

/** The latest run of every schedule. */
export function latestRuns(q: Queryable): Promise<RunRow[]> {
  return q.all<RunRow>(sql`SELECT ${RUN_COLUMNS}
    WHERE r.id IN (SELECT id FROM (
      SELECT id, ROW_NUMBER() OVER (PARTITION BY schedule_id ORDER BY due_at DESC, id DESC) AS n FROM schedule_runs) AS ranked
    WHERE n = 1)`);
}

/** Inserts a run unless (schedule, due) was handled already: its id, or null when it was. */
export async function insertRun(
  q: Queryable,
  run: { scheduleId: number; dueAt: number; handledAt: number; outcome: RunOutcome; detail: string },
): Promise<number | null> {
  const row = await q.get<{ id: number }>(sql`
    INSERT INTO schedule_runs (schedule_id, due_at, handled_at, outcome, detail)
    VALUES (${run.scheduleId}, ${run.dueAt}, ${run.handledAt}, ${run.outcome}, ${run.detail})
    ON CONFLICT (schedule_id, due_at) DO NOTHING RETURNING id`);
  return row?.id ?? null;
}

/** Records a run's launched alert. */
export async function recordRunLaunched(q: Queryable, id: number, outcome: 'launched' | 'launched_late', alertId: number, detail: string | null): Promise<void> {
  await q.run(sql`UPDATE schedule_runs SET outcome = ${outcome}, alert_id = ${alertId}, detail = ${detail} WHERE id = ${id}`);
}

/** Records a run whose launch failed, with why. */
export async function recordRunFailed(q: Queryable, id: number, detail: string): Promise<void> {
  await q.run(sql`UPDATE schedule_runs SET outcome = 'failed', detail = ${detail} WHERE id = ${id}`);
}

export async function setRunDetail(q: Queryable, id: number, detail: string): Promise<void> {
  await q.run(sql`UPDATE schedule_runs SET detail = ${detail} WHERE id = ${id}`);
}

/** Runs recorded as failed with exactly this detail (a launch a crash interrupted). */
export function failedRunsWithDetail(q: Queryable, detail: string): Promise<Array<{ id: number; scheduleId: number; dueAt: number; handledAt: number }>> {
  return q.all(sql`SELECT id, schedule_id AS "scheduleId", due_at AS "dueAt", handled_at AS "handledAt"
    FROM schedule_runs WHERE outcome = 'failed' AND detail = ${detail}`);
}

/** The alert launched under a launch key, if any. */
export async function alertIdByLaunchKey(q: Queryable, launchKey: string): Promise<number | null> {
  const row = await q.get<{ id: number }>(sql`SELECT id FROM alerts WHERE launch_key = ${launchKey}`);
  return row?.id ?? null;
}
