/**
 * The one way in for inbound alarms, whatever they came as (CAP 1.2 or JSON): an InboundAlarm and
 * the source it came from (the API key's name) become a proposal, change or withdraw one, or are
 * let go.
 *
 * - A new alarm (msgType Alert): the same (sender, id) within DUPLICATE_WINDOW_MS is the same
 *   alarm (outcome 'duplicate', the same proposal, nothing written). Otherwise the first enabled
 *   rule that matches (rule-match.ts) makes an open proposal whose draft comes from the rule's
 *   template (proposal-draft.ts); no rule matches: 'unmatched', nothing written (logged).
 * - Update and Cancel find the earlier proposal through their references (a CAP reference is
 *   "sender,identifier,sent"; a JSON Update or Cancel refers to its own id). Update: an open
 *   proposal takes the new fields and a new draft; any other only counts it. Cancel: an open
 *   proposal is withdrawn; a launched one asks the operator (cancelRequested) to stop its alert.
 *   An unknown reference is a not_found error and changes nothing.
 * - CAP status System and Draft are not meant for people: never proposed ('unmatched').
 * - A rule marked launchAtOnce launches the new proposal through the alerts service, as the
 *   source (the API key), with the same pre-flight checks and approval rules as by hand and a
 *   launch key derived from the proposal (a repeat is the same alert). When it cannot (no draft,
 *   a refusal), the proposal stays open and the outcome says 'proposed'.
 *
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
  replaceAlarm,
  setCancelRequested,
  type AlarmColumns,
  type ProposalRow,
} from './proposals-store';
import { firstMatchingRule } from './rule-match';

/**
 * How long the same alarm (sender and id) is one proposal. A constant rather than a setting: a
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

/** An Update's or Cancel's references as (sender, id) pairs: CAP triples name their sender; a bare id is the alarm's own sender's. */
export function referencesOf(alarm: InboundAlarm): Array<{ sender: string; externalId: string }> {
  return alarm.references
    .map((ref) => {
      const parts = ref.split(',').map((p) => p.trim());
      return parts.length >= 3 ? { sender: parts[0]!, externalId: parts[1]! } : { sender: alarm.sender, externalId: ref.trim() };
    })
    .filter((r) => r.externalId !== '');
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
    if (alarm.msgType !== 'Alert') return this.followUp(alarm, templates, log);

    const rule = firstMatchingRule(await this.d.rules(), alarm);
    const template = rule ? (templates.find((t) => t.id === rule.templateId) ?? null) : null;
    const draft = rule ? proposalDraft(template, alarm) : null;
    const at = this.now();
    const result = await this.d.store.unit(async (tx) => {
      // Checked and written in one unit: two copies of an alarm arriving together are one proposal.
      const earlier = await proposalOfAlarm(tx, alarm.sender, alarm.externalId, at - DUPLICATE_WINDOW_MS);
      if (earlier) return { outcome: 'duplicate', proposalId: earlier.id, alertId: earlier.alertId } as const;
      if (!rule) return { outcome: 'unmatched', ...NONE } as const;
      const id = await insertProposal(
        tx,
        {
          ...alarmColumns(alarm),
          format: alarm.format,
          sourceKey: source,
          sender: alarm.sender,
          externalId: alarm.externalId,
          ruleId: rule.id,
          ruleName: rule.name,
          templateId: template?.id ?? null,
          draft: draft ? JSON.stringify(draft) : null,
        },
        at,
      );
      return { outcome: 'proposed', proposalId: id, alertId: null } as const;
    });
    if (result.outcome === 'unmatched') log.info('inbound alarm matched no rule: not proposed');
    if (result.outcome === 'duplicate') log.info({ proposal: result.proposalId }, 'inbound alarm repeated within the window: the same proposal');
    if (result.outcome !== 'proposed') return result;

    log.info({ proposal: result.proposalId, rule: rule!.id }, 'inbound alarm proposed');
    this.changed([result.proposalId], [result.proposalId]);
    if (!rule!.launchAtOnce) return result;
    return this.launchAtOnce(result.proposalId, draft, actor, log);
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

  /** Update and Cancel of an earlier alarm. */
  private async followUp(alarm: InboundAlarm, templates: Template[], log: Logger): Promise<TriggerResult> {
    const refs = referencesOf(alarm);
    const at = this.now();
    const result = await this.d.store.unit(async (tx) => {
      const p = await proposalByReference(tx, refs);
      if (!p) {
        const named = refs.map((r) => `${r.sender}/${r.externalId}`).join(', ') || 'none';
        throw new AppError('not_found', `No proposal for the alarm this ${alarm.msgType} refers to (references: ${named})`, {
          code: 'triggers.unknown_reference',
          params: { msgType: alarm.msgType, references: named },
        });
      }
      return alarm.msgType === 'Update' ? this.update(tx, p, alarm, templates, at) : this.cancel(tx, p, at);
    });
    log.info({ proposal: result.proposalId, outcome: result.outcome }, `inbound ${alarm.msgType} applied`);
    if (result.proposalId !== null) this.changed([result.proposalId]);
    return result;
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
