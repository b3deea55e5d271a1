/**
 * Scheduled alerts: what to launch and when. The service keeps `next_run_at` right on every
 * change (null when paused or when no run is left); the runner (scheduler.ts) only reads it.
 */
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AlertDraft, ParsedInput, Schedule, ScheduleRule, ScheduleRun, scheduleFieldsSchema } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { schedules } from '../db/schema';
import { inTransaction, iso } from '../db/tx';
import { notFound } from '../errors';
import { nextRuns } from './next-runs';
import { normalizeRule, ruleOfRow, type RuleColumns } from './schedule-rules';
import { selectRuns, selectSchedules, type ScheduleRow } from './schedule-rows';

export type ScheduleFields = z.output<typeof scheduleFieldsSchema>;
export type SchedulePatch = ParsedInput<'schedules.update'>;

export interface ScheduleServiceDeps {
  now: () => number;
  /** The zone a 'once' time without an offset is read in (the settings' time zone). */
  defaultTimeZone: () => string;
  /**
   * Optional: refuses a draft that could not be launched (e.g. AlertsService.preflight, which
   * throws for a missing template or text), so the mistake shows when saving, not at 03:00.
   */
  checkDraft?: (draft: AlertDraft) => void;
}

export class ScheduleService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly deps: ScheduleServiceDeps,
  ) {}

  /** Called after every committed change; returns the unsubscribe. */
  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private changed() {
    for (const cb of this.listeners) cb();
  }

  list(): Schedule[] {
    return selectSchedules(this.db);
  }

  get(id: number): Schedule {
    const found = selectSchedules(this.db, eq(schedules.id, id))[0];
    if (!found) throw notFound('schedule', id);
    return found;
  }

  private row(id: number): ScheduleRow {
    const row = this.db.select().from(schedules).where(eq(schedules.id, id)).get();
    if (!row) throw notFound('schedule', id);
    return row;
  }

  /** The first run after now, or null (paused, or a 'once' time that has passed). */
  private firstRun(rule: ScheduleRule, paused: boolean, at: number): number | null {
    return paused ? null : (nextRuns(rule, at, 1)[0] ?? null);
  }

  private checked(rule: ScheduleRule, draft: AlertDraft | undefined, at: number): RuleColumns {
    const { columns } = normalizeRule(rule, at, this.deps.defaultTimeZone());
    if (draft) this.deps.checkDraft?.(draft);
    return columns;
  }

  create(fields: ScheduleFields, actor: Actor): Schedule {
    const at = this.deps.now();
    const columns = this.checked(fields.rule, fields.draft, at);
    const id = inTransaction(this.db, () => {
      const row = this.db
        .insert(schedules)
        .values({
          name: fields.name,
          ...columns,
          alertSpec: JSON.stringify(fields.draft),
          missedPolicy: fields.missedPolicy,
          paused: false,
          nextRunAt: this.firstRun(ruleOfRow(columns), false, at),
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: schedules.id })
        .get();
      appendAudit(this.db, actor, {
        action: 'schedules.create',
        target: { type: 'schedule', id: row.id },
        details: { name: fields.name, rule: ruleOfRow(columns), drill: fields.draft.drill, title: fields.draft.title, missedPolicy: fields.missedPolicy },
      });
      return row.id;
    });
    this.changed();
    return this.get(id);
  }

  update(patch: SchedulePatch, actor: Actor): Schedule {
    const { id, ...fields } = patch;
    const at = this.deps.now();
    this.row(id);
    const columns = fields.rule ? this.checked(fields.rule, fields.draft, at) : null;
    if (!columns && fields.draft) this.deps.checkDraft?.(fields.draft);
    inTransaction(this.db, () => {
      const row = this.row(id);
      this.db
        .update(schedules)
        .set({
          ...(fields.name !== undefined ? { name: fields.name } : {}),
          ...(fields.missedPolicy !== undefined ? { missedPolicy: fields.missedPolicy } : {}),
          ...(fields.draft !== undefined ? { alertSpec: JSON.stringify(fields.draft) } : {}),
          // A new rule starts from now; other edits leave the planned run where it was.
          ...(columns ? { ...columns, nextRunAt: this.firstRun(ruleOfRow(columns), row.paused, at) } : {}),
          updatedAt: at,
        })
        .where(eq(schedules.id, id))
        .run();
      appendAudit(this.db, actor, {
        action: 'schedules.update',
        target: { type: 'schedule', id },
        details: { name: fields.name ?? row.name, fields: Object.keys(fields), ...(columns ? { rule: ruleOfRow(columns) } : {}) },
      });
    });
    this.changed();
    return this.get(id);
  }

  remove(id: number, actor: Actor): void {
    inTransaction(this.db, () => {
      const row = this.db.delete(schedules).where(eq(schedules.id, id)).returning().get();
      if (!row) throw notFound('schedule', id);
      appendAudit(this.db, actor, { action: 'schedules.delete', target: { type: 'schedule', id }, details: { name: row.name } });
    });
    this.changed();
  }

  /** Pausing clears the planned run; resuming plans from now (runs during the pause are not "missed"). */
  setPaused(id: number, paused: boolean, actor: Actor): Schedule {
    const at = this.deps.now();
    const changed = inTransaction(this.db, () => {
      const row = this.row(id);
      if (row.paused === paused) return false;
      this.db
        .update(schedules)
        .set({ paused, nextRunAt: this.firstRun(ruleOfRow(row), paused, at), updatedAt: at })
        .where(eq(schedules.id, id))
        .run();
      appendAudit(this.db, actor, { action: 'schedules.setPaused', target: { type: 'schedule', id }, details: { name: row.name, paused } });
      return true;
    });
    if (changed) this.changed();
    return this.get(id);
  }

  /** The next runs of a rule not yet saved; refuses what create would refuse. */
  preview(rule: ScheduleRule, count: number): { nextRuns: string[] } {
    const at = this.deps.now();
    const { rule: normalized } = normalizeRule(rule, at, this.deps.defaultTimeZone());
    return { nextRuns: nextRuns(normalized, at, count).map(iso) };
  }

  runs(q: { scheduleId?: number | undefined; limit: number }): ScheduleRun[] {
    if (q.scheduleId !== undefined) this.row(q.scheduleId);
    return selectRuns(this.db, q.scheduleId === undefined ? sql`1 = 1` : sql`r.schedule_id = ${q.scheduleId}`, q.limit);
  }
}
