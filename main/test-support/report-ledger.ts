/** For report tests: a ledger written row by row with known times, on any store. */
import { sql } from 'drizzle-orm';
import type { AttemptState } from '../contract';
import { getOne, type Queryable } from '../db/store';

export interface SeedAttempt {
  channel: 'voice' | 'sms';
  state: AttemptState;
  queuedAt: number;
  purpose?: 'alert' | 'stand_down';
  e164?: string;
  sid?: string | null;
  answeredAt?: number | null;
  answeredBy?: string | null;
  finishedAt?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  cycle?: number;
}

export interface SeedAlert {
  title: string;
  drill?: boolean;
  createdAt: number;
  startedAt?: number | null;
  state?: string;
  policy?: object;
  channels?: string[];
}

export interface SeedRecipient {
  name: string;
  contactId?: number | null;
  state?: string;
  confirmedAt?: number;
  confirmedVia?: 'voice' | 'sms';
  declinedAt?: number;
  attempts: SeedAttempt[];
}

export interface Seeded {
  alertId: number;
  recipientIds: number[];
  attemptIds: number[][];
}

/** Writes one alert with its recipients and attempts in one unit, on SQLite or PostgreSQL; returns the ids. */
export function seedLedger(q: Queryable, alert: SeedAlert, recipients: SeedRecipient[]): Promise<Seeded> {
  return q.unit(async (tx) => {
    const { id: alertId } = await getOne<{ id: number }>(
      tx,
      sql`INSERT INTO alerts (launch_key, title, state, drill, channels, policy, created_at, started_at)
        VALUES (${`seed-${Math.random().toString(36).slice(2)}`}, ${alert.title}, ${alert.state ?? 'completed'}, ${alert.drill ? 1 : 0},
          ${JSON.stringify(alert.channels ?? ['voice', 'sms'])}, ${JSON.stringify(alert.policy ?? {})}, ${alert.createdAt}, ${alert.startedAt ?? null})
        RETURNING id AS "id"`,
      'seeded alert',
    );
    const recipientIds: number[] = [];
    const attemptIds: number[][] = [];
    let n = 0;
    for (const r of recipients) {
      const { id: recipientId } = await getOne<{ id: number }>(
        tx,
        sql`INSERT INTO alert_recipients (alert_id, contact_id, name, state, confirmed_at, confirmed_via, declined_at)
          VALUES (${alertId}, ${r.contactId ?? null}, ${r.name}, ${r.state ?? 'pending'}, ${r.confirmedAt ?? null}, ${r.confirmedVia ?? null}, ${r.declinedAt ?? null})
          RETURNING id AS "id"`,
        'seeded recipient',
      );
      recipientIds.push(recipientId);
      const ids: number[] = [];
      for (const a of r.attempts) {
        const sent = a.state !== 'queued' && a.state !== 'in_doubt';
        const cycle = a.cycle ?? n++;
        const sid = a.sid === undefined ? (sent ? `SID${alertId}x${recipientId}x${n}` : null) : a.sid;
        const { id } = await getOne<{ id: number }>(
          tx,
          sql`INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, carrier_sid, answered_at, answered_by,
              error_code, error_message, not_before, queued_at, submitting_at, submitted_at, finished_at, updated_at)
            VALUES (${alertId}, ${recipientId}, ${a.channel}, ${a.purpose ?? 'alert'}, ${a.e164 ?? `+4670${String(recipientId).padStart(7, '0')}`},
              ${cycle}, 0, ${a.state}, ${sid}, ${a.answeredAt ?? null}, ${a.answeredBy ?? null}, ${a.errorCode ?? null}, ${a.errorMessage ?? null},
              ${a.queuedAt}, ${a.queuedAt}, ${sent ? a.queuedAt : null}, ${sent ? a.queuedAt + 100 : null}, ${a.finishedAt ?? null}, ${a.queuedAt})
            RETURNING id AS "id"`,
          'seeded attempt',
        );
        ids.push(id);
      }
      attemptIds.push(ids);
    }
    return { alertId, recipientIds, attemptIds };
  });
}
