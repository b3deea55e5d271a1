/** Call and SMS logs, the per-alert report, and exports (CSV, JSON, PDF), each one audited. */
import { z } from 'zod';
import { alertStateSchema, attemptStateSchema, channelSchema } from './alerts';
import { idSchema, isoTimeSchema } from './common';
import { reasonSchema } from './reason';

export const logQuerySchema = z.object({
  channel: channelSchema,
  from: isoTimeSchema.optional(),
  to: isoTimeSchema.optional(),
  alertId: idSchema.optional(),
  contactId: idSchema.optional(),
  state: attemptStateSchema.optional(),
  /** Newest first; pass the last row's attemptId to page on. */
  beforeId: idSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type LogQuery = z.infer<typeof logQuerySchema>;

export const logRowSchema = z.object({
  attemptId: idSchema,
  alertId: idSchema,
  alertTitle: z.string(),
  drill: z.boolean(),
  recipientName: z.string(),
  contactId: z.number().int().nullable(),
  e164: z.string(),
  channel: channelSchema,
  purpose: z.enum(['alert', 'stand_down']),
  state: attemptStateSchema,
  queuedAt: isoTimeSchema,
  submittedAt: isoTimeSchema.nullable(),
  answeredAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  durationS: z.number().nullable(),
  segments: z.number().nullable(),
  /** Twilio's AnsweredBy (human, machine_start, machine_end_beep, fax, unknown …); the vocabulary names it. */
  answeredBy: z.string().nullable(),
  /** Why it failed, in English (logs, integrators; carrier code included). */
  error: z.string().nullable(),
  /** The same as a code with parameters, which the console says in its language. */
  reason: reasonSchema.nullable(),
});
export type LogRow = z.infer<typeof logRowSchema>;

export const reportRecipientSchema = z.object({
  name: z.string(),
  state: z.enum(['pending', 'confirmed', 'declined', 'unreached', 'canceled']),
  /** First time a call was answered or a text delivered. */
  reachedAt: isoTimeSchema.nullable(),
  confirmedAt: isoTimeSchema.nullable(),
  confirmedVia: z.enum(['voice', 'sms']).nullable(),
  declinedAt: isoTimeSchema.nullable(),
  attempts: z.number().int(),
  inDoubt: z.boolean(),
  /** Each failed attempt, in order, with its reason as a code (contract/vocabulary.ts has the words). */
  failures: z.array(
    z.object({
      channel: channelSchema,
      purpose: z.enum(['alert', 'stand_down']),
      e164: z.string(),
      reason: reasonSchema,
    }),
  ),
});

export const alertReportSchema = z.object({
  alert: z.object({
    id: idSchema,
    title: z.string(),
    drill: z.boolean(),
    /** Its calls and texts went to a simulator: no real phone rang. */
    onSimulator: z.boolean(),
    state: alertStateSchema,
    channels: z.array(channelSchema),
    createdAt: isoTimeSchema,
    startedAt: isoTimeSchema.nullable(),
    finishedAt: isoTimeSchema.nullable(),
    createdBy: z.string().nullable(),
    approvedBy: z.string().nullable(),
    /** SHA-256 of the message; after a burn it is all that is left of the text. */
    contentSha256: z.string().nullable(),
    burnedAt: isoTimeSchema.nullable(),
  }),
  figures: z.object({
    recipients: z.number().int(),
    reached: z.number().int(),
    confirmed: z.number().int(),
    declined: z.number().int(),
    unreached: z.number().int(),
    canceled: z.number().int(),
    /** Recipients with at least one failed attempt. */
    failed: z.number().int(),
    inDoubt: z.number().int(),
    callsPlaced: z.number().int(),
    callsAnswered: z.number().int(),
    smsSent: z.number().int(),
    smsDelivered: z.number().int(),
    /**
     * Whole seconds from the alert's start to the first confirmation; null when nobody confirmed.
     * Computed once here; the console and every file print this same value.
     */
    firstConfirmationSeconds: z.number().int().nullable(),
    quorum: z.number().int().nullable(),
    /** Whole seconds from start until the quorum-th confirmation; null without quorum or when not reached. */
    quorumSeconds: z.number().int().nullable(),
  }),
  recipients: z.array(reportRecipientSchema),
  generatedAt: isoTimeSchema,
});
export type AlertReport = z.infer<typeof alertReportSchema>;

/**
 * `csv-excel` is the CSV for Swedish Excel, as the contact export offers it: semicolons between
 * cells and decimal commas (Excel in Swedish reads a comma file as one column).
 */
export const exportFormatSchema = z.enum(['csv', 'csv-excel', 'json', 'pdf']);

export const reportExportInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert_report'), alertId: idSchema, format: exportFormatSchema }),
  z.object({ kind: z.literal('call_log'), query: logQuerySchema.omit({ channel: true, beforeId: true, limit: true }), format: exportFormatSchema }),
  z.object({ kind: z.literal('sms_log'), query: logQuerySchema.omit({ channel: true, beforeId: true, limit: true }), format: exportFormatSchema }),
  /** Admins only; comes with a SHA-256 manifest of the exported file. */
  z.object({ kind: z.literal('audit_log'), format: z.enum(['csv', 'csv-excel', 'json']) }),
]);
export type ReportExportInput = z.infer<typeof reportExportInputSchema>;

export const exportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
  sha256: z.string(),
});

export const reportExportResultSchema = z.object({ files: z.array(exportFileSchema).min(1) });
export type ReportExportResult = z.infer<typeof reportExportResultSchema>;
