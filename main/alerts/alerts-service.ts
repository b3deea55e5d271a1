/** The duty officer's verbs: check, launch, watch, cancel. */
import { sql } from 'drizzle-orm';
import type { Alert, AlertDraft, ParsedInput, Preflight } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { preflight, type ResolvedTexts } from '../dispatch/preflight';
import type { Outcomes, CallToEnd } from '../dispatch/outcomes';
import { AppError, notFound } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import { findTextElsewhere } from '../burn/text-elsewhere';
import { getAlert } from './alert-view';
import { launchAlert } from './launch';

/** A burned message has nothing left to say: nobody may be called or texted with it again. */
function refuseIfBurned(alert: Alert): void {
  if (alert.burn?.burnedAt) {
    throw new AppError('conflict', `Alert ${alert.id} was burned: its message no longer exists and cannot be sent again`, { code: 'alerts.burned' });
  }
}

export interface DispatchControl {
  kick(): void;
  endCalls(calls: CallToEnd[]): Promise<void>;
  waitingForUplink(): boolean;
  /** Whether an alert's first calls wait for the public URL's check (dispatch/public-url-wait.ts). */
  waitingForPublicUrl(alertId: number): boolean;
  /** Whether an alert (a drill or not) goes to a simulator: no real phone rings. */
  onSimulator(drill: boolean): boolean;
}

export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly outcomes: Outcomes,
    private readonly dispatch: DispatchControl,
  ) {}

  /** A template fills in whatever text the draft leaves empty. */
  private texts(draft: AlertDraft): ResolvedTexts {
    if (draft.burn && draft.templateId) {
      // A template's words outlive any alert: a message that must be destroyed is written for itself.
      throw new AppError('validation', 'A burn message is written for itself, not taken from a template (the template would keep its text)', {
        code: 'alerts.burn_with_template',
        fields: [{ path: 'templateId', message: 'not with a burn message' }],
      });
    }
    let { voiceText, smsText } = draft;
    let keys = { confirmDigit: '1', declineDigit: '2' };
    if (draft.templateId) {
      const t = this.db.get<{ voice_text: string; sms_text: string; confirm_digit: string; decline_digit: string } | undefined>(
        sql`SELECT voice_text, sms_text, confirm_digit, decline_digit FROM templates WHERE id = ${draft.templateId}`,
      );
      if (!t) throw notFound('template', draft.templateId);
      voiceText ||= t.voice_text;
      smsText ||= t.sms_text;
      // A template saved before keys were checked may use one key for both: never launch that.
      if (t.confirm_digit !== t.decline_digit) keys = { confirmDigit: t.confirm_digit, declineDigit: t.decline_digit };
    }
    if (draft.channels.includes('voice') && !voiceText)
      throw new AppError('validation', 'A voice alert needs a spoken message', { code: 'alerts.no_voice_text', fields: [{ path: 'voiceText', message: 'required' }] });
    if (draft.channels.includes('sms') && !smsText)
      throw new AppError('validation', 'An SMS alert needs a text', { code: 'alerts.no_sms_text', fields: [{ path: 'smsText', message: 'required' }] });
    return { voiceText, smsText, ...keys };
  }

  preflight(draft: AlertDraft): Preflight {
    const texts = this.texts(draft);
    return {
      ...preflight(this.db, draft, texts, this.settings.current()),
      onSimulator: this.dispatch.onSimulator(draft.drill),
      burnTextElsewhere: draft.burn ? findTextElsewhere(this.db, texts) : [],
    };
  }

  /** With a drill roster set, a drill may reach nobody outside it. */
  private checkRoster(draft: AlertDraft) {
    const roster = this.settings.current().drillRosterGroupId;
    if (!draft.drill || roster === 0) return;
    const outside = this.db.get<{ n: number }>(sql`
      SELECT COUNT(*) AS n FROM (
        SELECT contact_id AS id FROM group_members WHERE group_id IN (${sql.join([0, ...draft.groupIds].map((g) => sql`${g}`), sql`, `)})
        UNION SELECT value FROM json_each(${JSON.stringify(draft.contactIds)}))
      WHERE id NOT IN (SELECT contact_id FROM group_members WHERE group_id = ${roster})`).n;
    if (outside > 0) {
      throw new AppError('validation', `Drills may only reach the drill roster; ${outside} recipients are outside it`, {
        code: 'alerts.outside_drill_roster',
        params: { outside },
        fields: [{ path: 'draft.groupIds', message: 'outside the drill roster' }],
      });
    }
  }

  /** `scheduleId` when a schedule launches it: the same checks, pre-flight and approval as by hand. */
  launch(input: ParsedInput<'alerts.launch'>, actor: Actor, opts: { scheduleId?: number } = {}): Alert {
    const texts = this.texts(input.draft);
    this.checkRoster(input.draft);
    const { approvalThreshold } = this.settings.current();
    const needsApproval = (recipients: number) => !input.draft.drill && approvalThreshold > 0 && recipients > approvalThreshold;
    const { alertId, created } = launchAlert(
      this.db,
      { ...input, texts, needsApproval, scheduleId: opts.scheduleId ?? null, onSimulator: this.dispatch.onSimulator(input.draft.drill) },
      actor,
    );
    if (created) this.dispatch.kick();
    return this.get(alertId);
  }

  get(id: number): Alert {
    return getAlert(this.db, id, this.dispatch.waitingForUplink(), (drill) => this.dispatch.onSimulator(drill), (alertId) => this.dispatch.waitingForPublicUrl(alertId));
  }

  list(q: ParsedInput<'alerts.list'>): Alert[] {
    const active = q.active === undefined ? sql`` : q.active ? sql`AND state IN ('pending_approval', 'queued', 'running')` : sql`AND state NOT IN ('pending_approval', 'queued', 'running')`;
    const before = q.beforeId ? sql`AND id < ${q.beforeId}` : sql``;
    return this.db
      .all<{ id: number }>(sql`SELECT id FROM alerts WHERE 1 = 1 ${active} ${before} ORDER BY id DESC LIMIT ${q.limit}`)
      .map((r) => this.get(r.id));
  }

  approve(id: number, actor: Actor, now = Date.now()): Alert {
    inTransaction(this.db, () => {
      const row = this.db.get<{ state: string; created_by: number | null } | undefined>(sql`SELECT state, created_by FROM alerts WHERE id = ${id}`);
      if (!row) throw notFound('alert', id);
      if (row.state !== 'pending_approval') throw new AppError('conflict', `Alert ${id} is not waiting for approval`, { code: 'alerts.not_pending' });
      if (row.created_by === actor.id) {
        throw new AppError('forbidden', 'Someone other than the person who launched it must approve', { code: 'alerts.self_approval' });
      }
      this.db.run(sql`UPDATE alerts SET state = 'queued', approved_by = ${actor.id}, approved_at = ${now} WHERE id = ${id}`);
      appendAudit(this.db, actor, { action: 'alerts.approve', target: { type: 'alert', id } });
    });
    this.dispatch.kick();
    return this.get(id);
  }

  /**
   * A fresh round for the people the operator names: those still without a confirmation, or
   * those whose every attempt failed. The alert runs again until they are done.
   */
  resend(id: number, to: 'unconfirmed' | 'failed', actor: Actor, now = Date.now()): Alert {
    const queued = inTransaction(this.db, () => {
      const alert = getAlert(this.db, id);
      if (alert.state === 'pending_approval') throw new AppError('conflict', 'Approve the alert first', { code: 'alerts.not_approved' });
      refuseIfBurned(alert);
      const who =
        to === 'unconfirmed'
          ? sql`r.state IN ('pending', 'unreached', 'canceled')`
          : sql`r.state IN ('pending', 'unreached') AND NOT EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id AND d.state IN ('completed', 'in_progress', 'ringing'))`;
      // Nobody already has something queued or under way: resending never doubles a call.
      const idle = sql`NOT EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id AND d.state IN ('queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt'))`;
      const round = sql`COALESCE((SELECT MAX(cycle) + 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id), 0)`;
      let count = 0;
      if (alert.channels.includes('voice')) {
        count += this.db.run(sql`
          INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
          SELECT r.alert_id, r.id, 'voice', json_extract(r.voice_numbers, '$[0]'), ${round}, 0, 'queued', ${now}, ${now}, ${now}
          FROM alert_recipients r WHERE r.alert_id = ${id} AND r.voice_numbers <> '[]' AND ${who} AND ${idle}`).changes;
      }
      if (alert.channels.includes('sms')) {
        count += this.db.run(sql`
          INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
          SELECT r.alert_id, r.id, 'sms', r.sms_number, ${round}, 0, 'queued', ${now}, ${now}, ${now}
          FROM alert_recipients r WHERE r.alert_id = ${id} AND r.sms_number IS NOT NULL AND ${who} AND ${idle}`).changes;
      }
      if (count > 0) {
        this.db.run(sql`UPDATE alert_recipients SET state = 'pending' WHERE alert_id = ${id} AND state IN ('unreached', 'canceled')
          AND id IN (SELECT recipient_id FROM dispatch_attempts WHERE alert_id = ${id} AND state = 'queued')`);
        this.db.run(sql`UPDATE alerts SET state = 'running', finished_at = NULL,
          expires_at = MAX(COALESCE(expires_at, 0), ${now + alert.policy.expiresAfterMinutes * 60_000}) WHERE id = ${id}`);
      }
      appendAudit(this.db, actor, { action: 'alerts.resend', target: { type: 'alert', id }, details: { to, attempts: count } });
      return count;
    });
    if (queued > 0) this.dispatch.kick();
    return this.get(id);
  }

  /** The operator decides for an attempt still in doubt: call again (redial) or let it be. */
  resolveInDoubt(attemptId: number, redial: boolean, actor: Actor, now = Date.now()): Alert {
    const decided = inTransaction(this.db, () => {
      const attempt = this.db.get<{ alert_id: number; recipient_id: number; state: string } | undefined>(
        sql`SELECT alert_id, recipient_id, state FROM dispatch_attempts WHERE id = ${attemptId}`,
      );
      if (!attempt) throw notFound('attempt', attemptId);
      if (attempt.state !== 'in_doubt') throw new AppError('conflict', `Attempt ${attemptId} is no longer in doubt`, { code: 'alerts.not_in_doubt' });
      if (redial) refuseIfBurned(getAlert(this.db, attempt.alert_id));
      if (redial) {
        this.db.run(sql`UPDATE dispatch_attempts SET state = 'queued', not_before = ${now}, error_message = 'ringer igen på operatörens beslut', updated_at = ${now} WHERE id = ${attemptId}`);
      } else {
        this.db.run(sql`UPDATE dispatch_attempts SET state = 'failed', status_rank = 5, finished_at = ${now}, updated_at = ${now},
          error_message = 'oklart om samtalet gick fram; operatören valde att inte ringa igen' WHERE id = ${attemptId}`);
        this.outcomes.settleRecipient(attempt.recipient_id);
        this.outcomes.completeIfDone(attempt.alert_id, now);
      }
      appendAudit(this.db, actor, { action: 'alerts.resolveInDoubt', target: { type: 'attempt', id: attemptId }, details: { redial } });
      return { alertId: attempt.alert_id, recipientId: attempt.recipient_id };
    });
    // Every console sees the row change (the write notes it), not only the one that decided.
    if (redial) this.dispatch.kick();
    return this.get(decided.alertId);
  }

  /** Queued attempts stop at once; calls in progress are ended through the carrier. */
  cancel(id: number, actor: Actor, now = Date.now()): Alert {
    const ends = inTransaction(this.db, () => {
      const changed = this.db.run(sql`
        UPDATE alerts SET state = 'canceled', canceled_by = ${actor.id}, finished_at = ${now}
        WHERE id = ${id} AND state IN ('pending_approval', 'queued', 'running')`).changes;
      if (!changed) {
        getAlert(this.db, id);
        throw new AppError('conflict', `Alert ${id} has already ended`, { code: 'alerts.already_ended' });
      }
      const calls = this.outcomes.stopAlert(id, 'avbrutet av operatör', now, null);
      appendAudit(this.db, actor, { action: 'alerts.cancel', target: { type: 'alert', id }, details: { endedCalls: calls.length } });
      return calls;
    });
    void this.dispatch.endCalls(ends);
    return this.get(id);
  }
}
