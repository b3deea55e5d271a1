/** The live view's per-recipient table: each person's outcome and their latest attempt. */
import { sql, type SQL } from 'drizzle-orm';
import type { AttemptState, RecipientRow } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';
import { attemptReason } from '../dispatch/carrier-reasons';

export function recipientRows(
  db: Db,
  q: { id: number; state?: RecipientRow['state']; offset: number; limit: number },
): { total: number; rows: RecipientRow[] } {
  const filter = q.state ? sql`AND r.state = ${q.state}` : sql``;
  const total = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM alert_recipients r WHERE r.alert_id = ${q.id} ${filter}`).n;
  return { total, rows: select(db, sql`r.alert_id = ${q.id} ${filter}`, sql`LIMIT ${q.limit} OFFSET ${q.offset}`) };
}

/** The rows of these recipients, for live updates. */
export function recipientRowsByIds(db: Db, ids: number[]): Array<RecipientRow & { alertId: number }> {
  if (ids.length === 0) return [];
  return select(db, sql`r.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`, sql``);
}

function select(db: Db, where: SQL, page: SQL): Array<RecipientRow & { alertId: number }> {
  const rows = db.all<{
    alert_id: number;
    id: number;
    contact_id: number | null;
    name: string;
    state: RecipientRow['state'];
    confirmed_via: 'voice' | 'sms' | null;
    attempts: number;
    channel: 'voice' | 'sms' | null;
    e164: string | null;
    a_state: AttemptState | null;
    a_id: number | null;
    updated_at: number | null;
    error_code: string | null;
    error_message: string | null;
  }>(sql`
    SELECT r.alert_id, r.id, r.contact_id, r.name, r.state, r.confirmed_via,
      (SELECT COUNT(*) FROM dispatch_attempts d WHERE d.recipient_id = r.id) AS attempts,
      l.id AS a_id, l.channel, l.e164, l.state AS a_state, l.updated_at, l.error_code, l.error_message
    FROM alert_recipients r
    LEFT JOIN dispatch_attempts l ON l.id = (SELECT id FROM dispatch_attempts d WHERE d.recipient_id = r.id ORDER BY d.updated_at DESC, d.id DESC LIMIT 1)
    WHERE ${where}
    ORDER BY r.id ${page}`);
  return rows.map((r) => ({
      alertId: r.alert_id,
      id: r.id,
      contactId: r.contact_id,
      name: r.name,
      state: r.state,
      confirmedVia: r.confirmed_via,
      attempts: r.attempts,
      last:
        r.a_id !== null && r.channel && r.e164 && r.a_state && r.updated_at !== null
          ? { attemptId: r.a_id, channel: r.channel, e164: r.e164, state: r.a_state, at: iso(r.updated_at), ...lastReason(r.a_state, r.error_code, r.error_message) }
          : null,
    }));
}

/** The latest attempt's reason: a code for the console, its English words as `error`. */
function lastReason(state: AttemptState, code: string | null, message: string | null): { error: string | null; reason: NonNullable<RecipientRow['last']>['reason'] } {
  const reason = attemptReason(state, code, message, { queuedNotes: true });
  return { error: reason?.message ?? null, reason };
}
