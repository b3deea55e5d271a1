/** Reading schedules and their runs as the contract shows them. */
import { alertDraftSchema, type AlertDraft, type Schedule, type ScheduleRule, type ScheduleRun } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { nextRuns } from './next-runs';
import { ruleOfRow } from './schedule-rules';
import { creatorNames, latestRuns, runRow, runRows, scheduleRows, type RunRow, type ScheduleRow } from './schedule-store';

export type { RunOutcome, ScheduleRow } from './schedule-store';

const toRun = (r: RunRow): ScheduleRun => ({
  id: r.id,
  scheduleId: r.scheduleId,
  scheduleName: r.scheduleName,
  dueAt: iso(r.dueAt),
  handledAt: iso(r.handledAt),
  outcome: r.outcome,
  alertId: r.alertId,
  detail: r.detail,
});

/** Runs newest first: all, or one schedule's. */
export async function selectRuns(q: Queryable, scheduleId: number | undefined, limit: number): Promise<ScheduleRun[]> {
  return (await runRows(q, scheduleId, limit)).map(toRun);
}

export async function runById(q: Queryable, id: number): Promise<ScheduleRun | null> {
  const row = await runRow(q, id);
  return row ? toRun(row) : null;
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

/** Every schedule, or the one with `id`, as the contract shows them. */
export async function selectSchedules(q: Queryable, id?: number): Promise<Schedule[]> {
  const rows = await scheduleRows(q, id);
  if (rows.length === 0) return [];
  const users = await creatorNames(q);
  const last = new Map((await latestRuns(q)).map((r) => [r.scheduleId, toRun(r)]));
  return rows.map((row) => {
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
