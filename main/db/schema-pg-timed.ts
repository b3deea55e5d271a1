/** The tables for work in time: schedules and their runs, and burn messages with their audio. */
import { bigint, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { alerts, users } from './schema-pg';

const createdAt = () => bigint('created_at', { mode: 'number' }).notNull();
const updatedAt = () => bigint('updated_at', { mode: 'number' }).notNull();

// ── time-based work ─────────────────────────────────────────────────────────────────────────
export const schedules = pgTable('schedules', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['once', 'recurring'] }).notNull(),
  /** For 'once': when to run. */
  runAt: bigint('run_at', { mode: 'number' }),
  /** For 'recurring': a cron rule read in `timeZone`, so wall-clock time survives DST. */
  cron: text('cron'),
  timeZone: text('time_zone').notNull().default('Europe/Stockholm'),
  /** JSON: what to launch (template, recipients, channels, policy, drill). */
  alertSpec: text('alert_spec').notNull(),
  missedPolicy: text('missed_policy', { enum: ['run_late', 'skip'] }).notNull().default('skip'),
  paused: integer('paused').notNull().default(0),
  nextRunAt: bigint('next_run_at', { mode: 'number' }),
  lastRunAt: bigint('last_run_at', { mode: 'number' }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Each run of a schedule, handled exactly once: (schedule, due time) is unique. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    handledAt: bigint('handled_at', { mode: 'number' }).notNull(),
    outcome: text('outcome', { enum: ['launched', 'launched_late', 'skipped_missed', 'failed'] }).notNull(),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    detail: text('detail'),
  },
  (t) => [uniqueIndex('schedule_runs_due_uq').on(t.scheduleId, t.dueAt)],
);

/** A message whose content must not outlive its use; after burning only the trail is left. */
export const burnMessages = pgTable('burn_messages', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  alertId: integer('alert_id')
    .notNull()
    .unique()
    .references(() => alerts.id, { onDelete: 'cascade' }),
  burnAfter: text('burn_after', { enum: ['time', 'delivery', 'confirmation', 'end'] }).notNull(),
  burnAt: bigint('burn_at', { mode: 'number' }),
  /** For burns counted from an event (the call-out's end): minutes after it; burnAt is set then. */
  burnMinutes: integer('burn_minutes'),
  contentSha256: text('content_sha256').notNull(),
  burnedAt: bigint('burned_at', { mode: 'number' }),
  burnedBy: integer('burned_by').references(() => users.id),
  carrierRedactedAt: bigint('carrier_redacted_at', { mode: 'number' }),
  createdAt: createdAt(),
});

/**
 * Every cached audio file made of an alert's message. The cache id depends on engine and voice,
 * so a burn cannot recompute the ids of audio made under an earlier voice setting (or a fallback
 * voice): it erases what is listed here. The id is an HMAC, not content, so keeping it reveals nothing.
 */
export const alertAudio = pgTable(
  'alert_audio',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    audioId: text('audio_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.audioId] })],
);
