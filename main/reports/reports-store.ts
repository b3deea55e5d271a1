/**
 * The reports' reads from the dispatch ledger: one alert's rows for its report, and pages of the
 * call and SMS logs. The same rows in the same order on SQLite and PostgreSQL (every list has an
 * ORDER BY on ids).
 *
 * Log plans (asserted in logs.test.ts on SQLite; measured on 100,000 attempts): without an alert
 * filter the query walks dispatch_attempts by rowid backwards and stops at `limit` rows; with an
 * alert it uses dispatch_attempts_alert_idx; with a contact it collects that contact's
 * recipients from the (alert_id, contact_id) index (there is none on contact_id alone) and their
 * attempts through the identity index; a state filter is discussed at `useStateIndex`.
 * A time range has no index of its own (the schema has none on queued_at): it walks the rowid,
 * which is the queue order, so a recent range is immediate and the worst case is one pass.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AlertReport, AttemptState, Channel } from '../contract';
import { withoutIndex } from '../db/dialect-sql';
import type { Queryable } from '../db/store';

export interface ReportAlertRow {
  id: number;
  title: string;
  drill: number;
  onSimulator: number | null;
  state: AlertReport['alert']['state'];
  channels: string;
  policy: string;
  contentSha256: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  createdBy: string | null;
  approvedBy: string | null;
  burnSha256: string | null;
  burnedAt: number | null;
}

export interface ReportRecipientRow {
  id: number;
  name: string;
  state: AlertReport['recipients'][number]['state'];
  confirmedAt: number | null;
  confirmedVia: 'voice' | 'sms' | null;
  declinedAt: number | null;
}

export interface ReportAttemptRow {
  recipientId: number;
  channel: Channel;
  purpose: 'alert' | 'stand_down';
  e164: string;
  state: AttemptState;
  carrierSid: string | null;
  submittingAt: number | null;
  answeredAt: number | null;
  answeredBy: string | null;
  finishedAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface AlertReportRows {
  alert: ReportAlertRow;
  recipients: ReportRecipientRow[];
  attempts: ReportAttemptRow[];
}

/** The alert, its recipients and its attempts in id order; undefined when there is no such alert. Read it in one unit for one moment's rows. */
export async function alertReportRows(q: Queryable, alertId: number): Promise<AlertReportRows | undefined> {
  const alert = await q.get<ReportAlertRow>(sql`
    SELECT a.id AS "id", a.title AS "title", a.drill AS "drill", a.on_simulator AS "onSimulator", a.state AS "state",
      a.channels AS "channels", a.policy AS "policy", a.content_sha256 AS "contentSha256", a.created_at AS "createdAt",
      a.started_at AS "startedAt", a.finished_at AS "finishedAt",
      u.username AS "createdBy", v.username AS "approvedBy", b.content_sha256 AS "burnSha256", b.burned_at AS "burnedAt"
    FROM alerts a
    LEFT JOIN users u ON u.id = a.created_by LEFT JOIN users v ON v.id = a.approved_by
    LEFT JOIN burn_messages b ON b.alert_id = a.id
    WHERE a.id = ${alertId}`);
  if (!alert) return undefined;
  const recipients = await q.all<ReportRecipientRow>(sql`
    SELECT id AS "id", name AS "name", state AS "state", confirmed_at AS "confirmedAt", confirmed_via AS "confirmedVia", declined_at AS "declinedAt"
    FROM alert_recipients WHERE alert_id = ${alertId} ORDER BY id`);
  const attempts = await q.all<ReportAttemptRow>(sql`
    SELECT recipient_id AS "recipientId", channel AS "channel", purpose AS "purpose", e164 AS "e164", state AS "state",
      carrier_sid AS "carrierSid", submitting_at AS "submittingAt", answered_at AS "answeredAt", answered_by AS "answeredBy",
      finished_at AS "finishedAt", error_code AS "errorCode", error_message AS "errorMessage"
    FROM dispatch_attempts WHERE alert_id = ${alertId} ORDER BY id`);
  return { alert, recipients, attempts };
}

/** One attempt of a log, with its alert and recipient. */
export interface LogAttemptRow {
  id: number;
  alertId: number;
  title: string;
  drill: number;
  name: string;
  contactId: number | null;
  e164: string;
  channel: Channel;
  purpose: 'alert' | 'stand_down';
  state: AttemptState;
  queuedAt: number;
  submittedAt: number | null;
  answeredAt: number | null;
  finishedAt: number | null;
  durationS: number | null;
  segments: number | null;
  answeredBy: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** A log's filter as times in ms (parsed by the caller), plus the page's end. */
export interface LogWhere {
  channel: Channel;
  alertId?: number;
  contactId?: number;
  state?: AttemptState;
  fromMs: number | null;
  toMs: number | null;
  beforeId?: number;
}

/** States the dispatcher keeps few of (bounded by pacing and concurrency): their index finds them at once. */
const LIVE_STATES: ReadonlySet<AttemptState> = new Set(['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt']);

/**
 * With an alert, (alert_id, state) is the best index there is. Alone, a live state is rare and its
 * index wins; a final state (completed, busy, …) is most of the table, and walking the rowid
 * backwards finds a page long before sorting every match would (52 ms against 1 ms at 100k, SQLite).
 */
const useStateIndex = (w: LogWhere) => w.alertId !== undefined || LIVE_STATES.has(w.state!);

function whereOf(q: Queryable, w: LogWhere): SQL {
  const parts: SQL[] = [sql`d.channel = ${w.channel}`];
  if (w.alertId !== undefined) parts.push(sql`d.alert_id = ${w.alertId}`);
  // The contact's recipients first (one pass over a covering index), then their attempts by the identity index.
  if (w.contactId !== undefined) parts.push(sql`d.recipient_id IN (SELECT id FROM alert_recipients WHERE contact_id = ${w.contactId})`);
  if (w.state !== undefined) parts.push(sql`${useStateIndex(w) ? sql`d.state` : withoutIndex(q.dialect, sql`d.state`)} = ${w.state}`);
  if (w.fromMs !== null) parts.push(sql`d.queued_at >= ${w.fromMs}`);
  if (w.toMs !== null) parts.push(sql`d.queued_at < ${w.toMs}`);
  if (w.beforeId !== undefined) parts.push(sql`d.id < ${w.beforeId}`);
  return sql.join(parts, sql` AND `);
}

function logSql(q: Queryable, w: LogWhere, limit: number): SQL {
  return sql`
    SELECT d.id AS "id", d.alert_id AS "alertId", a.title AS "title", a.drill AS "drill", r.name AS "name", r.contact_id AS "contactId",
      d.e164 AS "e164", d.channel AS "channel", d.purpose AS "purpose", d.state AS "state",
      d.queued_at AS "queuedAt", d.submitted_at AS "submittedAt", d.answered_at AS "answeredAt", d.finished_at AS "finishedAt",
      d.duration_s AS "durationS", d.segments AS "segments", d.answered_by AS "answeredBy",
      d.error_code AS "errorCode", d.error_message AS "errorMessage"
    FROM dispatch_attempts d
    JOIN alerts a ON a.id = d.alert_id
    JOIN alert_recipients r ON r.id = d.recipient_id
    WHERE ${whereOf(q, w)}
    ORDER BY d.id DESC
    LIMIT ${limit}`;
}

/** One page of a log, newest attempt first. */
export function logPage(q: Queryable, w: LogWhere, limit: number): Promise<LogAttemptRow[]> {
  return q.all<LogAttemptRow>(logSql(q, w, limit));
}

/** The plan SQLite picks for a page of the log (for tests and for measuring); SQLite's own words, so SQLite only. */
export async function sqliteLogPlan(q: Queryable, w: LogWhere, limit: number): Promise<string[]> {
  if (q.dialect !== 'sqlite') throw new Error('sqliteLogPlan reads SQLite query plans');
  const rows = await q.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${logSql(q, w, limit)}`);
  return rows.map((r) => r.detail);
}
