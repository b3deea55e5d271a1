/**
 * The PostgreSQL twin of schema.ts, column for column (schema-parity.test.ts proves it): flags
 * stay 0/1 integers and times integer milliseconds (bigint here), so one SQL text and one row
 * shape serve both engines. Changing either file means `npm run db:generate`, which writes both
 * migration folders.
 *
 * The whole GDial domain as SQL tables (snake_case in SQL, camelCase in TypeScript).
 * Times are integer milliseconds since the epoch (UTC). JSON columns are validated by zod in the
 * module that reads them. Changing this file means `npm run db:generate` and committing the
 * migration it writes to resources/migrations.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { attemptStates } from '../contract/alerts';

const createdAt = () => bigint('created_at', { mode: 'number' }).notNull();
const updatedAt = () => bigint('updated_at', { mode: 'number' }).notNull();

// ── people who use GDial ────────────────────────────────────────────────────────────────────
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['viewer', 'operator', 'admin'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled').notNull().default(0),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: bigint('locked_until', { mode: 'number' }),
    language: text('language', { enum: ['sv', 'en'] }).notNull().default('sv'),
    colorScheme: text('color_scheme', { enum: ['light', 'dark', 'auto'] }).notNull().default('auto'),
    lastLoginAt: bigint('last_login_at', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the bearer token: a stolen database file yields no usable session. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    client: text('client').notNull().default(''),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

// ── the address book ────────────────────────────────────────────────────────────────────────
export const contacts = pgTable(
  'contacts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    /** Lower-cased name in Swedish alphabetical order (å ä ö after z), for sorting and search. */
    sortKey: text('sort_key').notNull().default(''),
    organisation: text('organisation').notNull().default(''),
    title: text('title').notNull().default(''),
    email: text('email').notNull().default(''),
    language: text('language', { enum: ['sv', 'en'] }).notNull().default('sv'),
    notes: text('notes').notNull().default(''),
    /** JSON array of strings. */
    tags: text('tags').notNull().default('[]'),
    active: integer('active').notNull().default(1),
    /** Identifier in the system the contact was imported from, for re-sync. */
    externalId: text('external_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_name_idx').on(t.name),
    index('contacts_sort_key_idx').on(t.sortKey, t.id),
    index('contacts_external_idx').on(t.externalId),
  ],
);

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    e164: text('e164').notNull(),
    /** As the number was written where it came from, for the operator's eyes. */
    raw: text('raw').notNull().default(''),
    kind: text('kind', { enum: ['mobile', 'landline', 'other', 'unknown'] }).notNull(),
    label: text('label').notNull().default(''),
    /** 0 is tried first. */
    priority: integer('priority').notNull(),
    voiceCapable: integer('voice_capable').notNull().default(1),
    smsCapable: integer('sms_capable').notNull().default(0),
    smsOptedOut: integer('sms_opted_out').notNull().default(0),
    smsOptedOutAt: bigint('sms_opted_out_at', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('phone_numbers_contact_e164_uq').on(t.contactId, t.e164),
    index('phone_numbers_e164_idx').on(t.e164),
  ],
);

export const groups = pgTable(
  'groups',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('groups_name_uq').on(sql`lower(${t.name})`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    /** Call-out order within the group; 0 first. */
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.contactId] }),
    index('group_members_contact_idx').on(t.contactId),
    // The call-out order: a launch reads a group by position, an import appends after its last.
    index('group_members_position_idx').on(t.groupId, t.position),
  ],
);

export const templates = pgTable(
  'templates',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    voiceText: text('voice_text').notNull().default(''),
    smsText: text('sms_text').notNull().default(''),
    language: text('language', { enum: ['sv', 'en'] }).notNull().default('sv'),
    confirmDigit: text('confirm_digit').notNull().default('1'),
    declineDigit: text('decline_digit').notNull().default('2'),
    /**
     * JSON: what a one-click "Starta" launches (recipients, channels, escalation, quorum, voicemail,
     * burn, drill), validated by the contract's schema where it is read. Null: a message-only template.
     */
    alertDefaults: text('alert_defaults'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('templates_name_uq').on(sql`lower(${t.name})`)],
);

// ── alerts and the dispatch ledger ──────────────────────────────────────────────────────────
export const alertStates = [
  'pending_approval',
  'queued',
  'running',
  'completed',
  'canceled',
  'expired',
] as const;

export const alerts = pgTable(
  'alerts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Idempotency key chosen by the client: launching the same key twice is one alert. */
    launchKey: text('launch_key').notNull(),
    title: text('title').notNull(),
    templateId: integer('template_id').references(() => templates.id, { onDelete: 'set null' }),
    voiceText: text('voice_text').notNull().default(''),
    smsText: text('sms_text').notNull().default(''),
    language: text('language', { enum: ['sv', 'en'] }).notNull().default('sv'),
    /** The keys a called person presses, taken from the template at launch (it may change later). */
    confirmDigit: text('confirm_digit').notNull().default('1'),
    declineDigit: text('decline_digit').notNull().default('2'),
    state: text('state', { enum: alertStates }).notNull(),
    drill: integer('drill').notNull().default(0),
    /** JSON array: 'voice' | 'sms'. */
    channels: text('channels').notNull(),
    /** JSON escalation policy, validated by zod where it is read. */
    policy: text('policy').notNull(),
    /** SHA-256 of voice and SMS text, kept when a burn message erases the text itself. */
    contentSha256: text('content_sha256'),
    scheduleId: integer('schedule_id'),
    /**
     * Whether the carrier this alert was launched onto is the simulator: reports must say so
     * later, after the carrier setting changed. Null for alerts from before this was kept.
     */
    onSimulator: integer('on_simulator'),
    createdBy: integer('created_by').references(() => users.id),
    approvedBy: integer('approved_by').references(() => users.id),
    canceledBy: integer('canceled_by').references(() => users.id),
    createdAt: createdAt(),
    approvedAt: bigint('approved_at', { mode: 'number' }),
    startedAt: bigint('started_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    expiresAt: bigint('expires_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('alerts_launch_key_uq').on(t.launchKey), index('alerts_state_idx').on(t.state)],
);

/** One row per person in an alert: confirmation is per recipient and stops every channel. */
export const alertRecipients = pgTable(
  'alert_recipients',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** Snapshot at launch: the report must not change when the address book does. */
    name: text('name').notNull(),
    state: text('state', { enum: ['pending', 'confirmed', 'declined', 'unreached', 'canceled'] })
      .notNull()
      .default('pending'),
    /** Snapshot at launch: voice numbers in the order escalation tries them (JSON array). */
    voiceNumbers: text('voice_numbers').notNull().default('[]'),
    /** Snapshot at launch: the number that gets texts (alert, stand-down), if any. */
    smsNumber: text('sms_number'),
    /** Short code for SMS replies when one person has several open alerts. */
    replyCode: text('reply_code'),
    confirmedAt: bigint('confirmed_at', { mode: 'number' }),
    confirmedVia: text('confirmed_via', { enum: ['voice', 'sms'] }),
    declinedAt: bigint('declined_at', { mode: 'number' }),
    standDownSentAt: bigint('stand_down_sent_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('alert_recipients_alert_contact_uq').on(t.alertId, t.contactId),
    index('alert_recipients_state_idx').on(t.alertId, t.state),
  ],
);

/** The ledger's states live in the contract, shared with the console. */
export { attemptStates };

/** The dispatch ledger: every attempt to reach a recipient, on one number over one channel. */
export const dispatchAttempts = pgTable(
  'dispatch_attempts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => alertRecipients.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['voice', 'sms'] }).notNull(),
    /** 'alert' carries the alert's message; 'stand_down' tells the person they are not needed. */
    purpose: text('purpose', { enum: ['alert', 'stand_down'] }).notNull().default('alert'),
    e164: text('e164').notNull(),
    cycle: integer('cycle').notNull().default(0),
    attemptNo: integer('attempt_no').notNull().default(0),
    state: text('state', { enum: attemptStates }).notNull(),
    /** Forward-only ordering of carrier statuses, so late callbacks never move a row back. */
    statusRank: integer('status_rank').notNull().default(0),
    carrierAccount: text('carrier_account'),
    carrierSid: text('carrier_sid'),
    answeredBy: text('answered_by'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** Earliest time this attempt may be sent (escalation interval, Retry-After). */
    notBefore: bigint('not_before', { mode: 'number' }).notNull(),
    queuedAt: bigint('queued_at', { mode: 'number' }).notNull(),
    submittingAt: bigint('submitting_at', { mode: 'number' }),
    submittedAt: bigint('submitted_at', { mode: 'number' }),
    answeredAt: bigint('answered_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    durationS: integer('duration_s'),
    segments: integer('segments'),
    priceMicros: integer('price_micros'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dispatch_attempts_identity_uq').on(t.recipientId, t.purpose, t.channel, t.e164, t.cycle, t.attemptNo),
    index('dispatch_attempts_work_idx').on(t.state, t.notBefore),
    index('dispatch_attempts_alert_idx').on(t.alertId, t.state),
    index('dispatch_attempts_sid_idx').on(t.carrierSid),
    // SMS replies and reply codes are matched by the sender's number.
    index('dispatch_attempts_e164_idx').on(t.e164, t.channel),
    // The calls under way, counted every dispatch round against the concurrency limit: only those
    // rows are in it, so the count reads a few entries and no other query can mistake it for a
    // general (channel, state) index.
    index('dispatch_attempts_calls_under_way_idx')
      .on(t.state)
      .where(sql`channel = 'voice' AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`),
  ],
);

/** Raw carrier callbacks as received; duplicates are ignored by (sid, kind, status). */
export const carrierEvents = pgTable(
  'carrier_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    attemptId: integer('attempt_id').references(() => dispatchAttempts.id, { onDelete: 'set null' }),
    sid: text('sid').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    sequence: integer('sequence'),
    /** JSON of the posted parameters, phone numbers included: exported only by admins. */
    payload: text('payload').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('carrier_events_sid_kind_status_uq').on(t.sid, t.kind, t.status),
    index('carrier_events_attempt_idx').on(t.attemptId),
  ],
);

/** What people answered: DTMF digits and SMS replies, matched or not. */
export const responses = pgTable(
  'responses',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    recipientId: integer('recipient_id').references(() => alertRecipients.id, { onDelete: 'set null' }),
    attemptId: integer('attempt_id').references(() => dispatchAttempts.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: ['dtmf', 'sms'] }).notNull(),
    fromE164: text('from_e164').notNull(),
    body: text('body').notNull(),
    meaning: text('meaning', { enum: ['confirm', 'decline', 'stop', 'start', 'unknown'] }).notNull(),
    carrierSid: text('carrier_sid'),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('responses_alert_idx').on(t.alertId), uniqueIndex('responses_sid_uq').on(t.carrierSid)],
);

// ── configuration and accountability ────────────────────────────────────────────────────────
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  /** JSON, validated against the contract's settings schema on read and write. */
  value: text('value').notNull(),
  updatedAt: updatedAt(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

/**
 * Append-only, hash-chained. No foreign keys on purpose: the trail must outlive the users and
 * objects it names.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: text('details').notNull().default('{}'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_action_idx').on(t.action)],
);

/** Small engine facts that belong with the data (e.g. the audit chain's head). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// Kept in their own module for size; importable from here like every other table.
export { alertAudio, burnMessages, scheduleRuns, schedules } from './schema-pg-timed';
export { audioClips, clusterLeadership, clusterNodes } from './schema-pg-cluster';
export { apiKeys, proposalMessages, proposals, triggerRules, triggerSources, webhookOutbox, webhookSubscriptions } from './schema-pg-integrations';
