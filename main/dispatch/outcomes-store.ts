/**
 * The rows behind outcomes (outcomes-async.ts): carrier events, attempt results, escalation
 * steps, recipients' answers, quorum and stand-down, alert completion. The same SQL on SQLite
 * and PostgreSQL; inserts that may repeat are `ON CONFLICT DO NOTHING` and count `changes`.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/store';
import type { AttemptState } from './attempt-status';

/** Calls that may still be live at the carrier. */
const ACTIVE = sql.raw(`('submitting', 'submitted', 'ringing', 'in_progress')`);
const OPEN = sql.raw(`('queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt')`);
/** A number that answered STOPP gets no more texts, whatever the launch snapshot says. */
const NOT_OPTED_OUT = 'NOT EXISTS (SELECT 1 FROM phone_numbers p WHERE p.e164 = alert_recipients.sms_number AND p.sms_opted_out = 1)';
/** Only people who heard of the alert get told to stand down; the others never knew. */
const CONTACTED = 'EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = alert_recipients.id AND d.carrier_sid IS NOT NULL)';
const STAND_DOWN_TO = sql.raw(`state = 'pending' AND sms_number IS NOT NULL AND ${CONTACTED} AND ${NOT_OPTED_OUT}`);

export interface CarrierEventRow {
  attemptId: number | null;
  sid: string;
  kind: 'call' | 'message';
  status: string;
  sequence: number | null;
  payload: string;
}

/** Records a carrier event once (unique sid, kind, status): false for a duplicate. */
export async function recordCarrierEvent(q: Queryable, e: CarrierEventRow, now: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    INSERT INTO carrier_events (attempt_id, sid, kind, status, sequence, payload, received_at)
    VALUES (${e.attemptId}, ${e.sid}, ${e.kind}, ${e.status}, ${e.sequence}, ${e.payload}, ${now})
    ON CONFLICT DO NOTHING`);
  return changes > 0;
}

/** A callback can beat the create's response (or follow a crash): it proves the SID. */
export function adoptSid(q: Queryable, attemptId: number, sid: string) {
  return q.run(sql`UPDATE dispatch_attempts SET carrier_sid = ${sid} WHERE id = ${attemptId} AND carrier_sid IS NULL`);
}

export interface Advance {
  state: AttemptState;
  rank: number;
  final: boolean;
  answeredBy: string | null;
  durationS: number | null;
  errorCode: string | null;
}

// Hoisted: the status a call moves to picks one of four texts, each prepared once.
const ANSWERED_NOW = (now: number) => sql`CASE WHEN channel = 'voice' THEN COALESCE(answered_at, ${now}) ELSE answered_at END`;
const ANSWERED_AS_IS = sql.raw('answered_at');
const FINISHED_AS_IS = sql.raw('finished_at');

/** Moves an attempt to a carrier-reported status (the caller checked that it moves forward). */
export function advanceAttempt(q: Queryable, id: number, a: Advance, now: number) {
  const answeredAt = a.state === 'in_progress' ? ANSWERED_NOW(now) : ANSWERED_AS_IS;
  const finishedAt = a.final ? sql`${now}` : FINISHED_AS_IS;
  return q.run(sql`
    UPDATE dispatch_attempts SET state = ${a.state}, status_rank = ${a.rank}, updated_at = ${now},
      answered_at = ${answeredAt},
      answered_by = COALESCE(${a.answeredBy}, answered_by),
      duration_s = COALESCE(${a.durationS}, duration_s),
      error_code = COALESCE(${a.errorCode}, error_code),
      finished_at = ${finishedAt}
    WHERE id = ${id}`);
}

/** Ends an attempt from our side (rejected by the carrier, cancelled, expired). */
export function finishAttempt(q: Queryable, id: number, state: AttemptState, rank: number, error: { code?: string; message?: string }, now: number) {
  return q.run(sql`
    UPDATE dispatch_attempts SET state = ${state}, status_rank = ${rank}, error_code = ${error.code ?? null},
      error_message = ${error.message ?? null}, finished_at = ${now}, updated_at = ${now}
    WHERE id = ${id}`);
}

export async function alertActive(q: Queryable, alertId: number): Promise<boolean> {
  return (await q.get(sql`SELECT 1 AS hit FROM alerts WHERE id = ${alertId} AND state IN ('queued', 'running')`)) !== undefined;
}

export async function alertPolicyText(q: Queryable, alertId: number): Promise<string | undefined> {
  return (await q.get<{ policy: string }>(sql`SELECT policy FROM alerts WHERE id = ${alertId}`))?.policy;
}

export interface RecipientState {
  state: string;
  voiceNumbers: string;
}

export function recipientState(q: Queryable, recipientId: number): Promise<RecipientState | undefined> {
  return q.get<RecipientState>(sql`SELECT state, voice_numbers AS "voiceNumbers" FROM alert_recipients WHERE id = ${recipientId}`);
}

/** Whether a call was answered by a person (or AMD could not tell), not by a machine. */
export async function answeredByPerson(q: Queryable, attemptId: number): Promise<boolean> {
  return (await q.get(sql`SELECT 1 AS hit FROM dispatch_attempts WHERE id = ${attemptId} AND COALESCE(answered_by, 'human') IN ('human', 'unknown')`)) !== undefined;
}

export interface VoiceStepRow {
  alertId: number;
  recipientId: number;
  e164: string;
  cycle: number;
  attemptNo: number;
  notBefore: number;
}

/** Queues a call step; a step already queued (a repeated result) is left alone. */
export function queueVoiceStep(q: Queryable, s: VoiceStepRow, now: number) {
  return q.run(sql`
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
    VALUES (${s.alertId}, ${s.recipientId}, 'voice', 'alert', ${s.e164}, ${s.cycle}, ${s.attemptNo}, 'queued', ${s.notBefore}, ${now}, ${now})
    ON CONFLICT DO NOTHING`);
}

/** A pending recipient with nothing left to try was not reached. */
export async function settleRecipient(q: Queryable, recipientId: number): Promise<void> {
  const open = await q.get(sql`
    SELECT 1 AS hit FROM dispatch_attempts WHERE recipient_id = ${recipientId} AND purpose = 'alert' AND state IN ${OPEN} LIMIT 1`);
  if (!open) await q.run(sql`UPDATE alert_recipients SET state = 'unreached' WHERE id = ${recipientId} AND state = 'pending'`);
}

/** An alert with nothing left open is completed. */
export async function completeIfDone(q: Queryable, alertId: number, now: number): Promise<void> {
  const open = await q.get(sql`SELECT 1 AS hit FROM dispatch_attempts WHERE alert_id = ${alertId} AND state IN ${OPEN} LIMIT 1`);
  if (!open) await q.run(sql`UPDATE alerts SET state = 'completed', finished_at = ${now} WHERE id = ${alertId} AND state IN ('queued', 'running')`);
}

export async function alertsPastExpiry(q: Queryable, now: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(sql`SELECT id FROM alerts WHERE state IN ('queued', 'running') AND expires_at IS NOT NULL AND expires_at <= ${now}`);
  return rows.map((r) => r.id);
}

export function markAlertExpired(q: Queryable, alertId: number, now: number) {
  return q.run(sql`UPDATE alerts SET state = 'expired', finished_at = ${now} WHERE id = ${alertId}`);
}

export interface ResponseRow {
  alertId: number;
  recipientId: number;
  attemptId: number;
  channel: 'dtmf' | 'sms';
  from: string;
  body: string;
  meaning: 'confirm' | 'decline';
  sid: string | null;
}

/** Records an answer (once per carrier SID). */
export function recordResponse(q: Queryable, r: ResponseRow, now: number) {
  return q.run(sql`
    INSERT INTO responses (alert_id, recipient_id, attempt_id, channel, from_e164, body, meaning, carrier_sid, received_at)
    VALUES (${r.alertId}, ${r.recipientId}, ${r.attemptId}, ${r.channel}, ${r.from}, ${r.body}, ${r.meaning}, ${r.sid}, ${now})
    ON CONFLICT DO NOTHING`);
}

/** A person's answer, if they were still pending (or unreached): false when it changed nothing. */
export async function answerRecipient(q: Queryable, recipientId: number, meaning: 'confirm' | 'decline', via: 'voice' | 'sms', now: number): Promise<boolean> {
  const { changes } =
    meaning === 'confirm'
      ? await q.run(sql`
          UPDATE alert_recipients SET state = 'confirmed', confirmed_at = ${now}, confirmed_via = ${via}
          WHERE id = ${recipientId} AND state IN ('pending', 'unreached')`)
      : await q.run(sql`
          UPDATE alert_recipients SET state = 'declined', declined_at = ${now}
          WHERE id = ${recipientId} AND state IN ('pending', 'unreached')`);
  return changes > 0;
}

/** Cancels what is queued to the attempts `where` selects (one person's or one alert's). */
export function cancelQueued(q: Queryable, where: SQL, reason: string, now: number) {
  return q.run(sql`
    UPDATE dispatch_attempts SET state = 'canceled', status_rank = 5, finished_at = ${now}, updated_at = ${now}, error_message = ${reason}
    WHERE ${where} AND purpose = 'alert' AND state = 'queued'`);
}

export const ofRecipient = (recipientId: number) => sql`recipient_id = ${recipientId}`;
export const ofAlert = (alertId: number) => sql`alert_id = ${alertId}`;
export const ofRecipientExcept = (recipientId: number, attemptId: number) => sql`recipient_id = ${recipientId} AND id <> ${attemptId}`;

export interface LiveCall {
  alertId: number;
  sid: string | null;
  state: string;
}

/** Alert calls that may still be live among the attempts `where` selects. */
export function liveCalls(q: Queryable, where: SQL): Promise<LiveCall[]> {
  return q.all<LiveCall>(sql`
    SELECT alert_id AS "alertId", carrier_sid AS sid, state FROM dispatch_attempts
    WHERE ${where} AND channel = 'voice' AND purpose = 'alert' AND state IN ${ACTIVE}`);
}

export async function confirmedCount(q: Queryable, alertId: number): Promise<number> {
  const row = await q.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM alert_recipients WHERE alert_id = ${alertId} AND state = 'confirmed'`);
  return Number(row?.n ?? 0);
}

/** Queues a stand-down text for everyone still pending who heard of the alert and can get one. */
export async function queueStandDowns(q: Queryable, alertId: number, now: number): Promise<void> {
  // The times are cast: PostgreSQL types a bare parameter in a SELECT list as text.
  await q.run(sql`
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, state, not_before, queued_at, updated_at)
    SELECT alert_id, id, 'sms', 'stand_down', sms_number, 'queued', CAST(${now} AS BIGINT), CAST(${now} AS BIGINT), CAST(${now} AS BIGINT)
    FROM alert_recipients WHERE alert_id = ${alertId} AND ${STAND_DOWN_TO}
    ON CONFLICT DO NOTHING`);
  await q.run(sql`UPDATE alert_recipients SET stand_down_sent_at = ${now} WHERE alert_id = ${alertId} AND ${STAND_DOWN_TO}`);
}

export function cancelPendingRecipients(q: Queryable, alertId: number) {
  return q.run(sql`UPDATE alert_recipients SET state = 'canceled' WHERE alert_id = ${alertId} AND state = 'pending'`);
}
