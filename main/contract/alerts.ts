/** Alerts: what a duty officer launches, the policy that escalates it, and what they watch. */
import { z } from 'zod';
import { reasonSchema } from './reason';
import { idSchema, isoTimeSchema, languageSchema, nameText, plainText } from './common';

export const channelSchema = z.enum(['voice', 'sms']);

/** The dispatch ledger's states (see ARCHITECTURE.md): the database and the console share them. */
export const attemptStates = [
  'queued',
  'submitting',
  'submitted',
  'ringing',
  'in_progress',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
  'in_doubt',
] as const;
export const attemptStateSchema = z.enum(attemptStates);
export type AttemptState = z.infer<typeof attemptStateSchema>;
export type Channel = z.infer<typeof channelSchema>;

/** How hard GDial tries to reach each recipient, and when it stops. Defaults suit a call-out. */
export const escalationPolicySchema = z.object({
  /** Calls to the same number before moving to the next number in the contact's order. */
  attemptsPerNumber: z.number().int().min(1).max(5).default(1),
  /** Pause before going through a recipient's numbers again. */
  retryIntervalSeconds: z.number().int().min(10).max(3600).default(120),
  /** Rounds through all of a recipient's numbers. */
  cycles: z.number().int().min(1).max(10).default(2),
  /** A confirmation (press 1, reply JA) stops every further call and text to that person. */
  stopOnConfirmation: z.boolean().default(true),
  /** Stop the whole alert at this many confirmations: cancel what is queued, send stand-down. */
  quorum: z.number().int().min(1).nullable().default(null),
  standDownText: z
    .string()
    .trim()
    .max(480)
    .default('Tack, tillräckligt många har bekräftat. Du behöver inte svara eller komma.'),
  /** What to do when an answering machine picks up. */
  voicemail: z.enum(['hang_up', 'leave_message']).default('leave_message'),
  /** After this long, whatever has not been sent is cancelled and the alert ends. */
  expiresAfterMinutes: z.number().int().min(5).max(24 * 60).default(120),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

/** When a burn message burns: see `burnPolicySchema`. */
export const burnAfterSchema = z.enum(['time', 'delivery', 'confirmation', 'end']);

/**
 * A burn message: its text and audio are erased after the burn time, or once everything has
 * gone out (delivery), or once the alert has its answers (confirmation), or a while after the
 * call-out has ended (end). A content-free trail stays. A burn that comes while the alert is
 * still running (a 'time' burn, or a burn by hand) stops it first: nothing may need the text.
 */
export const burnPolicySchema = z.object({
  after: burnAfterSchema,
  /** For 'time': minutes after launch. For 'end': minutes after the call-out ended (completed, canceled or expired). */
  minutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
});
export type BurnPolicy = z.infer<typeof burnPolicySchema>;

/**
 * A copy of a burn message's text elsewhere in GDial (same voice or SMS text, whitespace
 * normalised): a spent one-off schedule is blanked by the burn; a template or a schedule that
 * will still run is kept, and the operator is told where the text still is.
 */
export const burnTextElsewhereSchema = z.object({
  kind: z.enum(['template', 'schedule', 'alert']),
  id: idSchema,
  name: z.string(),
  action: z.enum(['kept', 'blanked']),
});
export type BurnTextElsewhere = z.infer<typeof burnTextElsewhereSchema>;

export const alertDraftSchema = z
  .object({
    title: nameText(200),
    templateId: idSchema.optional(),
    voiceText: plainText(4000).default(''),
    smsText: plainText(1600).default(''),
    language: languageSchema.default('sv'),
    channels: z.array(channelSchema).min(1).max(2),
    groupIds: z.array(idSchema).max(500).default([]),
    contactIds: z.array(idSchema).max(200_000).default([]),
    policy: escalationPolicySchema.default(escalationPolicySchema.parse({})),
    /** A drill: "ÖVNING" is spoken first and prefixes every SMS. */
    drill: z.boolean().default(false),
    burn: burnPolicySchema.nullable().default(null),
  })
  .superRefine((d, ctx) => {
    if (d.groupIds.length === 0 && d.contactIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['groupIds'], message: 'choose at least one group or contact' });
    if (d.channels.includes('voice') && !d.voiceText && !d.templateId)
      ctx.addIssue({ code: 'custom', path: ['voiceText'], message: 'a voice alert needs a spoken message' });
    if (d.channels.includes('sms') && !d.smsText && !d.templateId)
      ctx.addIssue({ code: 'custom', path: ['smsText'], message: 'an SMS alert needs a text' });
  });
export type AlertDraft = z.infer<typeof alertDraftSchema>;

export const preflightSchema = z.object({
  /** Unique people after merging groups and single contacts. */
  recipients: z.number().int(),
  withVoice: z.number().int(),
  withSms: z.number().int(),
  mobile: z.number().int(),
  landline: z.number().int(),
  otherNumbers: z.number().int(),
  optedOut: z.number().int(),
  /** People nobody can reach on the chosen channels (no usable number). */
  unreachable: z.number().int(),
  inactiveSkipped: z.number().int(),
  smsSegments: z.number().int(),
  /** Seconds until every first attempt has gone out, at the configured pacing. */
  etaSeconds: z.number(),
  estimatedCost: z.object({ amount: z.number(), currency: z.string() }),
  /** This draft would go to a simulator (the carrier, or drills to the simulator): no real phone rings. */
  onSimulator: z.boolean(),
  /** For a burn message: templates and schedules that hold the same text (the burn will not erase those it keeps). */
  burnTextElsewhere: z.array(burnTextElsewhereSchema),
  warnings: z.array(
    z.object({ code: z.string(), text: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
  ),
});
export type Preflight = z.infer<typeof preflightSchema>;

export const alertStateSchema = z.enum(['pending_approval', 'queued', 'running', 'completed', 'canceled', 'expired']);

export const alertCountersSchema = z.object({
  recipients: z.number().int(),
  /** People: still being tried, not reached in the end, or stopped (quorum, cancel). */
  pending: z.number().int(),
  unreached: z.number().int(),
  canceled: z.number().int(),
  queued: z.number().int(),
  dialling: z.number().int(),
  ringing: z.number().int(),
  answered: z.number().int(),
  confirmed: z.number().int(),
  declined: z.number().int(),
  /**
   * Attempts, not people: failed/busy/unanswered, in doubt, texts on their way or delivered. The
   * report's figures count people ("with a failed attempt"); the console labels say which.
   */
  failed: z.number().int(),
  inDoubt: z.number().int(),
  smsSent: z.number().int(),
});
export type AlertCounters = z.infer<typeof alertCountersSchema>;

export const alertSchema = z.object({
  id: idSchema,
  launchKey: z.string(),
  title: z.string(),
  state: alertStateSchema,
  drill: z.boolean(),
  channels: z.array(channelSchema),
  policy: escalationPolicySchema,
  voiceText: z.string(),
  smsText: z.string(),
  createdBy: z.string().nullable(),
  createdById: z.number().int().nullable(),
  approvedBy: z.string().nullable(),
  createdAt: isoTimeSchema,
  startedAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
  expiresAt: isoTimeSchema.nullable(),
  /** Set while the carrier cannot be reached: "väntar på förbindelse". */
  waitingForUplink: z.boolean(),
  /** Its first calls wait for the end-to-end check of the public URL (the launch did not wait for it). */
  waitingForPublicUrl: z.boolean(),
  /** Its calls and texts go to a simulator (no real phone rings), per the carriers this engine runs. */
  onSimulator: z.boolean(),
  counters: alertCountersSchema,
  /** For a burn message: when it burns (or burned); its texts are empty once burned. */
  burn: z
    .object({
      after: burnAfterSchema,
      /** 'time' and 'end': the burn's minutes ('end': burnAt is known only once the call-out has ended). */
      minutes: z.number().int().nullable(),
      burnAt: isoTimeSchema.nullable(),
      burnedAt: isoTimeSchema.nullable(),
      /** Once burned: the copies of its text the burn found in templates and schedules, and what it did with each. */
      textElsewhere: z.array(burnTextElsewhereSchema),
    })
    .nullable(),
  scheduleId: z.number().int().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const launchInputSchema = z.object({
  /** Chosen by the client once per launch dialog: a double click or a retry is the same alert. */
  launchKey: z.string().trim().min(8).max(100),
  draft: alertDraftSchema,
  /** The proposed call-out (an inbound alarm) this launch answers; it is marked launched with the alert. */
  proposalId: idSchema.optional(),
});

export const recipientRowSchema = z.object({
  id: idSchema,
  contactId: z.number().int().nullable(),
  name: z.string(),
  state: z.enum(['pending', 'confirmed', 'declined', 'unreached', 'canceled']),
  confirmedVia: z.enum(['voice', 'sms']).nullable(),
  /** The most recent attempt: what the operator reads as "last event". */
  last: z
    .object({
      /** For the operator's decisions on this attempt (e.g. redial when in doubt). */
      attemptId: idSchema,
      channel: channelSchema,
      e164: z.string(),
      state: attemptStateSchema,
      at: isoTimeSchema,
      /** The reason in English (logs, integrators); the console shows `reason` in its language. */
      error: z.string().nullable(),
      reason: reasonSchema.nullable(),
    })
    .nullable(),
  attempts: z.number().int(),
});
export type RecipientRow = z.infer<typeof recipientRowSchema>;

export const alertListInputSchema = z.object({
  beforeId: idSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  active: z.boolean().optional(),
});

export const recipientQuerySchema = z.object({
  id: idSchema,
  state: z.enum(['pending', 'confirmed', 'declined', 'unreached', 'canceled']).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const alertProgressSchema = z.object({
  alerts: z.array(
    z.object({
      id: idSchema,
      state: alertStateSchema,
      waitingForUplink: z.boolean(),
      /** Its first calls wait for the public URL's check (see the alert's own field). */
      waitingForPublicUrl: z.boolean(),
      counters: alertCountersSchema,
      /** When its message was burned (another console's "Förstör nu" included), or null. */
      burnedAt: isoTimeSchema.nullable(),
      /** More of its people changed than one message carries: read the shown rows again. */
      reloadRecipients: z.boolean(),
    }),
  ),
  /** The per-recipient rows that changed since the last batch. */
  recipients: z.array(recipientRowSchema.extend({ alertId: idSchema })),
});
