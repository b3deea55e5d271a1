/**
 * The one way in for inbound alarms, whatever they came as (CAP 1.2 or JSON): an InboundAlarm and
 * the source it came from (the API key's name) become a proposal, change or withdraw one, or are
 * let go. Every message applied to a proposal is recorded with it (proposal_messages: its first
 * message, each Update and Cancel), by sender and identifier; later messages are matched there.
 *
 * - A message already applied (the same sender and identifier within DUPLICATE_WINDOW_MS) is a
 *   repeat: outcome 'duplicate', the same proposal, nothing written. That holds for an Alert, an
 *   Update and a Cancel alike. A JSON Update or Cancel has no identifier of its own (it carries
 *   its alarm's id, which is also its reference), so it cannot be told from a new one: each is applied.
 * - A new alarm (msgType Alert): the first enabled rule that matches (rule-match.ts) makes an open
 *   proposal whose draft comes from the rule's template (proposal-draft.ts); no rule matches:
 *   'unmatched', nothing written (logged).
 * - Update and Cancel find the earlier proposal through their references: any message applied to
 *   it (a CAP reference is "sender,identifier,sent", so a Cancel may name the Update before it
 *   rather than the first Alert; a JSON Update or Cancel refers to its own id with its sender).
 *   Update: an open proposal takes the new fields and a new draft; any other only counts it.
 *   Cancel: an open proposal is withdrawn; a launched one asks the operator (cancelRequested) to
 *   stop its alert.
 * - An Update whose references are all unknown is of an alarm GDial never received (the source
 *   joined mid-stream, or its first Alert matched no rule): it is taken as a new alarm and goes
 *   through the rules like an Alert; the messages it names join its chain. A Cancel of an unknown alarm has nothing to withdraw: a
 *   not_found error (triggers.unknown_reference) that changes nothing.
 * - Repeats and references are matched within one source (the API key's name) only. Senders and
 *   identifiers are whatever the sending system writes, and another source (another key, another
 *   operator) may use the same ones, by accident or not: it must not update, withdraw or be folded
 *   into a proposal it did not start. Its message is treated as that source's own (a new alarm, or
 *   an unknown reference).
 * - CAP status System and Draft are not meant for people: never proposed ('unmatched').
 * - A rule marked launchAtOnce launches the new proposal through the alerts service, as the
 *   source (the API key), with the same pre-flight checks and approval rules as by hand and a
 *   launch key derived from the proposal (a repeat is the same alert). When it cannot (no draft,
 *   a refusal), the proposal stays open and the outcome says 'proposed'.
 *
 * Each message is checked and applied in one unit: two copies arriving together are one.
 * Every change publishes 'proposals.changed'.
 */
import type { AlertDraft, Template, TriggerResult, TriggerRule } from '../../contract';
import type { Actor } from '../../audit/audit-log';
import type { Queryable, Store } from '../../db/store';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../log';
import type { AlertsService } from '../../alerts/alerts-service';
import type { InboundAlarm } from './inbound-alarm';
import { proposalDraft } from './proposal-draft';
import {
  countUpdate,
  insertProposal,
  moveState,
  proposalByReference,
  proposalOfAlarm,
  recordMessage,
  replaceAlarm,
  setCancelRequested,
  type AlarmColumns,
  type ProposalRow,
} from './proposals-store';
import { firstMatchingRule } from './rule-match';

/**
 * How long the same message (sender and identifier, from one source) is a repeat. A constant rather than a setting: a
 * source repeating an alarm does so within minutes or hours, and a day keeps every repeat of a
 * real incident together while letting a source reuse its ids (some count per day) afterwards.
 */
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

/** The launch key of a proposal launched at once: a retry after a crash or a repeat is the same alert. */
export const launchKeyOf = (proposalId: number) => `gdial-proposal-${proposalId}`;

export interface TriggerDeps {
  store: Store;
  bus: EventBus;
  log: Logger;
  /** Templates by id, as the console sees them (read before a unit, never inside one). */
  templates: () => Promise<Template[]>;
  rules: () => Promise<TriggerRule[]>;
  /** Null in admin tools (no dispatcher): nothing is launched at once. */
  alerts: () => AlertsService | null;
  now?: () => number;
}

const NONE = { proposalId: null, alertId: null } as const;

/** What an alarm proposes if it is new: the first matching rule (null: none), its template and the draft. */
interface Fresh {
  rule: TriggerRule | null;
  template: Template | null;
  draft: AlertDraft | null;
}

const alarmColumns = (a: InboundAlarm): AlarmColumns => ({
  msgType: a.msgType,
  status: a.status,
  event: a.event,
  headline: a.headline,
  description: a.description,
  area: a.area,
  severity: a.severity,
  urgency: a.urgency,
  document: a.document,
});

export class TriggerService {
  private readonly now: () => number;

  constructor(private readonly d: TriggerDeps) {
    this.now = d.now ?? Date.now;
  }

  private changed(ids: number[], created: number[] = []): void {
    this.d.bus.emit('proposals.changed', { ids, created });
  }

  async receive(alarm: InboundAlarm, source: string, actor: Actor): Promise<TriggerResult> {
    const log = this.d.log.child({ source, sender: alarm.sender, externalId: alarm.externalId, msgType: alarm.msgType });
    if (alarm.status === 'System' || alarm.status === 'Draft') {
      log.info({ status: alarm.status }, 'inbound alarm not meant for people (CAP System/Draft): not proposed');
      return { outcome: 'unmatched', ...NONE };
    }
    const templates = await this.d.templates();
    // What the alarm would propose if it turns out to be new (an Alert, or an Update of an unknown
    // alarm); read before the unit, which must await only its own work. A Cancel never proposes.
    const rule = alarm.msgType === 'Cancel' ? null : firstMatchingRule(await this.d.rules(), alarm);
    const template = rule ? (templates.find((t) => t.id === rule.templateId) ?? null) : null;
    const fresh: Fresh = { rule, template, draft: rule ? proposalDraft(template, alarm) : null };
    const at = this.now();
    const result = await this.d.store.unit((tx) => this.apply(tx, alarm, source, fresh, templates, at));

    if (result.outcome === 'unmatched') log.info('inbound alarm matched no rule: not proposed');
    if (result.outcome === 'duplicate') log.info({ proposal: result.proposalId }, 'inbound message repeated within the window: the same proposal, nothing changed');
    if (result.outcome === 'unmatched' || result.outcome === 'duplicate') return result;
    if (result.outcome !== 'proposed') {
      log.info({ proposal: result.proposalId, outcome: result.outcome }, `inbound ${alarm.msgType} applied`);
      this.changed([result.proposalId!]);
      return result;
    }
    log.info({ proposal: result.proposalId, rule: rule!.id }, alarm.msgType === 'Alert' ? 'inbound alarm proposed' : 'inbound Update of an alarm never received: proposed as a new alarm');
    this.changed([result.proposalId!], [result.proposalId!]);
    if (!rule!.launchAtOnce) return result;
    return this.launchAtOnce(result.proposalId!, fresh.draft, actor, log);
  }

  /** Inside the unit: a repeat, a follow-up of a proposal, or a new alarm. */
  private async apply(tx: Queryable, alarm: InboundAlarm, source: string, fresh: Fresh, templates: Template[], at: number): Promise<TriggerResult> {
    const refs = alarm.references;
    // A JSON Update or Cancel names its alarm's id as its own: that is a reference, not a repeat.
    const namesItself = refs.some((r) => r.sender === alarm.sender && r.externalId === alarm.externalId);
    if (!namesItself) {
      const earlier = await proposalOfAlarm(tx, source, alarm.sender, alarm.externalId, at - DUPLICATE_WINDOW_MS);
      if (earlier) return { outcome: 'duplicate', proposalId: earlier.id, alertId: earlier.alertId };
    }
    if (alarm.msgType !== 'Alert') {
      const p = await proposalByReference(tx, source, refs);
      if (p) {
        await recordMessage(tx, p.id, alarm, at);
        return alarm.msgType === 'Update' ? this.update(tx, p, alarm, templates, at) : this.cancel(tx, p, at);
      }
      if (alarm.msgType === 'Cancel') {
        const named = refs.map((r) => `${r.sender}/${r.externalId}`).join(', ') || 'none';
        throw new AppError('not_found', `No proposal for the alarm this Cancel refers to (references: ${named})`, {
          code: 'triggers.unknown_reference',
          params: { msgType: alarm.msgType, references: named },
        });
      }
      // An Update of an alarm never received: a new alarm, below.
    }
    if (!fresh.rule) return { outcome: 'unmatched', ...NONE };
    const id = await insertProposal(
      tx,
      {
        ...alarmColumns(alarm),
        format: alarm.format,
        sourceKey: source,
        sender: alarm.sender,
        externalId: alarm.externalId,
        ruleId: fresh.rule.id,
        ruleName: fresh.rule.name,
        templateId: fresh.template?.id ?? null,
        draft: fresh.draft ? JSON.stringify(fresh.draft) : null,
      },
      at,
    );
    // An Update of an alarm never received: the messages it names belong to the same chain, so a
    // later Cancel (or a late copy of the first Alert) that names only those still finds this one.
    for (const r of alarm.msgType === 'Update' ? refs : []) {
      await recordMessage(tx, id, { sender: r.sender, externalId: r.externalId, msgType: 'Referenced' }, at);
    }
    return { outcome: 'proposed', proposalId: id, alertId: null };
  }

  /** A rule's "launch at once": the alerts service decides as for any launch; a refusal leaves the proposal open. */
  private async launchAtOnce(proposalId: number, draft: AlertDraft | null, actor: Actor, log: Logger): Promise<TriggerResult> {
    const alerts = this.d.alerts();
    const open = { outcome: 'proposed', proposalId, alertId: null } as const;
    if (!draft || !alerts) {
      log.warn({ proposal: proposalId, reason: draft ? 'no dispatcher' : 'no draft' }, 'launch at once: not launched; the proposal waits for an operator');
      return open;
    }
    try {
      const alert = await alerts.launchAsync({ launchKey: launchKeyOf(proposalId), draft, proposalId }, actor);
      log.info({ proposal: proposalId, alert: alert.id, state: alert.state }, 'launch at once: launched');
      return { outcome: 'launched', proposalId, alertId: alert.id };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      log.warn({ proposal: proposalId, code: error.code, err: error.message }, 'launch at once: refused; the proposal waits for an operator');
      return open;
    }
  }

  private async update(tx: Queryable, p: ProposalRow, alarm: InboundAlarm, templates: Template[], at: number): Promise<TriggerResult> {
    if (p.state === 'open') {
      const template = templates.find((t) => t.id === p.templateId) ?? null;
      const draft = proposalDraft(template, alarm);
      await replaceAlarm(tx, p.id, alarmColumns(alarm), draft ? JSON.stringify(draft) : null, at);
    } else {
      // Launched (or closed): what was launched stands; the update is recorded for the operator.
      await countUpdate(tx, p.id, at);
    }
    return { outcome: 'updated', proposalId: p.id, alertId: p.alertId };
  }

  private async cancel(tx: Queryable, p: ProposalRow, at: number): Promise<TriggerResult> {
    if (p.state === 'launched') {
      if (!p.cancelRequested) await setCancelRequested(tx, p.id, true, at);
      return { outcome: 'cancel_requested', proposalId: p.id, alertId: p.alertId };
    }
    // Open: withdrawn. Already withdrawn or dismissed: nothing left to withdraw (said the same way).
    await moveState(tx, p.id, ['open'], 'withdrawn', at);
    return { outcome: 'withdrawn', proposalId: p.id, alertId: p.alertId };
  }
}
