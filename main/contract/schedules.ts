/** Scheduled alerts: once at a time, or recurring by a cron rule read in a time zone. */
import { z } from 'zod';
import { alertDraftSchema } from './alerts';
import { idSchema, isoTimeSchema, nameText } from './common';

/** Five fields — minute hour day-of-month month day-of-week — as cron writes them. */
export const cronSchema = z
  .string()
  .trim()
  .min(9)
  .max(120)
  .regex(/^\S+\s+\S+\s+\S+\s+\S+\s+\S+$/, 'five fields: minute hour day-of-month month day-of-week');

/** A wall-clock date and time, minutes precision, no offset: 2027-03-28T10:00. */
export const localDateTimeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date and time such as 2027-03-28T10:00');

/**
 * Once, at a wall-clock time in a zone: the console sends `localDateTime` and `timeZone` (the
 * settings' zone when left out) and the engine computes `runAt`, the UTC instant, and returns
 * all three. A local time that does not exist (the spring-forward gap) is refused naming
 * `rule.localDateTime`; a time that happens twice (the autumn hour) means its first occurrence,
 * still on summer time. An integrator may send `runAt` instead, an instant with an offset; when
 * `runAt` is present it is the instant and `localDateTime` is only derived from it.
 */
export const onceRuleSchema = z.object({
  kind: z.literal('once'),
  localDateTime: localDateTimeSchema.optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
  runAt: isoTimeSchema.optional(),
});

export const scheduleRuleSchema = z.discriminatedUnion('kind', [
  onceRuleSchema,
  z.object({ kind: z.literal('recurring'), cron: cronSchema, timeZone: z.string().trim().min(1).max(64).default('Europe/Stockholm') }),
]);
export type ScheduleRule = z.infer<typeof scheduleRuleSchema>;

/** A run that fell while GDial was closed: run it late, or skip it and record that it was missed. */
export const missedPolicySchema = z.enum(['run_late', 'skip']);

export const scheduleFieldsSchema = z.object({
  name: nameText(120),
  rule: scheduleRuleSchema,
  /** What is launched at each run: the same draft, pre-flight and approval as a manual launch. */
  draft: alertDraftSchema,
  missedPolicy: missedPolicySchema.default('skip'),
});

export const scheduleRunSchema = z.object({
  id: idSchema,
  scheduleId: idSchema,
  scheduleName: z.string(),
  /** When the run was due. */
  dueAt: isoTimeSchema,
  /** When GDial handled it (later than dueAt for a missed run). */
  handledAt: isoTimeSchema,
  outcome: z.enum(['launched', 'launched_late', 'skipped_missed', 'failed']),
  alertId: z.number().int().nullable(),
  detail: z.string().nullable(),
});
export type ScheduleRun = z.infer<typeof scheduleRunSchema>;

export const scheduleSchema = z.object({
  id: idSchema,
  name: z.string(),
  rule: scheduleRuleSchema,
  draft: alertDraftSchema,
  missedPolicy: missedPolicySchema,
  paused: z.boolean(),
  /** The next runs (up to five), in UTC ISO; the console shows them in local time. */
  nextRuns: z.array(isoTimeSchema),
  lastRun: scheduleRunSchema.nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const schedulePreviewInputSchema = z.object({ rule: scheduleRuleSchema, count: z.number().int().min(1).max(20).default(5) });
