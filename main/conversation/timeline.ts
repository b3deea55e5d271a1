/**
 * One recipient's story, step by step: each attempt's queueing, dialling, ringing, answer,
 * answering machine, key presses and replies, texts sent and delivered, and how each ended.
 * Built from the ledger, the carrier's events and the responses as recorded.
 */
import type { Reason, Timeline, TimelineEntry, TimelineStep } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { attemptReason } from '../dispatch/carrier-reasons';
import { AppError } from '../errors';
import { recipientAttempts, recipientCallEvents, recipientName, recipientResponses, type TimelineAttempt } from './timeline-store';

const FINAL: Record<string, TimelineStep> = {
  completed: 'completed',
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};

export async function recipientTimeline(q: Queryable, alertId: number, recipientId: number): Promise<Timeline> {
  const name = await recipientName(q, alertId, recipientId);
  if (name === undefined) throw new AppError('not_found', `Recipient ${recipientId} is not in alert ${alertId}`, { code: 'alerts.recipient_not_found' });
  const entries: Array<TimelineEntry & { ms: number; order: number }> = [];
  const add = (
    ms: number | null,
    step: TimelineStep,
    a: Pick<TimelineAttempt, 'id' | 'channel' | 'e164'> | null,
    detail: string | null = null,
    reason: Reason | null = null,
  ) => {
    if (ms !== null)
      entries.push({ ms, order: entries.length, at: iso(ms), step, attemptId: a?.id ?? null, channel: a?.channel ?? null, e164: a?.e164 ?? null, detail, reason });
  };
  /** Why an attempt ended badly: the English words as detail, the code for the console. */
  const why = (ms: number | null, step: TimelineStep, a: TimelineAttempt) => {
    const reason = attemptReason(a.state, a.errorCode, a.errorMessage);
    add(ms, step, a, reason?.message ?? null, reason);
  };

  const [attempts, events, responses] = await Promise.all([
    recipientAttempts(q, recipientId),
    recipientCallEvents(q, recipientId),
    recipientResponses(q, recipientId),
  ]);
  const byId = new Map(attempts.map((a) => [a.id, a]));
  for (const a of attempts) {
    const standDown = a.purpose === 'stand_down' ? 'stand-down' : null;
    add(a.queuedAt, 'queued', a, standDown);
    add(a.submittedAt, a.channel === 'voice' ? 'dialled' : 'sms_sent', a, standDown);
    if (a.channel === 'voice') add(a.answeredAt, 'answered', a);
    if (a.state === 'in_doubt') why(a.finishedAt ?? a.submittedAt ?? a.queuedAt, 'in_doubt', a);
    const final = FINAL[a.state];
    if (final && a.finishedAt !== null) {
      const step = a.channel === 'sms' && final === 'completed' ? 'sms_delivered' : final;
      if (final === 'completed') add(a.finishedAt, step, a);
      else why(a.finishedAt, step, a);
    }
  }

  for (const e of events) {
    const a = byId.get(e.attemptId) ?? null;
    if (e.kind === 'call') add(e.receivedAt, 'ringing', a);
    else if (e.kind === 'amd' && (e.status.startsWith('machine') || e.status === 'fax')) add(e.receivedAt, 'machine', a, e.status);
    else if (e.kind === 'twiml' && e.status === 'voicemail_left') add(e.receivedAt, 'voicemail_left', a);
  }

  for (const r of responses) {
    const a = r.attemptId !== null ? (byId.get(r.attemptId) ?? null) : null;
    if (r.channel === 'dtmf' && (r.meaning === 'confirm' || r.meaning === 'decline')) {
      add(r.receivedAt, r.meaning === 'confirm' ? 'pressed_confirm' : 'pressed_decline', a, r.body);
    } else if (r.channel === 'sms' && (r.meaning === 'confirm' || r.meaning === 'decline')) {
      add(r.receivedAt, r.meaning === 'confirm' ? 'replied_confirm' : 'replied_decline', a, r.body);
    } else if (r.channel === 'sms' && r.meaning === 'unknown') {
      add(r.receivedAt, 'replied_text', a, r.body);
    }
  }

  entries.sort((x, y) => x.ms - y.ms || x.order - y.order);
  return { recipientId, name, entries: entries.map(({ ms: _ms, order: _order, ...entry }) => entry) };
}
