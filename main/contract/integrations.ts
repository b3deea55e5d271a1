/**
 * Integrations: API keys for other systems, inbound alarms (CAP 1.2 and JSON) that become
 * proposed call-outs through trigger rules, and outgoing webhook subscriptions.
 */
import { z } from 'zod';
import { alertDraftSchema } from './alerts';
import { idSchema, isoTimeSchema, nameText, plainText } from './common';

// ── API keys ─────────────────────────────────────────────────────────────────────────────────
/** A key acts with one of these roles; an API key is never an administrator. */
export const apiKeyRoleSchema = z.enum(['viewer', 'operator']);
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;

/** `domain.verb`, or `domain.*` for a whole domain; `metrics` lets a key read /metrics. */
export const apiMethodPatternSchema = z.string().trim().regex(/^(metrics|[a-z][A-Za-z]*\.(\*|[a-z][A-Za-z]*))$/, 'a method (domain.verb), domain.* or metrics');

export const apiKeyFieldsSchema = z.object({
  name: nameText(100),
  role: apiKeyRoleSchema,
  /** Empty: every method the role allows. Otherwise only these (and never more than the role allows). */
  allowedMethods: z.array(apiMethodPatternSchema).max(100).default([]),
});

export const apiKeySchema = apiKeyFieldsSchema.extend({
  id: idSchema,
  /** The key's first characters (`gdk_AbCd…`), so an admin can tell keys apart; never the key. */
  prefix: z.string(),
  createdAt: isoTimeSchema,
  createdBy: z.string().nullable(),
  lastUsedAt: isoTimeSchema.nullable(),
  revokedAt: isoTimeSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The key itself is in this answer only: GDial keeps its hash. */
export const apiKeyCreatedSchema = z.object({ key: apiKeySchema, secret: z.string() });

// ── inbound alarms ───────────────────────────────────────────────────────────────────────────
/** CAP 1.2's values, kept as CAP spells them. */
export const capSeveritySchema = z.enum(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']);
export const capUrgencySchema = z.enum(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']);
export const capMsgTypeSchema = z.enum(['Alert', 'Update', 'Cancel']);
export const capStatusSchema = z.enum(['Actual', 'Exercise', 'System', 'Test', 'Draft']);

/**
 * A small JSON alarm (`POST /api/v1/triggers/json`). `id` is the source's own id: the same id
 * again within the window is the same alarm; `msgType` Update / Cancel refer to it.
 */
export const jsonAlarmSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    sender: z.string().trim().min(1).max(200),
    msgType: capMsgTypeSchema.default('Alert'),
    status: z.enum(['Actual', 'Exercise']).default('Actual'),
    event: plainText(200),
    headline: plainText(400).default(''),
    description: plainText(4000).default(''),
    area: plainText(400).default(''),
    severity: capSeveritySchema.default('Unknown'),
    urgency: capUrgencySchema.default('Unknown'),
  })
  .strict();
export type JsonAlarm = z.infer<typeof jsonAlarmSchema>;

/** What a trigger answers: the proposal the alarm made, changed or withdrew (null: no rule matched). */
export const triggerResultSchema = z.object({
  outcome: z.enum(['proposed', 'duplicate', 'updated', 'withdrawn', 'cancel_requested', 'launched', 'unmatched', 'heartbeat']),
  proposalId: idSchema.nullable(),
  alertId: idSchema.nullable(),
});
export type TriggerResult = z.infer<typeof triggerResultSchema>;

/** Maps alarms to a template. Every field left empty matches anything. */
export const triggerRuleFieldsSchema = z.object({
  name: nameText(100),
  enabled: z.boolean().default(true),
  /** Lower first; the first enabled rule that matches decides. */
  position: z.number().int().min(0).max(10_000).default(100),
  sender: plainText(200).default(''),
  event: plainText(200).default(''),
  area: plainText(200).default(''),
  severities: z.array(capSeveritySchema).max(5).default([]),
  urgencies: z.array(capUrgencySchema).max(5).default([]),
  /** Case- and diacritic-blind substring of headline, description or event. */
  textMatch: plainText(200).default(''),
  templateId: idSchema,
  /** Launch without waiting for an operator (pre-flight checks and approval rules still apply). */
  launchAtOnce: z.boolean().default(false),
});
export const triggerRuleSchema = triggerRuleFieldsSchema.extend({ id: idSchema, createdAt: isoTimeSchema, updatedAt: isoTimeSchema });
export type TriggerRule = z.infer<typeof triggerRuleSchema>;

export const proposalStateSchema = z.enum(['open', 'launched', 'dismissed', 'withdrawn']);

/** A proposed call-out: an inbound alarm a rule matched, waiting for an operator. */
export const proposalSchema = z.object({
  id: idSchema,
  state: proposalStateSchema,
  format: z.enum(['cap', 'json']),
  /** The API key the alarm came with. */
  sourceKey: z.string(),
  sender: z.string(),
  externalId: z.string(),
  msgType: capMsgTypeSchema,
  status: capStatusSchema,
  event: z.string(),
  headline: z.string(),
  description: z.string(),
  area: z.string(),
  severity: capSeveritySchema,
  urgency: capUrgencySchema,
  ruleId: idSchema.nullable(),
  ruleName: z.string().nullable(),
  templateId: idSchema.nullable(),
  /** The call-out it proposes, from the rule's template; null when the template lacks recipients (the operator picks them). */
  draft: alertDraftSchema.nullable(),
  /** A drill (the engine's rule): the draft's word, else the alarm's CAP status Exercise/Test or the template's defaults. */
  drill: z.boolean(),
  alertId: idSchema.nullable(),
  /** The source asked to stop the alert this proposal started (CAP Cancel): an operator confirms. */
  cancelRequested: z.boolean(),
  /** Updates received after the first alarm. */
  updates: z.number().int(),
  receivedAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Proposal = z.infer<typeof proposalSchema>;

/** A source that sends heartbeats, and whether it has gone quiet. */
export const triggerSourceSchema = z.object({
  name: z.string(),
  lastSeenAt: isoTimeSchema,
  /** The interval the source promised in its last heartbeat. */
  everySeconds: z.number().int(),
  silent: z.boolean(),
});
export type TriggerSource = z.infer<typeof triggerSourceSchema>;

// ── outgoing webhooks ────────────────────────────────────────────────────────────────────────
export const webhookEventTypes = ['alert.launched', 'alert.progress', 'recipient.confirmed', 'recipient.declined', 'alert.finished', 'proposal.created'] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);

export const subscriptionFieldsSchema = z.object({
  name: nameText(100),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(webhookEventTypeSchema).min(1),
  /** Which alerts: every one, live alerts only, or drills only. */
  scope: z.enum(['all', 'live', 'drill']).default('all'),
  enabled: z.boolean().default(true),
});
export const subscriptionSchema = subscriptionFieldsSchema.extend({
  id: idSchema,
  createdAt: isoTimeSchema,
  /** The last delivery's outcome, and how many are waiting or gave up. */
  pending: z.number().int(),
  failed: z.number().int(),
  lastDeliveryAt: isoTimeSchema.nullable(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
/** The signing secret (`whsec_…`) is shown when the subscription is created, and never again. */
export const subscriptionCreatedSchema = z.object({ subscription: subscriptionSchema, secret: z.string() });

export const deliverySchema = z.object({
  id: idSchema,
  /** The Standard Webhooks message id (`webhook-id`): the same for every retry. */
  messageId: z.string(),
  eventType: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTimeSchema,
  nextAt: isoTimeSchema.nullable(),
  deliveredAt: isoTimeSchema.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;
