/**
 * Scheduled alerts: what to launch and when. The service keeps `next_run_at` right on every
 * change (null when paused or when no run is left); the runner (scheduler.ts) only reads it.
 */
import type { z } from 'zod';
import type { AlertDraft, ParsedInput, Schedule, ScheduleRule, ScheduleRun, scheduleFieldsSchema } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { notFound } from '../errors';
import { nextRuns } from './next-runs';
import { normalizeRule, ruleOfRow, type RuleColumns } from './schedule-rules';
import { selectRuns, selectSchedules } from './schedule-rows';
import { deleteSchedule, insertSchedule, scheduleRow, updateSchedule, type ScheduleRow } from './schedule-store';

export type ScheduleFields = z.output<typeof scheduleFieldsSchema>;
export type SchedulePatch = ParsedInput<'schedules.update'>;

export interface ScheduleServiceDeps {
  now: () => number;
  /** The zone a 'once' time without an offset is read in (the settings' time zone). */
  defaultTimeZone: () => string;
  /**
   * Optional: refuses a draft that could not be launched (e.g. AlertsService.preflight, which
   * throws for a missing template or text), so the mistake shows when saving, not at 03:00.
   * Called outside any unit of work.
   */
  checkDraft?: (draft: AlertDraft) => void | Promise<void>;
}

export class ScheduleService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: Queryable,
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

  list(): Promise<Schedule[]> {
    return selectSchedules(this.store);
  }

  async get(id: number): Promise<Schedule> {
    const found = (await selectSchedules(this.store, id))[0];
    if (!found) throw notFound('schedule', id);
    return found;
  }

  private async row(q: Queryable, id: number): Promise<ScheduleRow> {
    const row = await scheduleRow(q, id);
    if (!row) throw notFound('schedule', id);
    return row;
  }

  /** The first run after now, or null (paused, or a 'once' time that has passed). */
  private firstRun(rule: ScheduleRule, paused: boolean, at: number): number | null {
    return paused ? null : (nextRuns(rule, at, 1)[0] ?? null);
  }

  private async checked(rule: ScheduleRule, draft: AlertDraft | undefined, at: number): Promise<RuleColumns> {
    const { columns } = normalizeRule(rule, at, this.deps.defaultTimeZone());
    if (draft) await this.deps.checkDraft?.(draft);
    return columns;
  }

  async create(fields: ScheduleFields, actor: Actor): Promise<Schedule> {
    const at = this.deps.now();
    const columns = await this.checked(fields.rule, fields.draft, at);
    const id = await this.store.unit(async (tx) => {
      const id = await insertSchedule(tx, {
        name: fields.name,
        ...columns,
        alertSpec: JSON.stringify(fields.draft),
        missedPolicy: fields.missedPolicy,
        paused: false,
        nextRunAt: this.firstRun(ruleOfRow(columns), false, at),
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      });
      await recordAudit(tx, actor, {
        action: 'schedules.create',
        target: { type: 'schedule', id },
        details: { name: fields.name, rule: ruleOfRow(columns), drill: fields.draft.drill, title: fields.draft.title, missedPolicy: fields.missedPolicy },
      });
      return id;
    });
    this.changed();
    return this.get(id);
  }

  async update(patch: SchedulePatch, actor: Actor): Promise<Schedule> {
    const { id, ...fields } = patch;
    const at = this.deps.now();
    await this.row(this.store, id);
    const columns = fields.rule ? await this.checked(fields.rule, fields.draft, at) : null;
    if (!columns && fields.draft) await this.deps.checkDraft?.(fields.draft);
    await this.store.unit(async (tx) => {
      const row = await this.row(tx, id);
      await updateSchedule(tx, id, {
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.missedPolicy !== undefined ? { missedPolicy: fields.missedPolicy } : {}),
        ...(fields.draft !== undefined ? { alertSpec: JSON.stringify(fields.draft) } : {}),
        // A new rule starts from now; other edits leave the planned run where it was.
        ...(columns ? { ...columns, nextRunAt: this.firstRun(ruleOfRow(columns), row.paused, at) } : {}),
        updatedAt: at,
      });
      await recordAudit(tx, actor, {
        action: 'schedules.update',
        target: { type: 'schedule', id },
        details: { name: fields.name ?? row.name, fields: Object.keys(fields), ...(columns ? { rule: ruleOfRow(columns) } : {}) },
      });
    });
    this.changed();
    return this.get(id);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    await this.store.unit(async (tx) => {
      const name = await deleteSchedule(tx, id);
      if (name === undefined) throw notFound('schedule', id);
      await recordAudit(tx, actor, { action: 'schedules.delete', target: { type: 'schedule', id }, details: { name } });
    });
    this.changed();
  }

  /** Pausing clears the planned run; resuming plans from now (runs during the pause are not "missed"). */
  async setPaused(id: number, paused: boolean, actor: Actor): Promise<Schedule> {
    const at = this.deps.now();
    const changed = await this.store.unit(async (tx) => {
      const row = await this.row(tx, id);
      if (row.paused === paused) return false;
      await updateSchedule(tx, id, { paused, nextRunAt: this.firstRun(ruleOfRow(row), paused, at), updatedAt: at });
      await recordAudit(tx, actor, { action: 'schedules.setPaused', target: { type: 'schedule', id }, details: { name: row.name, paused } });
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

  async runs(q: { scheduleId?: number | undefined; limit: number }): Promise<ScheduleRun[]> {
    if (q.scheduleId !== undefined) await this.row(this.store, q.scheduleId);
    return selectRuns(this.store, q.scheduleId, q.limit);
  }
}
