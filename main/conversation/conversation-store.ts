/**
 * The conversation's queries about people's answers: replies and key presses as recorded, SMS
 * opt-out per number, what an SMS reply can answer (the texts a number got in alerts that still
 * take answers), and the reply codes that tell one person's open alerts apart.
 *
 * The inbound webhook is a hot path: what one reply needs to know before it is matched (was it
 * seen, which language) comes in one round trip.
 */
import { sql } from 'drizzle-orm';
import type { Language, ResponseRow } from '../contract';
import type { Queryable } from '../db/store';
import type { AttemptRow } from '../dispatch/ledger-store';
import type { ReplyMeaning } from './reply-parser';

/** Alert `a` takes answers until it expires, even once GDial stopped trying (see sms-replies.ts). */
const takesAnswers = (now: number) => sql`a.state IN ('queued', 'running', 'completed') AND (a.expires_at IS NULL OR a.expires_at > ${now})`;

// ── responses ────────────────────────────────────────────────────────────────────────────────

export interface NewResponse {
  alertId: number | null;
  recipientId: number | null;
  attemptId: number | null;
  channel: 'dtmf' | 'sms';
  fromE164: string;
  body: string;
  meaning: ReplyMeaning;
  /** The carrier's message or call SID; a second response with the same SID is not recorded. */
  carrierSid: string | null;
  receivedAt: number;
}

/** Records a reply or key press; false when its carrier SID was already recorded (a retried webhook). */
export async function recordResponse(q: Queryable, r: NewResponse): Promise<boolean> {
  const { changes } = await q.run(sql`
    INSERT INTO responses (alert_id, recipient_id, attempt_id, channel, from_e164, body, meaning, carrier_sid, received_at)
    VALUES (${r.alertId}, ${r.recipientId}, ${r.attemptId}, ${r.channel}, ${r.fromE164}, ${r.body}, ${r.meaning}, ${r.carrierSid}, ${r.receivedAt})
    ON CONFLICT (carrier_sid) DO NOTHING`);
  return changes > 0;
}

export interface ResponseListRow {
  id: number;
  receivedAt: number;
  channel: ResponseRow['channel'];
  fromE164: string;
  body: string;
  meaning: ResponseRow['meaning'];
  alertId: number | null;
  recipientName: string | null;
}

/** Replies newest first, a page before `beforeId`; `unmatchedOnly`: those no alert took (opt-out words aside). */
export async function responsesPage(
  q: Queryable,
  page: { unmatchedOnly?: boolean; beforeId?: number | null; limit: number },
): Promise<ResponseListRow[]> {
  const unmatched = page.unmatchedOnly ? sql`AND s.alert_id IS NULL AND s.meaning NOT IN ('stop', 'start')` : sql.empty();
  const before = page.beforeId != null ? sql`AND s.id < ${page.beforeId}` : sql.empty();
  return q.all<ResponseListRow>(sql`
    SELECT s.id, s.received_at AS "receivedAt", s.channel, s.from_e164 AS "fromE164", s.body, s.meaning,
      s.alert_id AS "alertId", r.name AS "recipientName"
    FROM responses s LEFT JOIN alert_recipients r ON r.id = s.recipient_id
    WHERE 1 = 1 ${unmatched} ${before}
    ORDER BY s.id DESC LIMIT ${page.limit}`);
}

// ── an inbound SMS ───────────────────────────────────────────────────────────────────────────

export interface InboundContext {
  /** A reply with this SID was recorded already (Twilio retries a webhook it thinks failed). */
  seen: boolean;
  /** The language of the contact who has this number (the first one), Swedish when unknown. */
  language: Language;
}

/** What answering an inbound SMS needs to know first, in one round trip. */
export async function inboundContext(q: Queryable, from: string, sid: string | null): Promise<InboundContext> {
  const row = await q.get<{ seen: number; language: Language | null }>(sql`
    SELECT (SELECT COUNT(*) FROM responses WHERE carrier_sid = ${sid}) AS seen,
      (SELECT c.language FROM phone_numbers p JOIN contacts c ON c.id = p.contact_id WHERE p.e164 = ${from} ORDER BY p.id LIMIT 1) AS language`);
  return { seen: (row?.seen ?? 0) > 0, language: row?.language ?? 'sv' };
}

export interface ReplyCandidate {
  attemptId: number;
  alertId: number;
  recipientId: number;
  /** The recipient still waits for an answer (pending, or unreached but not expired). */
  pending: boolean;
  /** The reply code the text asked for, or null (a bare JA). */
  code: string | null;
}

/**
 * The texts this number got in alerts that still take answers, newest attempt per alert and
 * recipient, oldest alert first. An alert takes answers until it expires, even once GDial
 * stopped trying: a "JA" that comes after the last text was delivered still counts.
 */
export async function replyCandidates(q: Queryable, from: string, now: number): Promise<ReplyCandidate[]> {
  // Grouped by the recipient's key, so its state and code may be selected on both engines.
  const rows = await q.all<Omit<ReplyCandidate, 'pending'> & { pending: number }>(sql`
    SELECT MAX(t.id) AS "attemptId", t.alert_id AS "alertId", r.id AS "recipientId",
      CASE WHEN r.state IN ('pending', 'unreached') THEN 1 ELSE 0 END AS pending, r.reply_code AS code
    FROM dispatch_attempts t
    JOIN alert_recipients r ON r.id = t.recipient_id
    JOIN alerts a ON a.id = t.alert_id
    WHERE t.e164 = ${from} AND t.channel = 'sms' AND t.purpose = 'alert' AND t.carrier_sid IS NOT NULL
      AND ${takesAnswers(now)}
    GROUP BY t.alert_id, r.id ORDER BY t.alert_id`);
  return rows.map((r) => ({ ...r, pending: r.pending === 1 }));
}

// ── opt-out ──────────────────────────────────────────────────────────────────────────────────

/** Every contact with this number stops getting texts; false when it had opted out already. */
export async function markOptedOut(q: Queryable, e164: string, now: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE phone_numbers SET sms_opted_out = 1, sms_opted_out_at = ${now}, updated_at = ${now} WHERE e164 = ${e164} AND sms_opted_out = 0`);
  return changes > 0;
}

/** The number gets texts again; false when it had not opted out. */
export async function markOptedIn(q: Queryable, e164: string, now: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE phone_numbers SET sms_opted_out = 0, sms_opted_out_at = NULL, updated_at = ${now} WHERE e164 = ${e164} AND sms_opted_out = 1`);
  return changes > 0;
}

export async function isOptedOut(q: Queryable, e164: string): Promise<boolean> {
  return (await q.get(sql`SELECT 1 AS yes FROM phone_numbers WHERE e164 = ${e164} AND sms_opted_out = 1 LIMIT 1`)) !== undefined;
}

/** Texts still queued to a number, as the ledger knows them (to cancel them after an opt-out). */
export async function queuedTextsTo(q: Queryable, e164: string): Promise<AttemptRow[]> {
  return q.all<AttemptRow>(sql`
    SELECT id, alert_id AS "alertId", recipient_id AS "recipientId", channel, purpose, e164, cycle, attempt_no AS "attemptNo",
      state, carrier_sid AS "carrierSid", submitting_at AS "submittingAt", not_before AS "notBefore"
    FROM dispatch_attempts WHERE e164 = ${e164} AND channel = 'sms' AND state = 'queued' ORDER BY id`);
}

// ── the texts themselves ─────────────────────────────────────────────────────────────────────

export interface AlertTextsRow {
  smsText: string;
  voiceText: string;
  drill: boolean;
  language: Language;
  /** The escalation policy as stored (JSON). */
  policy: string;
}

export async function alertTexts(q: Queryable, alertId: number): Promise<AlertTextsRow | undefined> {
  const row = await q.get<Omit<AlertTextsRow, 'drill'> & { drill: number }>(sql`
    SELECT sms_text AS "smsText", voice_text AS "voiceText", drill, language, policy FROM alerts WHERE id = ${alertId}`);
  return row && { ...row, drill: row.drill === 1 };
}

/** The code a recipient's texts ask for, or null. */
export async function replyCodeOf(q: Queryable, recipientId: number): Promise<string | null> {
  return (await q.get<{ code: string | null }>(sql`SELECT reply_code AS code FROM alert_recipients WHERE id = ${recipientId}`))?.code ?? null;
}

export async function setReplyCode(q: Queryable, recipientId: number, code: string): Promise<void> {
  await q.run(sql`UPDATE alert_recipients SET reply_code = ${code} WHERE id = ${recipientId}`);
}

/**
 * Whether this number waits for an answer to another alert that takes answers. Only asked when
 * at least two alerts take answers at all (otherwise no code is ever needed), in one round trip.
 */
export async function otherAlertWaiting(q: Queryable, e164: string, alertId: number, now: number): Promise<boolean> {
  const row = await q.get<{ waiting: number }>(sql`
    SELECT CASE WHEN (SELECT COUNT(*) FROM alerts a WHERE ${takesAnswers(now)}) >= 2 AND EXISTS (
        SELECT 1 FROM dispatch_attempts t
        JOIN alert_recipients r ON r.id = t.recipient_id
        JOIN alerts a ON a.id = t.alert_id
        WHERE t.e164 = ${e164} AND t.channel = 'sms' AND t.purpose = 'alert' AND t.alert_id <> ${alertId}
          AND r.state IN ('pending', 'unreached') AND ${takesAnswers(now)})
      THEN 1 ELSE 0 END AS waiting`);
  return row?.waiting === 1;
}
