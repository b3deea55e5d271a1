/** Översikt: what runs now, how the day and week went, and whether everything GDial needs is healthy. */
import { z } from 'zod';
import { isoTimeSchema } from './common';

export const periodTotalsSchema = z.object({
  alerts: z.number().int(),
  drills: z.number().int(),
  calls: z.number().int(),
  sms: z.number().int(),
  recipients: z.number().int(),
  confirmed: z.number().int(),
});

export const dailyRateSchema = z.object({
  /** Local date (Europe/Stockholm unless the engine's zone says otherwise), YYYY-MM-DD. */
  day: z.string(),
  alerts: z.number().int(),
  /** Share (0–1) of attempts that reached a phone (answered call, delivered text); null with none. */
  deliveryRate: z.number().nullable(),
  /** Share (0–1) of recipients who confirmed; null with none. */
  confirmationRate: z.number().nullable(),
});

/** `sources`: inbound alarm sources that send heartbeats (shown only when there are any). */
export const healthKeySchema = z.enum(['carrier', 'uplink', 'tunnel', 'tts', 'backup', 'sources']);
export const healthItemSchema = z.object({
  key: healthKeySchema,
  state: z.enum(['ok', 'warn', 'error']),
  /** What is the case, in the operator's words. */
  detail: z.string(),
  /** What to do when it is not ok; null when ok. */
  action: z.string().nullable(),
  /** A stable code per situation, so the console can translate detail and action. */
  code: z.string(),
  /** The figures and names the detail holds (an error, an address, a time), for the translation. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type HealthItem = z.infer<typeof healthItemSchema>;

export const dashboardSchema = z.object({
  generatedAt: isoTimeSchema,
  today: periodTotalsSchema,
  week: periodTotalsSchema,
  /** The last 14 days, oldest first. */
  daily: z.array(dailyRateSchema),
  health: z.array(healthItemSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const backupEntrySchema = z.object({
  fileName: z.string(),
  at: isoTimeSchema,
  bytes: z.number().int(),
  /** integrity_check passed when the backup was made. */
  verified: z.boolean(),
  trigger: z.enum(['scheduled', 'manual', 'before_migration', 'before_restore']),
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;
