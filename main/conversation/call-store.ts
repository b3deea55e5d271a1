/**
 * The call conversation's queries: who a call reaches and in which language, what the carrier's
 * machine detection said, the SMS fallback after an answering machine, and what a call says
 * (the alert's message and keys). Every TwiML fetch and key press reads `callParty`: one round trip.
 */
import { sql } from 'drizzle-orm';
import type { Language } from '../contract';
import type { Queryable } from '../db/store';

export interface CallParty {
  alertId: number;
  recipientId: number;
  alertLanguage: Language;
  /** The contact's own language, when the recipient still has a contact. */
  contactLanguage: Language | null;
  /** The alert still dispatches (queued or running). */
  active: boolean;
  recipientState: string;
  confirmKey: string;
  declineKey: string;
}

export async function callParty(q: Queryable, attemptId: number): Promise<CallParty | undefined> {
  const row = await q.get<Omit<CallParty, 'active'> & { active: number }>(sql`
    SELECT t.alert_id AS "alertId", t.recipient_id AS "recipientId", a.language AS "alertLanguage", c.language AS "contactLanguage",
      CASE WHEN a.state IN ('queued', 'running') THEN 1 ELSE 0 END AS active, r.state AS "recipientState",
      a.confirm_digit AS "confirmKey", a.decline_digit AS "declineKey"
    FROM dispatch_attempts t JOIN alerts a ON a.id = t.alert_id JOIN alert_recipients r ON r.id = t.recipient_id
    LEFT JOIN contacts c ON c.id = r.contact_id WHERE t.id = ${attemptId}`);
  return row && { ...row, active: row.active === 1 };
}

/**
 * Notes what the carrier said about a call beyond its status (machine detection, a voicemail
 * left); false when the same sid, kind and status was noted before (a retried webhook).
 */
export async function noteCallEvent(
  q: Queryable,
  e: { attemptId: number; sid: string; kind: 'amd' | 'twiml'; status: string; payload: string; at: number },
): Promise<boolean> {
  const { changes } = await q.run(sql`
    INSERT INTO carrier_events (attempt_id, sid, kind, status, sequence, payload, received_at)
    VALUES (${e.attemptId}, ${e.sid}, ${e.kind}, ${e.status}, NULL, ${e.payload}, ${e.at})
    ON CONFLICT (sid, kind, status) DO NOTHING`);
  return changes > 0;
}

/**
 * The carrier asks for a call's TwiML only once it is answered: that request dates the answer.
 * The "in-progress" status callback travels separately and may arrive after the key press.
 */
export async function noteAnswered(q: Queryable, attemptId: number, at: number): Promise<void> {
  await q.run(sql`UPDATE dispatch_attempts SET answered_at = ${at} WHERE id = ${attemptId} AND channel = 'voice' AND answered_at IS NULL`);
}

export async function setAnsweredBy(q: Queryable, attemptId: number, answeredBy: string): Promise<void> {
  await q.run(sql`UPDATE dispatch_attempts SET answered_by = ${answeredBy} WHERE id = ${attemptId}`);
}

/**
 * Queues the alert's text to a recipient whose answering machine took the call, unless they
 * already get one (the attempt exists), they wait no more, or their text number opted out.
 */
export async function queueSmsFallback(q: Queryable, recipientId: number, now: number): Promise<void> {
  // Typed parameters: in INSERT … SELECT, PostgreSQL would otherwise read them as text.
  const at = sql`CAST(${now} AS bigint)`;
  await q.run(sql`
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
    SELECT alert_id, id, 'sms', 'alert', sms_number, 0, 0, 'queued', ${at}, ${at}, ${at}
    FROM alert_recipients WHERE id = ${recipientId} AND state = 'pending' AND sms_number IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM phone_numbers p WHERE p.e164 = alert_recipients.sms_number AND p.sms_opted_out = 1)
    ON CONFLICT DO NOTHING`);
}

/** The alert's escalation policy as stored (JSON). */
export async function alertPolicy(q: Queryable, alertId: number): Promise<string | undefined> {
  return (await q.get<{ policy: string }>(sql`SELECT policy FROM alerts WHERE id = ${alertId}`))?.policy;
}

export interface AlertSpeech {
  voiceText: string;
  drill: boolean;
  language: Language;
  confirmKey: string;
  declineKey: string;
}

/** What an alert's calls say: its message and the keys that answer it. */
export async function alertSpeech(q: Queryable, alertId: number): Promise<AlertSpeech | undefined> {
  const row = await q.get<Omit<AlertSpeech, 'drill'> & { drill: number }>(sql`
    SELECT voice_text AS "voiceText", drill, language, confirm_digit AS "confirmKey", decline_digit AS "declineKey"
    FROM alerts WHERE id = ${alertId}`);
  return row && { ...row, drill: row.drill === 1 };
}
