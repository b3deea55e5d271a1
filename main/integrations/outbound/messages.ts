/**
 * The messages outgoing webhooks send: deterministic ids (the same event fed twice is the same
 * message), and payloads as Standard Webhooks recommends: `{type, timestamp, data}`.
 */
import type { AlertCounters } from '../../contract';
import { iso, isoOrNull } from '../../db/tx';
import type { FeedAlert, FeedAnswer, FeedProposal } from './feed-store';
import type { SubscriptionRow } from './subscriptions-store';

export type EventType = 'alert.launched' | 'alert.progress' | 'recipient.confirmed' | 'recipient.declined' | 'alert.finished' | 'proposal.created';

/** One event, before it is fanned out to the subscriptions that want it. */
export interface FeedMessage {
  messageId: string;
  eventType: EventType;
  alertId: number | null;
  /** For the subscription's scope (drills, live alerts). */
  drill: boolean;
  /** When it happened: a subscription made later does not get it. */
  at: number;
  /** The payload, built only for messages that will be queued (counters cost reads). */
  build(): Promise<string>;
}

export function payloadOf(type: string, at: number, data: unknown): string {
  return JSON.stringify({ type, timestamp: iso(at), data });
}

/** An alert as integrators see it. Its texts only while it is not burned (a burn blanks them in the outbox too). */
export function alertData(a: FeedAlert, counters: AlertCounters | null, withText: boolean) {
  return {
    id: a.id,
    title: a.title,
    state: a.state,
    drill: a.drill,
    ...(counters ? { counters } : {}),
    createdAt: iso(a.createdAt),
    approvedAt: isoOrNull(a.approvedAt),
    startedAt: isoOrNull(a.startedAt),
    finishedAt: isoOrNull(a.finishedAt),
    burnedAt: isoOrNull(a.burnedAt),
    ...(withText ? { text: a.burnedAt === null ? { voice: a.voiceText, sms: a.smsText } : null } : {}),
  };
}

export const launchedId = (alertId: number) => `msg_alert_${alertId}_launched`;
/** An alert resent after it ended finishes again: each end is its own message. */
export const finishedId = (alertId: number, finishedAt: number) => `msg_alert_${alertId}_finished_${finishedAt}`;
export const progressId = (alertId: number, at: number) => `msg_alert_${alertId}_progress_${at}`;
export const answerId = (a: FeedAnswer) => `msg_recipient_${a.id}_${a.answer}`;
/** A proposal's proposal.created message, by the proposal's id (a burn finds it by that too). */
export const proposalMessageId = (id: number) => `msg_proposal_${id}_created`;
export const proposalId = (p: FeedProposal) => proposalMessageId(p.id);

export function answerData(a: FeedAnswer) {
  return {
    recipient: { id: a.id, contactId: a.contactId, name: a.name, answer: a.answer, via: a.via, at: iso(a.at) },
    alert: { id: a.alertId, title: a.alertTitle, drill: a.drill },
  };
}

/** CAP's Exercise and Test are drills. */
export const proposalIsDrill = (p: FeedProposal) => p.status === 'Exercise' || p.status === 'Test';

export function proposalData(p: FeedProposal) {
  return {
    id: p.id,
    state: p.state,
    format: p.format,
    source: p.sourceKey,
    sender: p.sender,
    externalId: p.externalId,
    status: p.status,
    drill: proposalIsDrill(p),
    event: p.event,
    headline: p.headline,
    area: p.area,
    severity: p.severity,
    urgency: p.urgency,
    rule: p.ruleName,
    alertId: p.alertId,
    receivedAt: iso(p.receivedAt),
  };
}

/** Whether a subscription wants this message: its events, its scope, and made before it happened. */
export function wants(s: SubscriptionRow, m: Pick<FeedMessage, 'eventType' | 'drill' | 'at'>): boolean {
  const events = JSON.parse(s.events) as string[];
  if (!events.includes(m.eventType)) return false;
  if ((s.scope === 'live' && m.drill) || (s.scope === 'drill' && !m.drill)) return false;
  return m.at >= Number(s.createdAt);
}
