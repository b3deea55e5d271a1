/**
 * The conversation with the people alerted, and what it needs: secrets for the carrier and the
 * tunnel, the webhook receiver's reachability, speech synthesis, the per-recipient timeline and
 * the replies nobody could match.
 */
import { z } from 'zod';
import { reasonSchema } from './reason';
import { channelSchema } from './alerts';
import { idSchema, isoTimeSchema, languageSchema, nameText } from './common';

export const ttsEngineSchema = z.enum(['espeak', 'piper', 'twilio']);
export type TtsEngine = z.infer<typeof ttsEngineSchema>;

export const tunnelModeSchema = z.enum(['off', 'ngrok']);

// ── secrets ─────────────────────────────────────────────────────────────────────────────────
export const secretNames = ['twilioAuthToken', 'ngrokAuthtoken'] as const;
export const secretNameSchema = z.enum(secretNames);
export type SecretName = z.infer<typeof secretNameSchema>;

export const secretsStatusSchema = z.object({
  /**
   * How stored secrets are protected: by the operating system's keyring (the desktop app), or
   * only by the file's permissions (a headless install, or an OS without a keyring).
   */
  protection: z.enum(['os_keyring', 'file_permissions']),
  /** Set when protection is weaker than the OS keyring: what it means, for the admin. */
  warning: z.string().nullable(),
  secrets: z.array(
    z.object({
      name: secretNameSchema,
      /** Never the value itself: only whether there is one and where it comes from. */
      source: z.enum(['store', 'environment', 'none']),
    }),
  ),
});
export type SecretsStatus = z.infer<typeof secretsStatusSchema>;

export const secretSetSchema = z.object({ name: secretNameSchema, value: z.string().trim().min(1).max(500) });

// ── webhooks, public URL, tunnel ────────────────────────────────────────────────────────────
export const publicUrlHealthSchema = z.object({
  ok: z.boolean(),
  checkedAt: isoTimeSchema,
  /** Round trip of the signed request through the public URL back to this engine. */
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});

export const webhookStatusSchema = z.object({
  /** Where the receiver listens on this machine. */
  listening: z.string(),
  tunnel: tunnelModeSchema,
  tunnelState: z.enum(['off', 'starting', 'up', 'error']),
  tunnelError: z.string().nullable(),
  /** The base URL the carrier is given for webhooks; null when it cannot reach us. */
  publicUrl: z.string().nullable(),
  health: publicUrlHealthSchema.nullable(),
  /**
   * How call and SMS status reaches GDial: carrier callbacks, or polling the carrier because
   * it cannot reach us (then press-1 cannot be heard either).
   */
  statusMode: z.enum(['callbacks', 'polling']),
  pressToConfirm: z.boolean(),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

// ── speech ──────────────────────────────────────────────────────────────────────────────────
export const ttsPreviewInputSchema = z.object({
  text: nameText(4000),
  language: languageSchema.default('sv'),
  drill: z.boolean().default(false),
});

export const ttsPreviewSchema = z.object({
  /** The engine that produced the audio (a fallback when the chosen one failed or cannot play here). */
  engine: ttsEngineSchema,
  voice: z.string(),
  /** The text as it is spoken: numbers, times, dates and abbreviations written out. */
  spokenText: z.string(),
  wavBase64: z.string(),
  durationMs: z.number(),
  /** Why the audio is not from the configured engine, when it is not. */
  fallbackReason: z.string().nullable(),
});
export type TtsPreview = z.infer<typeof ttsPreviewSchema>;

// ── the timeline of one recipient ───────────────────────────────────────────────────────────
export const timelineStepSchema = z.enum([
  'queued',
  'dialled',
  'ringing',
  'answered',
  'machine',
  'voicemail_left',
  'pressed_confirm',
  'pressed_decline',
  'sms_sent',
  'sms_delivered',
  'replied_confirm',
  'replied_decline',
  /** A text reply that was neither yes nor no ("Kan inte, sjuk"): the operator reads it. */
  'replied_text',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
  'in_doubt',
]);
export type TimelineStep = z.infer<typeof timelineStepSchema>;

export const timelineEntrySchema = z.object({
  at: isoTimeSchema,
  step: timelineStepSchema,
  attemptId: z.number().int().nullable(),
  channel: channelSchema.nullable(),
  e164: z.string().nullable(),
  /** Error reason (in English), reply text, stand-down: what the operator needs next to the step. */
  detail: z.string().nullable(),
  /** For a step that failed, was cancelled or is in doubt: why, as a code the console translates. */
  reason: reasonSchema.nullable().default(null),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.object({
  recipientId: idSchema,
  name: z.string(),
  entries: z.array(timelineEntrySchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

// ── replies ─────────────────────────────────────────────────────────────────────────────────
export const responseMeaningSchema = z.enum(['confirm', 'decline', 'stop', 'start', 'unknown']);

export const responseRowSchema = z.object({
  id: idSchema,
  receivedAt: isoTimeSchema,
  channel: z.enum(['dtmf', 'sms']),
  fromE164: z.string(),
  body: z.string(),
  meaning: responseMeaningSchema,
  alertId: z.number().int().nullable(),
  recipientName: z.string().nullable(),
});
export type ResponseRow = z.infer<typeof responseRowSchema>;

export const responseListInputSchema = z.object({
  unmatchedOnly: z.boolean().default(false),
  beforeId: idSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
