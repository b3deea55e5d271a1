/** Replies as received, newest first; the unmatched ones are what operators must read by hand. */
import { sql } from 'drizzle-orm';
import type { ParsedInput, ResponseRow } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';

export function listResponses(db: Db, input: ParsedInput<'responses.list'>): ResponseRow[] {
  const rows = db.all<{
    id: number;
    received_at: number;
    channel: 'dtmf' | 'sms';
    from_e164: string;
    body: string;
    meaning: ResponseRow['meaning'];
    alert_id: number | null;
    recipient_name: string | null;
  }>(sql`
    SELECT s.id, s.received_at, s.channel, s.from_e164, s.body, s.meaning, s.alert_id, r.name AS recipient_name
    FROM responses s LEFT JOIN alert_recipients r ON r.id = s.recipient_id
    WHERE (${input.unmatchedOnly ? 1 : 0} = 0 OR (s.alert_id IS NULL AND s.meaning NOT IN ('stop', 'start')))
      AND (${input.beforeId ?? null} IS NULL OR s.id < ${input.beforeId ?? null})
    ORDER BY s.id DESC LIMIT ${input.limit}`);
  return rows.map((r) => ({
    id: r.id,
    receivedAt: iso(r.received_at),
    channel: r.channel,
    fromE164: r.from_e164,
    body: r.body,
    meaning: r.meaning,
    alertId: r.alert_id,
    recipientName: r.recipient_name,
  }));
}
