/**
 * What one recipient's timeline is built from: the ledger's attempts, the carrier's events that
 * mark a step (ringing, machine detection, a voicemail left) and the responses as recorded.
 * Every list has an explicit order, so the timeline reads the same on both engines.
 */
import { sql } from 'drizzle-orm';
import type { AttemptState } from '../contract';
import type { Queryable } from '../db/store';

export async function recipientName(q: Queryable, alertId: number, recipientId: number): Promise<string | undefined> {
  return (await q.get<{ name: string }>(sql`SELECT name FROM alert_recipients WHERE id = ${recipientId} AND alert_id = ${alertId}`))?.name;
}

export interface TimelineAttempt {
  id: number;
  channel: 'voice' | 'sms';
  purpose: 'alert' | 'stand_down';
  e164: string;
  state: AttemptState;
  queuedAt: number;
  submittedAt: number | null;
  answeredAt: number | null;
  finishedAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export async function recipientAttempts(q: Queryable, recipientId: number): Promise<TimelineAttempt[]> {
  return q.all<TimelineAttempt>(sql`
    SELECT id, channel, purpose, e164, state, queued_at AS "queuedAt", submitted_at AS "submittedAt", answered_at AS "answeredAt",
      finished_at AS "finishedAt", error_code AS "errorCode", error_message AS "errorMessage"
    FROM dispatch_attempts WHERE recipient_id = ${recipientId} ORDER BY id`);
}

export interface TimelineEvent {
  attemptId: number;
  kind: string;
  status: string;
  /** The first time the carrier said it. */
  receivedAt: number;
}

export async function recipientCallEvents(q: Queryable, recipientId: number): Promise<TimelineEvent[]> {
  return q.all<TimelineEvent>(sql`
    SELECT e.attempt_id AS "attemptId", e.kind, e.status, MIN(e.received_at) AS "receivedAt" FROM carrier_events e
    JOIN dispatch_attempts t ON t.id = e.attempt_id
    WHERE t.recipient_id = ${recipientId} AND ((e.kind = 'call' AND e.status = 'ringing') OR e.kind IN ('amd', 'twiml'))
    GROUP BY e.attempt_id, e.kind, e.status
    ORDER BY e.attempt_id, e.kind, e.status`);
}

export interface TimelineResponse {
  attemptId: number | null;
  channel: 'dtmf' | 'sms';
  meaning: string;
  body: string;
  receivedAt: number;
}

export async function recipientResponses(q: Queryable, recipientId: number): Promise<TimelineResponse[]> {
  return q.all<TimelineResponse>(sql`
    SELECT attempt_id AS "attemptId", channel, meaning, body, received_at AS "receivedAt"
    FROM responses WHERE recipient_id = ${recipientId} ORDER BY id`);
}
