/**
 * One recipient's story, step by step: each attempt's queueing, dialling, ringing, answer,
 * answering machine, key presses and replies, texts sent and delivered, and how each ended.
 * Built from the ledger, the carrier's events and the responses as recorded.
 */
import { sql } from 'drizzle-orm';
import type { AttemptState, Reason, Timeline, TimelineEntry, TimelineStep } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';
import { attemptReason } from '../dispatch/carrier-reasons';
import { AppError } from '../errors';

interface AttemptRow {
  id: number;
  channel: 'voice' | 'sms';
  purpose: 'alert' | 'stand_down';
  e164: string;
  state: AttemptState;
  queued_at: number;
  submitted_at: number | null;
  answered_at: number | null;
  finished_at: number | null;
  error_code: string | null;
  error_message: string | null;
}

const FINAL: Record<string, TimelineStep> = {
  completed: 'completed',
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};

export function recipientTimeline(db: Db, alertId: number, recipientId: number): Timeline {
  const recipient = db.get<{ name: string } | undefined>(sql`SELECT name FROM alert_recipients WHERE id = ${recipientId} AND alert_id = ${alertId}`);
  if (!recipient) throw new AppError('not_found', `Recipient ${recipientId} is not in alert ${alertId}`, { code: 'alerts.recipient_not_found' });
  const entries: Array<TimelineEntry & { ms: number; order: number }> = [];
  const add = (
    ms: number | null,
    step: TimelineStep,
    a: Pick<AttemptRow, 'id' | 'channel' | 'e164'> | null,
    detail: string | null = null,
    reason: Reason | null = null,
  ) => {
    if (ms !== null)
      entries.push({ ms, order: entries.length, at: iso(ms), step, attemptId: a?.id ?? null, channel: a?.channel ?? null, e164: a?.e164 ?? null, detail, reason });
  };
  /** Why an attempt ended badly: the English words as detail, the code for the console. */
  const why = (ms: number | null, step: TimelineStep, a: AttemptRow) => {
    const reason = attemptReason(a.state, a.error_code, a.error_message);
    add(ms, step, a, reason?.message ?? null, reason);
  };

  const attempts = db.all<AttemptRow>(sql`
    SELECT id, channel, purpose, e164, state, queued_at, submitted_at, answered_at, finished_at, error_code, error_message
    FROM dispatch_attempts WHERE recipient_id = ${recipientId} ORDER BY id`);
  const byId = new Map(attempts.map((a) => [a.id, a]));
  for (const a of attempts) {
    const standDown = a.purpose === 'stand_down' ? 'stand-down' : null;
    add(a.queued_at, 'queued', a, standDown);
    add(a.submitted_at, a.channel === 'voice' ? 'dialled' : 'sms_sent', a, standDown);
    if (a.channel === 'voice') add(a.answered_at, 'answered', a);
    if (a.state === 'in_doubt') why(a.finished_at ?? a.submitted_at ?? a.queued_at, 'in_doubt', a);
    const final = FINAL[a.state];
    if (final && a.finished_at !== null) {
      const step = a.channel === 'sms' && final === 'completed' ? 'sms_delivered' : final;
      if (final === 'completed') add(a.finished_at, step, a);
      else why(a.finished_at, step, a);
    }
  }

  const events = db.all<{ attempt_id: number; kind: string; status: string; received_at: number }>(sql`
    SELECT e.attempt_id, e.kind, e.status, MIN(e.received_at) AS received_at FROM carrier_events e
    JOIN dispatch_attempts t ON t.id = e.attempt_id
    WHERE t.recipient_id = ${recipientId} AND ((e.kind = 'call' AND e.status = 'ringing') OR e.kind IN ('amd', 'twiml'))
    GROUP BY e.attempt_id, e.kind, e.status`);
  for (const e of events) {
    const a = byId.get(e.attempt_id) ?? null;
    if (e.kind === 'call') add(e.received_at, 'ringing', a);
    else if (e.kind === 'amd' && (e.status.startsWith('machine') || e.status === 'fax')) add(e.received_at, 'machine', a, e.status);
    else if (e.kind === 'twiml' && e.status === 'voicemail_left') add(e.received_at, 'voicemail_left', a);
  }

  const responses = db.all<{ attempt_id: number | null; channel: 'dtmf' | 'sms'; meaning: string; body: string; received_at: number }>(sql`
    SELECT attempt_id, channel, meaning, body, received_at FROM responses WHERE recipient_id = ${recipientId} ORDER BY id`);
  for (const r of responses) {
    const a = r.attempt_id !== null ? (byId.get(r.attempt_id) ?? null) : null;
    if (r.channel === 'dtmf' && (r.meaning === 'confirm' || r.meaning === 'decline')) {
      add(r.received_at, r.meaning === 'confirm' ? 'pressed_confirm' : 'pressed_decline', a, r.body);
    } else if (r.channel === 'sms' && (r.meaning === 'confirm' || r.meaning === 'decline')) {
      add(r.received_at, r.meaning === 'confirm' ? 'replied_confirm' : 'replied_decline', a, r.body);
    } else if (r.channel === 'sms' && r.meaning === 'unknown') {
      add(r.received_at, 'replied_text', a, r.body);
    }
  }

  entries.sort((x, y) => x.ms - y.ms || x.order - y.order);
  return { recipientId, name: recipient.name, entries: entries.map(({ ms: _ms, order: _order, ...entry }) => entry) };
}
