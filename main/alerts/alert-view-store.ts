/**
 * Reading alerts back from the ledger itself (never a cache): an alert's row with who launched
 * and approved it and its burn, its live counters, and its people with their latest attempt.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AttemptState, RecipientRow } from '../contract';
import { countWhere } from '../db/dialect-sql';
import type { Queryable } from '../db/store';
import { getOne } from '../db/store';

export interface AlertRow {
  id: number;
  launchKey: string;
  title: string;
  onSimulator: number | null;
  state: 'pending_approval' | 'queued' | 'running' | 'completed' | 'canceled' | 'expired';
  drill: number;
  channels: string;
  policy: string;
  voiceText: string;
  smsText: string;
  createdByName: string | null;
  createdBy: number | null;
  approvedByName: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  expiresAt: number | null;
  scheduleId: number | null;
  burnAfter: 'time' | 'delivery' | 'confirmation' | 'end' | null;
  burnMinutes: number | null;
  burnAt: number | null;
  burnedAt: number | null;
}

export function alertRow(q: Queryable, id: number): Promise<AlertRow | undefined> {
  return q.get<AlertRow>(sql`
    SELECT a.id AS "id", a.launch_key AS "launchKey", a.title AS "title", a.on_simulator AS "onSimulator", a.state AS "state",
      a.drill AS "drill", a.channels AS "channels", a.policy AS "policy", a.voice_text AS "voiceText", a.sms_text AS "smsText",
      u.username AS "createdByName", a.created_by AS "createdBy", v.username AS "approvedByName", a.created_at AS "createdAt",
      a.started_at AS "startedAt", a.finished_at AS "finishedAt", a.expires_at AS "expiresAt", a.schedule_id AS "scheduleId",
      b.burn_after AS "burnAfter", b.burn_minutes AS "burnMinutes", b.burn_at AS "burnAt", b.burned_at AS "burnedAt"
    FROM alerts a
    LEFT JOIN users u ON u.id = a.created_by LEFT JOIN users v ON v.id = a.approved_by
    LEFT JOIN burn_messages b ON b.alert_id = a.id WHERE a.id = ${id}`);
}

export interface PeopleCounts {
  total: number;
  confirmed: number;
  declined: number;
  pending: number;
  unreached: number;
  canceled: number;
}

export interface AttemptCounts {
  queued: number;
  dialling: number;
  ringing: number;
  answered: number;
  failed: number;
  inDoubt: number;
  smsSent: number;
}

const counted = (condition: SQL) => sql`COALESCE(${countWhere(condition)}, 0)`;

/** The counts behind an alert's counters: its people by state, its attempts by stage. */
export async function alertCounts(q: Queryable, alertId: number): Promise<{ people: PeopleCounts; attempts: AttemptCounts }> {
  const people = await getOne<PeopleCounts>(
    q,
    sql`
    SELECT COUNT(*) AS "total",
      ${counted(sql`state = 'confirmed'`)} AS "confirmed",
      ${counted(sql`state = 'declined'`)} AS "declined",
      ${counted(sql`state = 'pending'`)} AS "pending",
      ${counted(sql`state = 'unreached'`)} AS "unreached",
      ${counted(sql`state = 'canceled'`)} AS "canceled"
    FROM alert_recipients WHERE alert_id = ${alertId}`,
    'recipient counts',
  );
  const attempts = await getOne<AttemptCounts>(
    q,
    sql`
    SELECT
      ${counted(sql`state = 'queued'`)} AS "queued",
      ${counted(sql`state IN ('submitting', 'submitted')`)} AS "dialling",
      ${counted(sql`channel = 'voice' AND state = 'ringing'`)} AS "ringing",
      ${counted(sql`channel = 'voice' AND answered_at IS NOT NULL`)} AS "answered",
      ${counted(sql`state IN ('failed', 'busy', 'no_answer')`)} AS "failed",
      ${counted(sql`state = 'in_doubt'`)} AS "inDoubt",
      ${counted(sql`channel = 'sms' AND state IN ('in_progress', 'completed')`)} AS "smsSent"
    FROM dispatch_attempts WHERE alert_id = ${alertId}`,
    'attempt counts',
  );
  return { people, attempts };
}

/** One recipient with their latest attempt (`a*` columns null when none yet). */
export interface RecipientWithLast {
  alertId: number;
  id: number;
  contactId: number | null;
  name: string;
  state: RecipientRow['state'];
  confirmedVia: 'voice' | 'sms' | null;
  attempts: number;
  aId: number | null;
  channel: 'voice' | 'sms' | null;
  e164: string | null;
  aState: AttemptState | null;
  updatedAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

function selectRecipients(q: Queryable, where: SQL, page: SQL): Promise<RecipientWithLast[]> {
  return q.all<RecipientWithLast>(sql`
    SELECT r.alert_id AS "alertId", r.id AS "id", r.contact_id AS "contactId", r.name AS "name", r.state AS "state",
      r.confirmed_via AS "confirmedVia",
      (SELECT COUNT(*) FROM dispatch_attempts d WHERE d.recipient_id = r.id) AS "attempts",
      l.id AS "aId", l.channel AS "channel", l.e164 AS "e164", l.state AS "aState", l.updated_at AS "updatedAt",
      l.error_code AS "errorCode", l.error_message AS "errorMessage"
    FROM alert_recipients r
    LEFT JOIN dispatch_attempts l ON l.id = (SELECT id FROM dispatch_attempts d WHERE d.recipient_id = r.id ORDER BY d.updated_at DESC, d.id DESC LIMIT 1)
    WHERE ${where}
    ORDER BY r.id ${page}`);
}

/** A page of an alert's people (optionally of one state), with how many there are in all. */
export async function recipientPage(
  q: Queryable,
  p: { alertId: number; state?: RecipientRow['state']; offset: number; limit: number },
): Promise<{ total: number; rows: RecipientWithLast[] }> {
  const filter = p.state ? sql`AND r.state = ${p.state}` : sql``;
  const total = await getOne<{ n: number }>(q, sql`SELECT COUNT(*) AS "n" FROM alert_recipients r WHERE r.alert_id = ${p.alertId} ${filter}`, 'recipient count');
  const rows = await selectRecipients(q, sql`r.alert_id = ${p.alertId} ${filter}`, sql`LIMIT ${p.limit} OFFSET ${p.offset}`);
  return { total: Number(total.n), rows };
}

/** These recipients' rows, for live updates (in IN-lists of at most 1,000). */
export async function recipientsByIds(q: Queryable, recipientIds: number[]): Promise<RecipientWithLast[]> {
  const rows: RecipientWithLast[] = [];
  const sorted = [...recipientIds].sort((a, b) => a - b); // in recipient order, as one query would give them
  for (let i = 0; i < sorted.length; i += 1000) {
    const chunk = sorted.slice(i, i + 1000);
    rows.push(...(await selectRecipients(q, sql`r.id IN (${sql.join(chunk.map((id) => sql`${id}`), sql`, `)})`, sql``)));
  }
  return rows;
}
