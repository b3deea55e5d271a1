/** Reading schedules and their runs as the contract shows them. */
import { sql, type SQL } from 'drizzle-orm';
import { alertDraftSchema, type AlertDraft, type Schedule, type ScheduleRule, type ScheduleRun } from '../contract';
import type { Db } from '../db/open';
import { schedules } from '../db/schema';
import { iso } from '../db/tx';
import { nextRuns } from './next-runs';
import { ruleOfRow } from './schedule-rules';

export type ScheduleRow = typeof schedules.$inferSelect;
export type RunOutcome = ScheduleRun['outcome'];

interface RunRecord {
  id: number;
  schedule_id: number;
  schedule_name: string;
  due_at: number;
  handled_at: number;
  outcome: RunOutcome;
  alert_id: number | null;
  detail: string | null;
}

const RUN_COLUMNS = sql`r.id, r.schedule_id, s.name AS schedule_name, r.due_at, r.handled_at, r.outcome, r.alert_id, r.detail
  FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id`;

const toRun = (r: RunRecord): ScheduleRun => ({
  id: r.id,
  scheduleId: r.schedule_id,
  scheduleName: r.schedule_name,
  dueAt: iso(r.due_at),
  handledAt: iso(r.handled_at),
  outcome: r.outcome,
  alertId: r.alert_id,
  detail: r.detail,
});

export function selectRuns(db: Db, where: SQL, limit: number): ScheduleRun[] {
  return db.all<RunRecord>(sql`SELECT ${RUN_COLUMNS} WHERE ${where} ORDER BY r.due_at DESC, r.id DESC LIMIT ${limit}`).map(toRun);
}

export const runById = (db: Db, id: number): ScheduleRun | null => selectRuns(db, sql`r.id = ${id}`, 1)[0] ?? null;

/** The latest run of every schedule, by schedule id. */
function lastRuns(db: Db): Map<number, ScheduleRun> {
  const rows = db.all<RunRecord>(sql`SELECT ${RUN_COLUMNS}
    WHERE r.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY schedule_id ORDER BY due_at DESC, id DESC) AS n FROM schedule_runs) WHERE n = 1)`);
  return new Map(rows.map((r) => [r.schedule_id, toRun(r)]));
}

/** The stored draft, checked on read; a draft an older or newer GDial wrote is shown as stored. */
export function draftOfRow(row: ScheduleRow): AlertDraft {
  const raw: unknown = JSON.parse(row.alertSpec);
  const parsed = alertDraftSchema.safeParse(raw);
  return parsed.success ? parsed.data : (raw as AlertDraft);
}

/** A rule this version cannot read (a newer GDial wrote it) still lists, so it can be fixed or deleted. */
function later(rule: ScheduleRule, after: number): number[] {
  try {
    return nextRuns(rule, after, 4);
  } catch {
    return [];
  }
}

export function selectSchedules(db: Db, where: SQL = sql`1 = 1`): Schedule[] {
  const rows = db
    .select()
    .from(schedules)
    .where(where)
    .orderBy(sql`${schedules.paused}, ${schedules.nextRunAt} IS NULL, ${schedules.nextRunAt}, ${schedules.name} COLLATE NOCASE, ${schedules.id}`)
    .all();
  if (rows.length === 0) return [];
  const users = new Map(
    db.all<{ id: number; username: string }>(sql`SELECT id, username FROM users WHERE id IN (SELECT created_by FROM schedules)`).map((u) => [u.id, u.username]),
  );
  const last = lastRuns(db);
  return rows
    .map((row) => {
      const rule = ruleOfRow(row);
      const upcoming = row.paused || row.nextRunAt === null ? [] : [row.nextRunAt, ...later(rule, row.nextRunAt)];
      return {
        id: row.id,
        name: row.name,
        rule,
        draft: draftOfRow(row),
        missedPolicy: row.missedPolicy,
        paused: row.paused,
        nextRuns: upcoming.map(iso),
        lastRun: last.get(row.id) ?? null,
        createdBy: row.createdBy === null ? null : (users.get(row.createdBy) ?? null),
        createdAt: iso(row.createdAt),
        updatedAt: iso(row.updatedAt),
      };
    });
}
