/** The duty officer's verbs: check, launch, watch, cancel. */
import type { Alert, AlertDraft, ParsedInput, Preflight } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable } from '../db/store';
import { preflightOn, type ResolvedTexts } from '../dispatch/preflight';
import type { AsyncOutcomes, CallToEnd } from '../dispatch/outcomes-async';
import { completeIfDone, settleRecipient } from '../dispatch/outcomes-store';
import { AppError, notFound } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import { textElsewhere } from '../burn/text-elsewhere';
import { getAlert } from './alert-view';
import {
  approvalRow,
  attemptForDecision,
  countOutsideRoster,
  giveUpInDoubt,
  listAlertIds,
  markApproved,
  markCanceled,
  queueResendRound,
  reopenForResend,
  requeueInDoubt,
  templateTexts,
  type TemplateTexts,
} from './alerts-store';
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
  waitingForPublicUrl(alertId: number): boolean | Promise<boolean>;
  /** Whether an alert (a drill or not) goes to a simulator: no real phone rings. */
  onSimulator(drill: boolean): boolean;
}

/** A template fills in whatever text the draft leaves empty. */
function resolveTexts(draft: AlertDraft, template: TemplateTexts | null): ResolvedTexts {
  if (draft.burn && draft.templateId) {
    // A template's words outlive any alert: a message that must be destroyed is written for itself.
    throw new AppError('validation', 'A burn message is written for itself, not taken from a template (the template would keep its text)', {
      code: 'alerts.burn_with_template',
      fields: [{ path: 'templateId', message: 'not with a burn message' }],
    });
  }
  let { voiceText, smsText } = draft;
  let keys = { confirmDigit: '1', declineDigit: '2' };
  if (template) {
    voiceText ||= template.voiceText;
    smsText ||= template.smsText;
    // A template saved before keys were checked may use one key for both: never launch that.
    if (template.confirmDigit !== template.declineDigit) keys = { confirmDigit: template.confirmDigit, declineDigit: template.declineDigit };
  }
  if (draft.channels.includes('voice') && !voiceText)
    throw new AppError('validation', 'A voice alert needs a spoken message', { code: 'alerts.no_voice_text', fields: [{ path: 'voiceText', message: 'required' }] });
  if (draft.channels.includes('sms') && !smsText)
    throw new AppError('validation', 'An SMS alert needs a text', { code: 'alerts.no_sms_text', fields: [{ path: 'smsText', message: 'required' }] });
  return { voiceText, smsText, ...keys };
}

function outsideRosterError(outside: number): AppError {
  return new AppError('validation', `Drills may only reach the drill roster; ${outside} recipients are outside it`, {
    code: 'alerts.outside_drill_roster',
    params: { outside },
    fields: [{ path: 'draft.groupIds', message: 'outside the drill roster' }],
  });
}

export class AlertsService {
  /** Told after a launch that answered a proposal (integrations tell every console). */
  private readonly proposalListeners = new Set<(proposalId: number, alertId: number) => void>();

  constructor(
    private readonly store: Queryable,
    private readonly settings: SettingsService,
    private readonly outcomes: Pick<AsyncOutcomes, 'stopAlert'>,
    private readonly dispatch: DispatchControl,
  ) {}

  private async texts(draft: AlertDraft): Promise<ResolvedTexts> {
    if (draft.burn && draft.templateId) return resolveTexts(draft, null); // refused there
    let template: TemplateTexts | null = null;
    if (draft.templateId) {
      template = (await templateTexts(this.store, draft.templateId)) ?? null;
      if (!template) throw notFound('template', draft.templateId);
    }
    return resolveTexts(draft, template);
  }

  async preflightAsync(draft: AlertDraft): Promise<Preflight> {
    const texts = await this.texts(draft);
    return {
      ...(await preflightOn(this.store, draft, texts, this.settings.current())),
      onSimulator: this.dispatch.onSimulator(draft.drill),
      burnTextElsewhere: draft.burn ? await textElsewhere(this.store, texts) : [],
    };
  }

  /** With a drill roster set, a drill may reach nobody outside it. */
  private async checkRoster(draft: AlertDraft): Promise<void> {
    const roster = this.settings.current().drillRosterGroupId;
    if (!draft.drill || roster === 0) return;
    const outside = await countOutsideRoster(this.store, draft.groupIds, draft.contactIds, roster);
    if (outside > 0) throw outsideRosterError(outside);
  }

  private needsApproval(draft: AlertDraft): (recipients: number) => boolean {
    const { approvalThreshold } = this.settings.current();
    return (recipients) => !draft.drill && approvalThreshold > 0 && recipients > approvalThreshold;
  }

  /** `scheduleId` when a schedule launches it: the same checks, pre-flight and approval as by hand. */
  async launchAsync(input: ParsedInput<'alerts.launch'>, actor: Actor, opts: { scheduleId?: number } = {}): Promise<Alert> {
    const texts = await this.texts(input.draft);
    await this.checkRoster(input.draft);
    const { alertId, created } = await launchAlert(
      this.store,
      { ...input, texts, needsApproval: this.needsApproval(input.draft), scheduleId: opts.scheduleId ?? null, onSimulator: this.dispatch.onSimulator(input.draft.drill) },
      actor,
    );
    if (created) this.dispatch.kick();
    if (created && input.proposalId !== undefined) for (const listener of this.proposalListeners) listener(input.proposalId, alertId);
    return this.get(alertId);
  }

  onProposalLaunched(listener: (proposalId: number, alertId: number) => void): () => void {
    this.proposalListeners.add(listener);
    return () => this.proposalListeners.delete(listener);
  }

  get(id: number): Promise<Alert> {
    return getAlert(this.store, id, {
      waitingForUplink: this.dispatch.waitingForUplink(),
      onSimulator: (drill) => this.dispatch.onSimulator(drill),
      waitingForPublicUrl: (alertId) => this.dispatch.waitingForPublicUrl(alertId),
    });
  }

  async listAsync(q: ParsedInput<'alerts.list'>): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (const id of await listAlertIds(this.store, q)) alerts.push(await this.get(id));
    return alerts;
  }

  async approve(id: number, actor: Actor, now = Date.now()): Promise<Alert> {
    await this.store.unit(async (tx) => {
      const row = await approvalRow(tx, id);
      if (!row) throw notFound('alert', id);
      if (row.state !== 'pending_approval') throw new AppError('conflict', `Alert ${id} is not waiting for approval`, { code: 'alerts.not_pending' });
      if (row.createdBy === actor.id) {
        throw new AppError('forbidden', 'Someone other than the person who launched it must approve', { code: 'alerts.self_approval' });
      }
      await markApproved(tx, id, actor.id, now);
      await recordAudit(tx, actor, { action: 'alerts.approve', target: { type: 'alert', id } });
    });
    this.dispatch.kick();
    return this.get(id);
  }

  /**
   * A fresh round for the people the operator names: those still without a confirmation, or
   * those whose every attempt failed. The alert runs again until they are done.
   */
  async resend(id: number, to: 'unconfirmed' | 'failed', actor: Actor, now = Date.now()): Promise<Alert> {
    const queued = await this.store.unit(async (tx) => {
      const alert = await getAlert(tx, id);
      if (alert.state === 'pending_approval') throw new AppError('conflict', 'Approve the alert first', { code: 'alerts.not_approved' });
      refuseIfBurned(alert);
      let count = 0;
      if (alert.channels.includes('voice')) count += await queueResendRound(tx, id, 'voice', to, now);
      if (alert.channels.includes('sms')) count += await queueResendRound(tx, id, 'sms', to, now);
      if (count > 0) await reopenForResend(tx, id, now + alert.policy.expiresAfterMinutes * 60_000);
      await recordAudit(tx, actor, { action: 'alerts.resend', target: { type: 'alert', id }, details: { to, attempts: count } });
      return count;
    });
    if (queued > 0) this.dispatch.kick();
    return this.get(id);
  }

  /** The operator decides for an attempt still in doubt: call again (redial) or let it be. */
  async resolveInDoubt(attemptId: number, redial: boolean, actor: Actor, now = Date.now()): Promise<Alert> {
    const decided = await this.store.unit(async (tx) => {
      const attempt = await attemptForDecision(tx, attemptId);
      if (!attempt) throw notFound('attempt', attemptId);
      if (attempt.state !== 'in_doubt') throw new AppError('conflict', `Attempt ${attemptId} is no longer in doubt`, { code: 'alerts.not_in_doubt' });
      if (redial) refuseIfBurned(await getAlert(tx, attempt.alertId));
      if (redial) {
        await requeueInDoubt(tx, attemptId, now);
      } else {
        await giveUpInDoubt(tx, attemptId, now);
        await settleRecipient(tx, attempt.recipientId);
        await completeIfDone(tx, attempt.alertId, now);
      }
      await recordAudit(tx, actor, { action: 'alerts.resolveInDoubt', target: { type: 'attempt', id: attemptId }, details: { redial } });
      return { alertId: attempt.alertId, recipientId: attempt.recipientId };
    });
    // Every console sees the row change (the write notes it), not only the one that decided.
    if (redial) this.dispatch.kick();
    return this.get(decided.alertId);
  }

  /** Queued attempts stop at once; calls in progress are ended through the carrier. */
  async cancel(id: number, actor: Actor, now = Date.now()): Promise<Alert> {
    const ends = await this.store.unit(async (tx) => {
      if (!(await markCanceled(tx, id, actor.id, now))) {
        await getAlert(tx, id); // not found, if there is no such alert
        throw new AppError('conflict', `Alert ${id} has already ended`, { code: 'alerts.already_ended' });
      }
      const calls = await this.outcomes.stopAlert(tx, id, 'avbrutet av operatör', now, null);
      await recordAudit(tx, actor, { action: 'alerts.cancel', target: { type: 'alert', id }, details: { endedCalls: calls.length } });
      return calls;
    });
    void this.dispatch.endCalls(ends);
    return this.get(id);
  }
}
