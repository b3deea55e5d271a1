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
import { getAlert } from './alert-view';
import { launchAlert } from './launch';

export interface DispatchControl {
  kick(): void;
  endCalls(calls: CallToEnd[]): Promise<void>;
  touched(alertId: number): void;
  waitingForUplink(): boolean;
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
    let { voiceText, smsText } = draft;
    if (draft.templateId && (!voiceText || !smsText)) {
      const t = this.db.get<{ voice_text: string; sms_text: string } | undefined>(sql`SELECT voice_text, sms_text FROM templates WHERE id = ${draft.templateId}`);
      if (!t) throw notFound('template', draft.templateId);
      voiceText ||= t.voice_text;
      smsText ||= t.sms_text;
    }
    if (draft.channels.includes('voice') && !voiceText)
      throw new AppError('validation', 'A voice alert needs a spoken message', { code: 'alerts.no_voice_text', fields: [{ path: 'voiceText', message: 'required' }] });
    if (draft.channels.includes('sms') && !smsText)
      throw new AppError('validation', 'An SMS alert needs a text', { code: 'alerts.no_sms_text', fields: [{ path: 'smsText', message: 'required' }] });
    return { voiceText, smsText };
  }

  preflight(draft: AlertDraft): Preflight {
    return preflight(this.db, draft, this.texts(draft), this.settings.current());
  }

  launch(input: ParsedInput<'alerts.launch'>, actor: Actor): Alert {
    const texts = this.texts(input.draft);
    const { approvalThreshold } = this.settings.current();
    const needsApproval = (recipients: number) => !input.draft.drill && approvalThreshold > 0 && recipients > approvalThreshold;
    const { alertId, created } = launchAlert(this.db, { ...input, texts, needsApproval }, actor);
    if (created) {
      this.dispatch.kick();
      this.dispatch.touched(alertId);
    }
    return this.get(alertId);
  }

  get(id: number): Alert {
    return getAlert(this.db, id, this.dispatch.waitingForUplink());
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
    this.dispatch.touched(id);
    return this.get(id);
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
    this.dispatch.touched(id);
    return this.get(id);
  }
}
