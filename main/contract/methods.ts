/**
 * Every engine capability, by name (`domain.verb`). The router, the preload allowlist and the
 * console's client all derive from this table; adding a capability starts here.
 */
import { z } from 'zod';
import { alertViewSchema } from './alert-view';
import { auditEntrySchema, auditListInputSchema, auditVerifyInputSchema, auditVerifySchema } from './audit';
import {
  alertDraftSchema,
  alertListInputSchema,
  launchInputSchema,
  preflightSchema,
  recipientQuerySchema,
  recipientRowSchema,
} from './alerts';
import { emptySchema, idSchema, patchOf } from './common';
import {
  responseListInputSchema,
  responseRowSchema,
  secretNameSchema,
  secretSetSchema,
  secretsStatusSchema,
  timelineSchema,
  ttsPreviewInputSchema,
  ttsPreviewSchema,
  webhookStatusSchema,
} from './conversation';
import {
  exportInputSchema,
  exportResultSchema,
  importBeginInputSchema,
  importBeginResultSchema,
  importChunkInputSchema,
  importChunkResultSchema,
  importPreviewInputSchema,
  importReportSchema,
  importResultSchema,
  uploadIdSchema,
} from './contact-files';
import {
  contactFieldsSchema,
  contactPageSchema,
  contactPatchSchema,
  contactQuerySchema,
  contactSchema,
  numberCheckSchema,
} from './contacts';
import { carrierStatusSchema } from './carrier';
import { backupEntrySchema, dashboardSchema } from './dashboard';
import { alertReportSchema, logQuerySchema, logRowSchema, reportExportInputSchema, reportExportResultSchema } from './reports';
import { scheduleFieldsSchema, schedulePreviewInputSchema, scheduleRunSchema, scheduleSchema } from './schedules';
import { isoTimeSchema } from './common';
import { groupFieldsSchema, groupMemberSchema, groupSchema, memberIdsSchema } from './groups';
import { settingsPatchSchema, settingsViewSchema } from './settings';
import { authStatusSchema, clusterStatusSchema, systemInfoSchema } from './system';
import { templateFieldsSchema, templatePatchSchema, templateSchema } from './templates';
import {
  apiKeyCreatedSchema,
  apiKeyFieldsSchema,
  apiKeySchema,
  deliverySchema,
  jsonAlarmSchema,
  proposalSchema,
  proposalStateSchema,
  subscriptionCreatedSchema,
  subscriptionFieldsSchema,
  subscriptionSchema,
  triggerResultSchema,
  triggerRuleFieldsSchema,
  triggerRuleSchema,
  triggerSourceSchema,
} from './integrations';
import {
  newUserSchema,
  passwordCheckInputSchema,
  passwordCheckSchema,
  passwordSchema,
  profilePatchSchema,
  sessionResultSchema,
  userPatchSchema,
  userSchema,
  usernameSchema,
} from './users';

/** Who may call a method: `public` needs no session; the rest need at least that role. */
export type Access = 'public' | 'viewer' | 'operator' | 'admin';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  access: Access;
  input: I;
  output: O;
}

function method<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O): MethodDef<I, O> {
  return { access, input, output };
}

const ok = z.object({ ok: z.literal(true) });

export const methods = {
  'auth.status': method('public', emptySchema, authStatusSchema),
  'auth.setup': method('public', newUserSchema.omit({ role: true }).strict(), sessionResultSchema),
  'auth.login': method(
    'public',
    z.object({ username: usernameSchema, password: z.string().min(1).max(256) }).strict(),
    sessionResultSchema,
  ),
  'auth.resume': method('public', z.object({ token: z.string().min(10).max(200) }).strict(), userSchema),
  /** Local administration (the CLI) with the engine's per-launch token from its lock file. */
  'auth.local': method('public', z.object({ token: z.string().min(10).max(200) }).strict(), ok),
  'auth.logout': method('viewer', emptySchema, ok),
  'auth.me': method('viewer', emptySchema, userSchema),
  /** Whether a new password would be accepted, for the console's live hint. Public only while GDial has no users (first run). */
  'auth.checkPassword': method('public', passwordCheckInputSchema.strict(), passwordCheckSchema),
  'auth.changePassword': method(
    'viewer',
    z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).strict(),
    ok,
  ),
  'profile.update': method('viewer', profilePatchSchema.strict(), userSchema),

  'users.list': method('admin', emptySchema, z.array(userSchema)),
  'users.create': method('admin', newUserSchema.strict(), userSchema),
  'users.update': method('admin', userPatchSchema.strict(), userSchema),
  'users.setPassword': method('admin', z.object({ id: idSchema, password: passwordSchema }).strict(), ok),
  'users.unlock': method('admin', z.object({ id: idSchema }).strict(), userSchema),

  'settings.get': method('viewer', emptySchema, settingsViewSchema),
  'settings.update': method('admin', settingsPatchSchema, settingsViewSchema),

  'templates.list': method('viewer', emptySchema, z.array(templateSchema)),
  'templates.create': method('operator', templateFieldsSchema.strict(), templateSchema),
  'templates.update': method('operator', templatePatchSchema.strict(), templateSchema),
  'templates.delete': method('operator', z.object({ id: idSchema }).strict(), ok),

  'contacts.list': method('viewer', contactQuerySchema.strict(), contactPageSchema),
  'contacts.get': method('viewer', z.object({ id: idSchema }).strict(), contactSchema),
  'contacts.tags': method('viewer', emptySchema, z.array(z.string())),
  /** What a typed number becomes, and who else has it (the contact being edited left out). */
  'contacts.checkNumber': method(
    'viewer',
    z.object({ number: z.string().max(100), exceptContactId: idSchema.optional() }).strict(),
    numberCheckSchema,
  ),
  'contacts.create': method('operator', contactFieldsSchema.strict(), contactSchema),
  'contacts.update': method('operator', contactPatchSchema.strict(), contactSchema),
  'contacts.setActive': method('operator', z.object({ id: idSchema, active: z.boolean() }).strict(), contactSchema),
  'contacts.importBegin': method('operator', importBeginInputSchema.strict(), importBeginResultSchema),
  'contacts.importChunk': method('operator', importChunkInputSchema.strict(), importChunkResultSchema),
  'contacts.importDiscard': method('operator', z.object({ uploadId: uploadIdSchema }).strict(), ok),
  'contacts.importPreview': method('operator', importPreviewInputSchema.strict(), importReportSchema),
  'contacts.importCommit': method('operator', z.object({ importId: z.string().min(1).max(100) }).strict(), importResultSchema),
  'contacts.export': method('operator', exportInputSchema.strict(), exportResultSchema),

  'groups.list': method('viewer', emptySchema, z.array(groupSchema)),
  'groups.create': method('operator', groupFieldsSchema.strict(), groupSchema),
  'groups.update': method('operator', patchOf(groupFieldsSchema).extend({ id: idSchema }).strict(), groupSchema),
  'groups.delete': method('operator', z.object({ id: idSchema }).strict(), ok),
  'groups.members': method('viewer', z.object({ id: idSchema }).strict(), z.array(groupMemberSchema)),
  /** Replaces membership and order in one step (the console's reorder and remove). */
  'groups.setMembers': method('operator', z.object({ id: idSchema, contactIds: memberIdsSchema }).strict(), groupSchema),
  'groups.addMembers': method('operator', z.object({ id: idSchema, contactIds: memberIdsSchema }).strict(), groupSchema),
  'groups.removeMembers': method('operator', z.object({ id: idSchema, contactIds: memberIdsSchema }).strict(), groupSchema),

  'alerts.preflight': method('operator', z.object({ draft: alertDraftSchema }).strict(), preflightSchema),
  'alerts.launch': method('operator', launchInputSchema.strict(), alertViewSchema),
  /** Two-person rule: someone other than the launcher lets a large live alert go. */
  'alerts.approve': method('operator', z.object({ id: idSchema }).strict(), alertViewSchema),
  /** Send again to those who did not confirm, or whose attempts failed, in a running or ended alert. */
  'alerts.resend': method('operator', z.object({ id: idSchema, to: z.enum(['unconfirmed', 'failed']) }).strict(), alertViewSchema),
  /** The operator's answer for an attempt the carrier could not account for: call again, or not. */
  'alerts.resolveInDoubt': method('operator', z.object({ attemptId: idSchema, redial: z.boolean() }).strict(), alertViewSchema),
  'alerts.cancel': method('operator', z.object({ id: idSchema }).strict(), alertViewSchema),
  'alerts.get': method('viewer', z.object({ id: idSchema }).strict(), alertViewSchema),
  'alerts.list': method('viewer', alertListInputSchema.strict(), z.array(alertViewSchema)),
  'alerts.recipients': method(
    'viewer',
    recipientQuerySchema.strict(),
    z.object({ total: z.number().int(), rows: z.array(recipientRowSchema) }),
  ),

  /** Every step of one recipient: queued → dialled → rang → answered → pressed 1, texts and replies. */
  'alerts.timeline': method('viewer', z.object({ alertId: idSchema, recipientId: idSchema }).strict(), timelineSchema),
  /** SMS replies and key presses; `unmatchedOnly` lists the replies no open alert could take. */
  'responses.list': method('viewer', responseListInputSchema.strict(), z.array(responseRowSchema)),

  /** Secrets are write-only: the status says whether one is set and where from, never its value. */
  'secrets.status': method('admin', emptySchema, secretsStatusSchema),
  'secrets.set': method('admin', secretSetSchema.strict(), secretsStatusSchema),
  'secrets.clear': method('admin', z.object({ name: secretNameSchema }).strict(), secretsStatusSchema),

  /** Where alerts and drills go now (simulator or Twilio), and what applies after a restart. */
  'carrier.status': method('viewer', emptySchema, carrierStatusSchema),
  'webhooks.status': method('viewer', emptySchema, webhookStatusSchema),
  /** Sends a signed request through the public URL back to this engine, now. */
  'webhooks.check': method('operator', emptySchema, webhookStatusSchema),

  /** Speaks a text the way a called person would hear it (template editor's preview). */
  'tts.preview': method('operator', ttsPreviewInputSchema.strict(), ttsPreviewSchema),

  /** Erases the message now (its text, audio and the carrier's copies); the trail stays. */
  'alerts.burn': method('operator', z.object({ id: idSchema }).strict(), alertViewSchema),

  'schedules.list': method('viewer', emptySchema, z.array(scheduleSchema)),
  'schedules.create': method('operator', scheduleFieldsSchema.strict(), scheduleSchema),
  'schedules.update': method('operator', patchOf(scheduleFieldsSchema).extend({ id: idSchema }).strict(), scheduleSchema),
  'schedules.delete': method('operator', z.object({ id: idSchema }).strict(), ok),
  'schedules.setPaused': method('operator', z.object({ id: idSchema, paused: z.boolean() }).strict(), scheduleSchema),
  /** The next runs a rule gives, before it is saved (and the rule's validation). */
  'schedules.preview': method('viewer', schedulePreviewInputSchema.strict(), z.object({ nextRuns: z.array(isoTimeSchema) })),
  /** What happened at each run, newest first; missed runs found at start are among them. */
  'schedules.runs': method('viewer', z.object({ scheduleId: idSchema.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(), z.array(scheduleRunSchema)),

  'logs.list': method('viewer', logQuerySchema.strict(), z.array(logRowSchema)),
  'reports.alert': method('viewer', z.object({ id: idSchema }).strict(), alertReportSchema),
  'reports.export': method('operator', reportExportInputSchema, reportExportResultSchema),

  'dashboard.get': method('viewer', emptySchema, dashboardSchema),

  'backups.list': method('admin', emptySchema, z.array(backupEntrySchema)),
  'backups.run': method('admin', emptySchema, backupEntrySchema),

  'audit.list': method('admin', auditListInputSchema.strict(), z.array(auditEntrySchema)),
  'audit.verify': method('admin', auditVerifyInputSchema, auditVerifySchema),

  'system.info': method('viewer', emptySchema, systemInfoSchema),
  'system.cluster': method('viewer', emptySchema, clusterStatusSchema),
  /** The REST API's OpenAPI 3.1 document (the same as /api/v1/openapi.json), for the console's docs page. */
  'system.apiDocument': method('viewer', emptySchema, z.record(z.string(), z.unknown())),

  /** Keys for other systems (the REST API). The key itself is in create's answer only. */
  'apiKeys.list': method('admin', emptySchema, z.array(apiKeySchema)),
  'apiKeys.create': method('admin', apiKeyFieldsSchema.strict(), apiKeyCreatedSchema),
  /** Takes effect at once, on every workstation. */
  'apiKeys.revoke': method('admin', z.object({ id: idSchema }).strict(), apiKeySchema),

  /** An inbound CAP 1.2 alert (over REST: the XML itself as the body). */
  'triggers.cap': method('operator', z.object({ xml: z.string().min(1).max(1_000_000) }).strict(), triggerResultSchema),
  'triggers.json': method('operator', jsonAlarmSchema, triggerResultSchema),
  /** A source says it is alive and when to expect it next; a silent source is a health warning. */
  'triggers.heartbeat': method('operator', z.object({ everySeconds: z.number().int().min(10).max(86_400).default(60) }).strict(), triggerResultSchema),
  'triggers.sources': method('viewer', emptySchema, z.array(triggerSourceSchema)),
  /** Forgets a source that stopped for good (no more "silent" warning); its next heartbeat brings it back. */
  'triggers.forgetSource': method('operator', z.object({ name: z.string().min(1).max(200) }).strict(), ok),
  'triggers.rules': method('viewer', emptySchema, z.array(triggerRuleSchema)),
  'triggers.createRule': method('operator', triggerRuleFieldsSchema.strict(), triggerRuleSchema),
  'triggers.updateRule': method('operator', patchOf(triggerRuleFieldsSchema).extend({ id: idSchema }).strict(), triggerRuleSchema),
  'triggers.deleteRule': method('operator', z.object({ id: idSchema }).strict(), ok),

  /** Proposed call-outs from inbound alarms; launched through alerts.launch with their id. */
  'proposals.list': method(
    'viewer',
    z.object({ state: proposalStateSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.array(proposalSchema),
  ),
  'proposals.get': method('viewer', z.object({ id: idSchema }).strict(), proposalSchema),
  'proposals.dismiss': method('operator', z.object({ id: idSchema }).strict(), proposalSchema),
  /** The operator's answer to a source's Cancel of a launched proposal: stop its alert, or let it run. */
  'proposals.resolveCancel': method('operator', z.object({ id: idSchema, stop: z.boolean() }).strict(), proposalSchema),

  /** An alert as an OASIS CAP 1.2 message (no text after a burn). */
  'reports.cap': method('operator', z.object({ id: idSchema }).strict(), z.object({ fileName: z.string(), xml: z.string() })),

  /** Outgoing webhooks (Standard Webhooks signatures). The signing secret is in create's answer only. */
  'subscriptions.list': method('admin', emptySchema, z.array(subscriptionSchema)),
  'subscriptions.create': method('admin', subscriptionFieldsSchema.strict(), subscriptionCreatedSchema),
  'subscriptions.update': method('admin', patchOf(subscriptionFieldsSchema).extend({ id: idSchema }).strict(), subscriptionSchema),
  'subscriptions.delete': method('admin', z.object({ id: idSchema }).strict(), ok),
  /** Queues a signed test message now; its delivery shows in the list. */
  'subscriptions.sendTest': method('admin', z.object({ id: idSchema }).strict(), deliverySchema),
  'subscriptions.deliveries': method(
    'admin',
    z.object({ id: idSchema, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.array(deliverySchema),
  ),
} as const satisfies Record<string, MethodDef>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const methodNames = Object.keys(methods) as MethodName[];
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
