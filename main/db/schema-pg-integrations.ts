/** The tables of integrations (integrations/): API keys, inbound alarms and their proposals, outgoing webhooks. */
import { bigint, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

const createdAt = () => bigint('created_at', { mode: 'number' }).notNull();
const time = (name: string) => bigint(name, { mode: 'number' });
/** Flags are 0/1 on both databases. */
const flag = (name: string, value: boolean) => integer(name).notNull().default(value ? 1 : 0);

/** Keys other systems call the API with. Only the SHA-256 of a key is kept (keys are 256 random bits). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    /** The first characters of the key, to tell keys apart on screen. */
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    role: text('role', { enum: ['viewer', 'operator'] }).notNull(),
    /** JSON array of method patterns; empty: whatever the role allows. */
    allowedMethods: text('allowed_methods').notNull().default('[]'),
    createdAt: createdAt(),
    createdBy: text('created_by'),
    lastUsedAt: time('last_used_at'),
    revokedAt: time('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_name_uq').on(t.name), uniqueIndex('api_keys_hash_uq').on(t.hash)],
);

/** Trigger rules: which inbound alarm becomes a proposal, from which template. */
export const triggerRules = pgTable('trigger_rules', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  enabled: flag('enabled', true),
  position: integer('position').notNull().default(100),
  sender: text('sender').notNull().default(''),
  event: text('event').notNull().default(''),
  area: text('area').notNull().default(''),
  /** JSON arrays of CAP values; empty matches any. */
  severities: text('severities').notNull().default('[]'),
  urgencies: text('urgencies').notNull().default('[]'),
  textMatch: text('text_match').notNull().default(''),
  /** No foreign key: a deleted template leaves the rule, which then proposes without a draft. */
  templateId: integer('template_id'),
  launchAtOnce: flag('launch_at_once', false),
  createdAt: createdAt(),
  updatedAt: time('updated_at').notNull(),
});

/** Sources that send heartbeats, by API key name. */
export const triggerSources = pgTable('trigger_sources', {
  name: text('name').primaryKey(),
  lastSeenAt: time('last_seen_at').notNull(),
  everySeconds: integer('every_seconds').notNull(),
});

/** Inbound alarms a rule matched: proposed call-outs, and what became of them. */
export const proposals = pgTable(
  'proposals',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    state: text('state', { enum: ['open', 'launched', 'dismissed', 'withdrawn'] }).notNull(),
    format: text('format', { enum: ['cap', 'json'] }).notNull(),
    sourceKey: text('source_key').notNull(),
    sender: text('sender').notNull(),
    externalId: text('external_id').notNull(),
    msgType: text('msg_type').notNull(),
    status: text('status').notNull(),
    event: text('event').notNull().default(''),
    headline: text('headline').notNull().default(''),
    description: text('description').notNull().default(''),
    area: text('area').notNull().default(''),
    severity: text('severity').notNull(),
    urgency: text('urgency').notNull(),
    ruleId: integer('rule_id'),
    ruleName: text('rule_name'),
    templateId: integer('template_id'),
    /** JSON of the alert draft the proposal would launch; null when the operator must pick recipients. */
    draft: text('draft'),
    alertId: integer('alert_id'),
    cancelRequested: flag('cancel_requested', false),
    updates: integer('updates').notNull().default(0),
    /** The alarm as received (CAP XML or JSON), blanked with the texts when its alert burns. */
    document: text('document').notNull().default(''),
    receivedAt: time('received_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('proposals_external_idx').on(t.sender, t.externalId), index('proposals_state_idx').on(t.state, t.receivedAt), index('proposals_alert_idx').on(t.alertId), index('proposals_updated_idx').on(t.updatedAt)],
);

/**
 * Every alarm message applied to a proposal (its first Alert, each Update and Cancel), by sender and
 * identifier: a later message may reference any of them, and the same message again is a repeat.
 */
export const proposalMessages = pgTable(
  'proposal_messages',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    sender: text('sender').notNull(),
    externalId: text('external_id').notNull(),
    msgType: text('msg_type').notNull(),
    receivedAt: time('received_at').notNull(),
  },
  (t) => [uniqueIndex('proposal_messages_uq').on(t.proposalId, t.sender, t.externalId), index('proposal_messages_external_idx').on(t.sender, t.externalId)],
);

/** Outgoing webhook subscriptions. The signing secret is needed to sign, so it is kept as is. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** JSON array of event types. */
  events: text('events').notNull(),
  scope: text('scope', { enum: ['all', 'live', 'drill'] }).notNull().default('all'),
  enabled: flag('enabled', true),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

/** The durable outbox: one row per message per subscription, retried until delivered or given up. */
export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    /** The Standard Webhooks `webhook-id`: the same across retries, so receivers can drop repeats. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The alert the message is about (its text goes when the alert burns). */
    alertId: integer('alert_id'),
    payload: text('payload').notNull(),
    state: text('state', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: time('next_at'),
    /** An engine delivering it holds it until then (several workstations share the outbox). */
    leaseUntil: time('lease_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: time('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_outbox_message_uq').on(t.subscriptionId, t.messageId),
    index('webhook_outbox_due_idx').on(t.state, t.nextAt),
    index('webhook_outbox_alert_idx').on(t.alertId),
  ],
);
