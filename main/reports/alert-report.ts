/**
 * One alert's report, every figure computed from the ledger (recipients, attempts, responses'
 * outcomes on the recipient rows), read in one snapshot so figures and rows agree.
 *
 * Definitions, where the contract leaves room:
 * - reached: a call answered by a person (not an answering machine or fax), a text delivered, or
 *   an answer given (someone who pressed 1 or replied JA got the message, receipt or not).
 * - failed / inDoubt: recipients with at least one failed/busy/no-answer, resp. in-doubt, attempt.
 * - callsPlaced / smsSent: attempts the carrier accepted (it gave a SID), stand-down texts
 *   included; callsAnswered counts every pick-up, machines included; smsDelivered: receipts.
 * - attempts (per recipient): alert attempts GDial handed to the carrier or tried to.
 */
import { escalationPolicySchema, type AlertReport, type Channel } from '../contract';
import type { Queryable } from '../db/store';
import { iso, isoOrNull } from '../db/tx';
import { notFound } from '../errors';
import { attemptReason, FAILED_STATES } from '../dispatch/carrier-reasons';
import { alertReportRows, type AlertReportRows, type ReportAttemptRow, type ReportRecipientRow } from './reports-store';

type Recipient = AlertReport['recipients'][number];

const isMachine = (answeredBy: string | null) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');
const minOf = (values: Array<number | null>): number | null =>
  values.reduce<number | null>((min, v) => (v !== null && (min === null || v < min) ? v : min), null);
/** Whole seconds, computed once here: the console, the CSV and the PDF all print this value. */
const seconds = (fromMs: number, toMs: number) => Math.max(0, Math.round((toMs - fromMs) / 1000));

/**
 * `onSimulator`: the engine's answer whether a drill, or a live alert, goes to a simulator. Reads
 * in one unit so figures and rows are one moment's; nested inside a caller's unit, a savepoint.
 */
export async function alertReport(q: Queryable, alertId: number, now: number, onSimulator: (drill: boolean) => boolean): Promise<AlertReport> {
  const rows = await q.unit((tx) => alertReportRows(tx, alertId));
  if (!rows) throw notFound('alert', alertId);
  return build(rows, now, onSimulator);
}

function build({ alert, recipients: people, attempts }: AlertReportRows, now: number, onSimulator: (drill: boolean) => boolean): AlertReport {
  const byRecipient = new Map<number, ReportAttemptRow[]>();
  for (const a of attempts) {
    const list = byRecipient.get(a.recipientId) ?? [];
    list.push(a);
    byRecipient.set(a.recipientId, list);
  }

  const recipients = people.map((p) => recipientOf(p, byRecipient.get(p.id) ?? []));
  const start = alert.startedAt ?? alert.createdAt;
  const confirmations = people
    .map((p) => (p.state === 'confirmed' ? p.confirmedAt : null))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const quorum = escalationPolicySchema.parse(JSON.parse(alert.policy)).quorum;
  const count = (state: Recipient['state']) => recipients.filter((r) => r.state === state).length;
  const sent = (channel: Channel) => attempts.filter((a) => a.channel === channel && a.carrierSid !== null).length;

  return {
    alert: {
      id: alert.id,
      title: alert.title,
      drill: alert.drill === 1,
      onSimulator: alert.onSimulator === null ? onSimulator(alert.drill === 1) : alert.onSimulator === 1,
      state: alert.state,
      channels: JSON.parse(alert.channels) as Channel[],
      createdAt: iso(alert.createdAt),
      startedAt: isoOrNull(alert.startedAt),
      finishedAt: isoOrNull(alert.finishedAt),
      createdBy: alert.createdBy,
      approvedBy: alert.approvedBy,
      contentSha256: alert.contentSha256 ?? alert.burnSha256,
      burnedAt: isoOrNull(alert.burnedAt),
    },
    figures: {
      recipients: recipients.length,
      reached: recipients.filter((r) => r.reachedAt !== null).length,
      confirmed: count('confirmed'),
      declined: count('declined'),
      unreached: count('unreached'),
      canceled: count('canceled'),
      failed: recipients.filter((r) => r.failures.length > 0).length,
      inDoubt: recipients.filter((r) => r.inDoubt).length,
      callsPlaced: sent('voice'),
      callsAnswered: attempts.filter((a) => a.channel === 'voice' && a.answeredAt !== null).length,
      smsSent: sent('sms'),
      smsDelivered: attempts.filter((a) => a.channel === 'sms' && a.state === 'completed').length,
      firstConfirmationSeconds: confirmations.length > 0 ? seconds(start, confirmations[0]!) : null,
      quorum,
      quorumSeconds: quorum !== null && confirmations.length >= quorum ? seconds(start, confirmations[quorum - 1]!) : null,
    },
    recipients,
    generatedAt: iso(now),
  };
}

function recipientOf(p: ReportRecipientRow, attempts: ReportAttemptRow[]): Recipient {
  const alertAttempts = attempts.filter((a) => a.purpose === 'alert');
  const heard = alertAttempts.map((a) => {
    if (a.channel === 'voice') return a.answeredAt !== null && !isMachine(a.answeredBy) ? a.answeredAt : null;
    return a.state === 'completed' ? (a.finishedAt ?? a.answeredAt) : null;
  });
  return {
    name: p.name,
    state: p.state,
    reachedAt: isoOrNull(minOf([...heard, p.confirmedAt, p.declinedAt])),
    confirmedAt: isoOrNull(p.confirmedAt),
    confirmedVia: p.confirmedVia,
    declinedAt: isoOrNull(p.declinedAt),
    attempts: alertAttempts.filter((a) => a.submittingAt !== null || a.carrierSid !== null).length,
    inDoubt: attempts.some((a) => a.state === 'in_doubt'),
    failures: attempts
      .filter((a) => FAILED_STATES.includes(a.state))
      .map((a) => ({ channel: a.channel, purpose: a.purpose, e164: a.e164, reason: attemptReason(a.state, a.errorCode, a.errorMessage)! })),
  };
}
