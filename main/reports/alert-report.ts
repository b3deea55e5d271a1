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
import { sql } from 'drizzle-orm';
import { escalationPolicySchema, type AlertReport, type AttemptState, type Channel } from '../contract';
import type { Db } from '../db/open';
import { iso, isoOrNull } from '../db/tx';
import { notFound } from '../errors';
import { attemptReason, FAILED_STATES } from '../dispatch/carrier-reasons';

type Recipient = AlertReport['recipients'][number];

interface AlertRow {
  id: number;
  title: string;
  drill: number;
  on_simulator: number | null;
  state: AlertReport['alert']['state'];
  channels: string;
  policy: string;
  content_sha256: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  created_by: string | null;
  approved_by: string | null;
  burn_sha256: string | null;
  burned_at: number | null;
}

interface RecipientRow {
  id: number;
  name: string;
  state: Recipient['state'];
  confirmed_at: number | null;
  confirmed_via: 'voice' | 'sms' | null;
  declined_at: number | null;
}

interface AttemptRow {
  recipient_id: number;
  channel: Channel;
  purpose: 'alert' | 'stand_down';
  e164: string;
  state: AttemptState;
  carrier_sid: string | null;
  submitting_at: number | null;
  answered_at: number | null;
  answered_by: string | null;
  finished_at: number | null;
  error_code: string | null;
  error_message: string | null;
}

const isMachine = (answeredBy: string | null) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');
const minOf = (values: Array<number | null>): number | null =>
  values.reduce<number | null>((min, v) => (v !== null && (min === null || v < min) ? v : min), null);
/** Whole seconds, computed once here: the console, the CSV and the PDF all print this value. */
const seconds = (fromMs: number, toMs: number) => Math.max(0, Math.round((toMs - fromMs) / 1000));

/** Reads in one transaction (a snapshot under WAL); nested inside a caller's, it is a savepoint. */
function snapshot<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).deferred();
}

/** `onSimulator`: the engine's answer whether a drill, or a live alert, goes to a simulator. */
export function alertReport(db: Db, alertId: number, now: number, onSimulator: (drill: boolean) => boolean): AlertReport {
  return snapshot(db, () => build(db, alertId, now, onSimulator));
}

function build(db: Db, alertId: number, now: number, onSimulator: (drill: boolean) => boolean): AlertReport {
  const alert = db.get<AlertRow | undefined>(sql`
    SELECT a.id, a.title, a.drill, a.on_simulator, a.state, a.channels, a.policy, a.content_sha256, a.created_at, a.started_at, a.finished_at,
      u.username AS created_by, v.username AS approved_by, b.content_sha256 AS burn_sha256, b.burned_at
    FROM alerts a
    LEFT JOIN users u ON u.id = a.created_by LEFT JOIN users v ON v.id = a.approved_by
    LEFT JOIN burn_messages b ON b.alert_id = a.id
    WHERE a.id = ${alertId}`);
  if (!alert) throw notFound('alert', alertId);
  const people = db.all<RecipientRow>(sql`
    SELECT id, name, state, confirmed_at, confirmed_via, declined_at FROM alert_recipients WHERE alert_id = ${alertId} ORDER BY id`);
  const attempts = db.all<AttemptRow>(sql`
    SELECT recipient_id, channel, purpose, e164, state, carrier_sid, submitting_at, answered_at, answered_by, finished_at, error_code, error_message
    FROM dispatch_attempts WHERE alert_id = ${alertId} ORDER BY id`);

  const byRecipient = new Map<number, AttemptRow[]>();
  for (const a of attempts) {
    const list = byRecipient.get(a.recipient_id) ?? [];
    list.push(a);
    byRecipient.set(a.recipient_id, list);
  }

  const recipients = people.map((p) => recipientOf(p, byRecipient.get(p.id) ?? []));
  const start = alert.started_at ?? alert.created_at;
  const confirmations = people
    .map((p) => (p.state === 'confirmed' ? p.confirmed_at : null))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const quorum = escalationPolicySchema.parse(JSON.parse(alert.policy)).quorum;
  const count = (state: Recipient['state']) => recipients.filter((r) => r.state === state).length;
  const sent = (channel: Channel) => attempts.filter((a) => a.channel === channel && a.carrier_sid !== null).length;

  return {
    alert: {
      id: alert.id,
      title: alert.title,
      drill: alert.drill === 1,
      onSimulator: alert.on_simulator === null ? onSimulator(alert.drill === 1) : alert.on_simulator === 1,
      state: alert.state,
      channels: JSON.parse(alert.channels) as Channel[],
      createdAt: iso(alert.created_at),
      startedAt: isoOrNull(alert.started_at),
      finishedAt: isoOrNull(alert.finished_at),
      createdBy: alert.created_by,
      approvedBy: alert.approved_by,
      contentSha256: alert.content_sha256 ?? alert.burn_sha256,
      burnedAt: isoOrNull(alert.burned_at),
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
      callsAnswered: attempts.filter((a) => a.channel === 'voice' && a.answered_at !== null).length,
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

function recipientOf(p: RecipientRow, attempts: AttemptRow[]): Recipient {
  const alertAttempts = attempts.filter((a) => a.purpose === 'alert');
  const heard = alertAttempts.map((a) => {
    if (a.channel === 'voice') return a.answered_at !== null && !isMachine(a.answered_by) ? a.answered_at : null;
    return a.state === 'completed' ? (a.finished_at ?? a.answered_at) : null;
  });
  return {
    name: p.name,
    state: p.state,
    reachedAt: isoOrNull(minOf([...heard, p.confirmed_at, p.declined_at])),
    confirmedAt: isoOrNull(p.confirmed_at),
    confirmedVia: p.confirmed_via,
    declinedAt: isoOrNull(p.declined_at),
    attempts: alertAttempts.filter((a) => a.submitting_at !== null || a.carrier_sid !== null).length,
    inDoubt: attempts.some((a) => a.state === 'in_doubt'),
    failures: attempts
      .filter((a) => FAILED_STATES.includes(a.state))
      .map((a) => ({ channel: a.channel, purpose: a.purpose, e164: a.e164, reason: attemptReason(a.state, a.error_code, a.error_message)! })),
  };
}
