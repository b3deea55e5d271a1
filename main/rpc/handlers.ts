/** Maps each contract method onto the service that does the work. Wiring only. */
import { may, type Alert, type ClusterStatus, type SystemInfo } from '../contract';
import { spokenText } from '../contract/message-text';
import { listAuditEntries, recordAudit, verifyAuditChain } from '../audit/audit-log';
import type { DispatchRuntime } from '../dispatch/dispatch-runtime';
import { carrierKindsOf, reachesSimulator } from '../dispatch/carrier-status';
import { listResponses } from '../conversation/responses';
import { recipientTimeline } from '../conversation/timeline';
import type { SecretStore } from '../secrets/secret-store';
import { changeSecret } from '../secrets/secrets-admin';
import { dashboardFigures } from '../dashboard/dashboard';
import { healthOf } from '../dashboard/health';
import { sourcesHealth } from '../integrations/triggers/proposals-service';
import type { BackupService } from '../backup/backup-service';
import type { ScheduleService } from '../scheduler/schedule-service';
import type { PdfPort } from '../reports/pdf-port';
import { listLogs } from '../reports/logs';
import { alertReport } from '../reports/alert-report';
import { exportReport } from '../reports/export';
import { alertViewFor } from '../alerts/alert-abilities';
import { recipientRows } from '../alerts/recipient-rows';
import type { AuthService } from '../auth/auth-service';
import { passwordProblem } from '../auth/password-policy';
import type { LocalAccess } from '../auth/local-access';
import { distinctTags, getContact, listContacts } from '../contacts/contact-queries';
import type { ContactsService } from '../contacts/contacts-service';
import { checkNumberWithOwners } from '../contacts/number-owners';
import { exportContacts } from '../contacts/export-service';
import type { GroupsService } from '../contacts/groups-service';
import type { ImportService } from '../contacts/import-service';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import type { TemplatesService } from '../templates/templates-service';
import { toUserDto } from '../users/user-dto';
import type { UsersService } from '../users/users-service';
import type { IntegrationHandlers } from '../integrations/start-integrations';
import type { HandlerContext, Handlers } from './router';

export interface Services {
  store: Store;
  auth: AuthService;
  local: LocalAccess;
  users: UsersService;
  settings: SettingsService;
  templates: TemplatesService;
  contacts: ContactsService;
  groups: GroupsService;
  imports: ImportService;
  secrets: SecretStore;
  schedules: ScheduleService;
  pdf: PdfPort | null;
  /** Scheduled backups; null for admin tools. */
  backups: BackupService | null;
  /** Null in admin tools, which run no dispatcher. */
  dispatch: DispatchRuntime | null;
  version: string;
  systemInfo: () => SystemInfo;
  /** Which engine leads and which stand by (cluster/cluster.ts). */
  clusterStatus: () => ClusterStatus;
  /** API keys, inbound alarms and proposals, CAP export, outgoing webhooks (integrations/). */
  integrations: IntegrationHandlers;
}

export function createHandlers(s: Services): Handlers {
  const dispatch = () => {
    if (!s.dispatch) throw new AppError('unavailable', 'This engine runs no dispatcher (an admin tool)', { code: 'alerts.no_dispatcher' });
    return s.dispatch;
  };
  const alerts = () => dispatch().alerts;
  /** Where a drill or a live alert goes: the running carriers, or (admin tools) what the settings choose. */
  const onSimulator = (drill: boolean) => reachesSimulator(s.dispatch?.carrierStatus() ?? carrierKindsOf(s.settings.current()), drill);
  /** An alert with what the caller may do with it now (the console shows buttons from these flags). */
  const asSeenBy = (ctx: HandlerContext) => (alert: Alert) => alertViewFor(alert, { id: ctx.actor().id, role: ctx.session().user.role });
  const backupsOrFail = () => {
    if (!s.backups) throw new AppError('unavailable', 'This engine makes no backups (an admin tool)', { code: 'backups.unavailable' });
    return s.backups;
  };
  return {
    ...s.integrations,
    'auth.status': async () => ({
      needsSetup: await s.auth.needsSetup(),
      version: s.version,
      defaultLanguage: s.settings.current().defaultLanguage,
    }),
    'auth.setup': async (input, ctx) => {
      const result = await s.auth.setup(input, ctx.conn.client);
      await ctx.signIn(result.token);
      return result;
    },
    'auth.login': async (input, ctx) => {
      const result = await s.auth.login(input.username, input.password, ctx.conn.client);
      await ctx.signIn(result.token);
      return result;
    },
    'auth.resume': async (input, ctx) => {
      const session = await s.auth.resume(input.token);
      if (!session) {
        ctx.signOut();
        throw new AppError('unauthenticated', 'The session has ended; sign in again', { code: 'auth.session_ended' });
      }
      await ctx.signIn(input.token);
      return toUserDto(session.user);
    },
    'auth.local': async (input, ctx) => {
      if (!s.local.matches(input.token)) {
        throw new AppError('unauthenticated', 'That is not this engine\'s local token', { code: 'auth.bad_local_token' });
      }
      await ctx.signIn(input.token);
      return { ok: true };
    },
    'auth.logout': async (_input, ctx) => {
      const session = ctx.session();
      s.imports.endSession([session.tokenHash]);
      // Signed out before the session ends: the transports then end only the session's other tabs.
      ctx.signOut();
      await s.auth.logout(session);
      return { ok: true };
    },
    'auth.me': (_input, ctx) => toUserDto(ctx.session().user),
    'auth.checkPassword': async (input, ctx) => {
      // Anyone may ask on the first-run screen; afterwards only someone signed in, so the
      // estimator (a worker thread, up to a few hundred ms per estimate) is not open to every client.
      if (!(await s.auth.needsSetup())) ctx.session();
      return { problem: await passwordProblem(input.password, input.username) };
    },
    'auth.changePassword': async (input, ctx) => {
      await s.auth.changePassword(ctx.session(), input.currentPassword, input.newPassword);
      return { ok: true };
    },
    'profile.update': (input, ctx) => s.auth.updateProfile(ctx.session(), input),

    'users.list': () => s.users.list(),
    'users.create': (input, ctx) => s.users.create(input, ctx.actor()),
    'users.update': (input, ctx) => s.users.update(input, ctx.actor()),
    'users.setPassword': async (input, ctx) => {
      await s.users.setPassword(input.id, input.password, ctx.actor());
      return { ok: true };
    },
    'users.unlock': (input, ctx) => s.users.unlock(input.id, ctx.actor()),

    'settings.get': () => s.settings.view(),
    'settings.update': (input, ctx) => s.settings.update(input, ctx.actor()),

    'templates.list': () => s.templates.list(),
    'templates.create': (input, ctx) => s.templates.create(input, ctx.actor()),
    'templates.update': (input, ctx) => s.templates.update(input, ctx.actor()),
    'templates.delete': async (input, ctx) => {
      await s.templates.delete(input.id, ctx.actor());
      return { ok: true };
    },

    'contacts.list': (input) => listContacts(s.store, input),
    'contacts.get': (input) => getContact(s.store, input.id),
    'contacts.tags': () => distinctTags(s.store),
    'contacts.checkNumber': (input) => checkNumberWithOwners(s.store, input.number, input.exceptContactId),
    'contacts.create': (input, ctx) => s.contacts.create(input, ctx.actor()),
    'contacts.update': (input, ctx) => s.contacts.update(input, ctx.actor()),
    'contacts.setActive': (input, ctx) => s.contacts.setActive(input.id, input.active, ctx.actor()),
    'contacts.importBegin': (input, ctx) => s.imports.begin(input, { tokenHashes: ctx.conn.tokenHash ? [ctx.conn.tokenHash] : [] }),
    'contacts.importChunk': (input, ctx) => s.imports.chunk(input, { tokenHashes: ctx.conn.tokenHash ? [ctx.conn.tokenHash] : [] }),
    'contacts.importDiscard': (input, ctx) => {
      s.imports.discard(input.uploadId, { tokenHashes: ctx.conn.tokenHash ? [ctx.conn.tokenHash] : [] });
      return { ok: true };
    },
    'contacts.importPreview': (input, ctx) =>
      s.imports.preview(input, { tokenHashes: ctx.conn.tokenHash ? [ctx.conn.tokenHash] : [] }),
    'contacts.importCommit': (input, ctx) => s.imports.commit(input.importId, ctx.actor()),
    'contacts.export': (input, ctx) => exportContacts(s.store, input, ctx.actor()),

    'groups.list': () => s.groups.list(),
    'groups.create': (input, ctx) => s.groups.create(input, ctx.actor()),
    'groups.update': (input, ctx) => s.groups.update(input, ctx.actor()),
    'groups.delete': async (input, ctx) => {
      await s.groups.delete(input.id, ctx.actor());
      return { ok: true };
    },
    'groups.members': (input) => s.groups.members(input.id),
    'groups.setMembers': (input, ctx) => s.groups.setMembers(input.id, input.contactIds, ctx.actor()),
    'groups.addMembers': (input, ctx) => s.groups.addMembers(input.id, input.contactIds, ctx.actor()),
    'groups.removeMembers': (input, ctx) => s.groups.removeMembers(input.id, input.contactIds, ctx.actor()),

    'alerts.preflight': async (input) => {
      const result = await alerts().preflightAsync(input.draft);
      return { ...result, warnings: [...result.warnings, ...(await dispatch().reachability.warnings(input.draft))] };
    },
    'alerts.launch': async (input, ctx) => {
      // Written at once: the dispatcher holds the first calls until the public URL is checked
      // (dispatch/public-url-wait.ts); a failed check makes calls run inline with polling.
      return asSeenBy(ctx)(await alerts().launchAsync(input, ctx.actor()));
    },
    'alerts.approve': async (input, ctx) => asSeenBy(ctx)(await alerts().approve(input.id, ctx.actor())),
    'alerts.resend': async (input, ctx) => asSeenBy(ctx)(await alerts().resend(input.id, input.to, ctx.actor())),
    'alerts.resolveInDoubt': async (input, ctx) => asSeenBy(ctx)(await alerts().resolveInDoubt(input.attemptId, input.redial, ctx.actor())),
    'alerts.cancel': async (input, ctx) => asSeenBy(ctx)(await alerts().cancel(input.id, ctx.actor())),
    'alerts.get': async (input, ctx) => asSeenBy(ctx)(await alerts().get(input.id)),
    'alerts.list': async (input, ctx) => (await alerts().listAsync(input)).map(asSeenBy(ctx)),
    'alerts.recipients': (input) => recipientRows(s.store, input),
    'alerts.burn': async (input, ctx) => {
      // A message launched to burn may be burned by any operator; erasing any other alert's
      // record of what was said is an admin's decision.
      if (!(await alerts().get(input.id)).burn && !may(ctx.session().user.role, 'alerts.burnAny')) {
        throw new AppError('forbidden', 'Only an admin may burn an alert that was not launched as a burn message', { code: 'alerts.burn_admin_only' });
      }
      await dispatch().burner.burn(input.id, ctx.actor());
      void dispatch().burner.tick(); // the carrier's copies, in the background
      return asSeenBy(ctx)(await alerts().get(input.id));
    },
    'dashboard.get': async () => {
      const d = dispatch();
      const settings = s.settings.current();
      const now = Date.now();
      const health = healthOf({
        settings,
        liveCarrier: d.carrierStatus().live,
        carrierConfigured: d.carrier.account !== '',
        waitingForUplink: d.dispatcher.waitingForUplink,
        webhooks: d.reachability.status(),
        ttsFallback: d.prompts.lastFallback,
        lastBackup: s.backups?.last() ?? null,
        backupsByDatabase: s.backups?.byDatabase() ?? false,
        backupError: s.backups?.lastError()?.message ?? null,
        triggerSources: await sourcesHealth(s.store, now),
        now,
      });
      return dashboardFigures(s.store, { now, timeZone: settings.timeZone, health });
    },
    'alerts.timeline': (input) => recipientTimeline(s.store, input.alertId, input.recipientId),
    'responses.list': (input) => listResponses(s.store, input),

    'secrets.status': () => s.secrets.status(),
    'secrets.set': (input, ctx) => changeSecret(s.store, s.secrets, ctx.actor(), input.name, input.value),
    'secrets.clear': (input, ctx) => changeSecret(s.store, s.secrets, ctx.actor(), input.name, null),

    'carrier.status': () => dispatch().carrierStatus(),
    'webhooks.status': () => dispatch().reachability.status(),
    'webhooks.check': async () => {
      // A settings change may still be opening its tunnel: check the URL the settings now name.
      await dispatch().publicUrl.reconfigure();
      await dispatch().publicUrl.check();
      return dispatch().reachability.status();
    },
    'tts.preview': (input) => {
      const text = spokenText(input.text, { drill: input.drill, language: input.language });
      return dispatch().speech.preview(text, input.language);
    },

    'schedules.list': () => s.schedules.list(),
    'schedules.create': (input, ctx) => s.schedules.create(input, ctx.actor()),
    'schedules.update': (input, ctx) => s.schedules.update(input, ctx.actor()),
    'schedules.delete': async (input, ctx) => {
      await s.schedules.remove(input.id, ctx.actor());
      return { ok: true };
    },
    'schedules.setPaused': (input, ctx) => s.schedules.setPaused(input.id, input.paused, ctx.actor()),
    'schedules.preview': (input) => s.schedules.preview(input.rule, input.count),
    'schedules.runs': (input) => s.schedules.runs(input),

    'logs.list': (input) => listLogs(s.store, input),
    'reports.alert': (input) => alertReport(s.store, input.id, Date.now(), onSimulator),
    'reports.export': (input, ctx) => {
      // Logs are bulk phone-number data: admins export them; an operator exports one alert's report.
      if (input.kind !== 'alert_report' && !may(ctx.session().user.role, 'logs.export')) {
        throw new AppError('forbidden', 'Only an admin may export logs', { code: 'reports.logs_admin_only' });
      }
      return exportReport(s.store, input, ctx.actor(), { pdf: s.pdf, now: Date.now, timeZone: s.settings.current().timeZone, language: ctx.session().user.language, onSimulator });
    },

    'backups.list': () => backupsOrFail().list(),
    'backups.run': async (_input, ctx) => {
      const entry = await backupsOrFail().run('manual');
      await s.store.unit((tx) =>
        recordAudit(tx, ctx.actor(), { action: 'backups.run', target: { type: 'backup', id: entry.fileName }, details: { trigger: 'manual' } }),
      );
      return entry;
    },

    'audit.list': (input) => listAuditEntries(s.store, input),
    'audit.verify': (input) => verifyAuditChain(s.store, input.manifest ?? null),

    'system.info': () => s.systemInfo(),
    'system.cluster': () => s.clusterStatus(),
  };
}
