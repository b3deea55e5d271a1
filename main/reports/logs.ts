/**
 * The call log and the SMS log: one row per attempt in the dispatch ledger, newest first.
 *
 * Plans (asserted in logs.test.ts; measured on 100,000 attempts): without an alert filter the
 * query walks dispatch_attempts by rowid backwards and stops at `limit` rows; with an alert it
 * uses dispatch_attempts_alert_idx; with a contact it collects that contact's recipients from
 * the (alert_id, contact_id) index (there is none on contact_id alone) and their attempts through
 * the identity index; a state filter is discussed at `useStateIndex`.
 * A time range has no index of its own (the schema has none on queued_at): it walks the rowid,
 * which is the queue order, so a recent range is immediate and the worst case is one pass.
 */
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { AttemptState, Channel, LogQuery, LogRow } from '../contract';
import type { Db } from '../db/open';
import { iso, isoOrNull } from '../db/tx';
import { AppError } from '../errors';
import { attemptReason } from '../dispatch/carrier-reasons';

/** The filters of a log, without paging (what an export takes). */
export type LogFilter = Omit<LogQuery, 'beforeId' | 'limit'>;

interface Row {
  id: number;
  alert_id: number;
  title: string;
  drill: number;
  name: string;
  contact_id: number | null;
  e164: string;
  channel: Channel;
  purpose: 'alert' | 'stand_down';
  state: AttemptState;
  queued_at: number;
  submitted_at: number | null;
  answered_at: number | null;
  finished_at: number | null;
  duration_s: number | null;
  segments: number | null;
  answered_by: string | null;
  error_code: string | null;
  error_message: string | null;
}

function parseTime(value: string | undefined, field: 'from' | 'to'): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new AppError('validation', `"${field}" is not a date and time (ISO 8601, e.g. 2026-11-26T08:00:00Z): ${value}`, {
      code: 'validation',
      fields: [{ path: field, message: 'not an ISO 8601 time' }],
    });
  }
  return ms;
}

/** States the dispatcher keeps few of (bounded by pacing and concurrency): their index finds them at once. */
const LIVE_STATES: ReadonlySet<AttemptState> = new Set(['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt']);

/**
 * With an alert, (alert_id, state) is the best index there is. Alone, a live state is rare and its
 * index wins; a final state (completed, busy, …) is most of the table, and walking the rowid
 * backwards finds a page long before sorting every match would (52 ms against 1 ms at 100k).
 */
const useStateIndex = (q: { alertId?: number; state?: AttemptState }) => q.alertId !== undefined || LIVE_STATES.has(q.state!);

function whereOf(q: LogFilter & { beforeId?: number }): SQL {
  const from = parseTime(q.from, 'from');
  const to = parseTime(q.to, 'to');
  const parts: SQL[] = [sql`d.channel = ${q.channel}`];
  if (q.alertId !== undefined) parts.push(sql`d.alert_id = ${q.alertId}`);
  // The contact's recipients first (one pass over a covering index), then their attempts by the identity index.
  if (q.contactId !== undefined) parts.push(sql`d.recipient_id IN (SELECT id FROM alert_recipients WHERE contact_id = ${q.contactId})`);
  if (q.state !== undefined) parts.push(useStateIndex(q) ? sql`d.state = ${q.state}` : sql`+d.state = ${q.state}`);
  if (from !== null) parts.push(sql`d.queued_at >= ${from}`);
  if (to !== null) parts.push(sql`d.queued_at < ${to}`);
  if (q.beforeId !== undefined) parts.push(sql`d.id < ${q.beforeId}`);
  return sql.join(parts, sql` AND `);
}

function selectSql(where: SQL, limit: number): SQL {
  return sql`
    SELECT d.id, d.alert_id, a.title, a.drill, r.name, r.contact_id, d.e164, d.channel, d.purpose, d.state,
      d.queued_at, d.submitted_at, d.answered_at, d.finished_at, d.duration_s, d.segments, d.answered_by,
      d.error_code, d.error_message
    FROM dispatch_attempts d
    JOIN alerts a ON a.id = d.alert_id
    JOIN alert_recipients r ON r.id = d.recipient_id
    WHERE ${where}
    ORDER BY d.id DESC
    LIMIT ${limit}`;
}

const select = (db: Db, where: SQL, limit: number) => db.all<Row>(selectSql(where, limit));

const reasonFields = (reason: LogRow['reason']) => ({ error: reason?.message ?? null, reason });

function toLogRow(r: Row): LogRow {
  return {
    attemptId: r.id,
    alertId: r.alert_id,
    alertTitle: r.title,
    drill: r.drill === 1,
    recipientName: r.name,
    contactId: r.contact_id,
    e164: r.e164,
    channel: r.channel,
    purpose: r.purpose,
    state: r.state,
    queuedAt: iso(r.queued_at),
    submittedAt: isoOrNull(r.submitted_at),
    answeredAt: isoOrNull(r.answered_at),
    finishedAt: isoOrNull(r.finished_at),
    durationS: r.duration_s,
    segments: r.segments,
    answeredBy: r.answered_by,
    ...reasonFields(attemptReason(r.state, r.error_code, r.error_message)),
  };
}

/**
 * One page of the call log (channel voice) or SMS log (channel sms), newest first. `from` is
 * inclusive and `to` exclusive, both on the time the attempt was queued; page on with the last
 * row's attemptId as `beforeId`.
 */
export function listLogs(db: Db, query: LogQuery): LogRow[] {
  return select(db, whereOf(query), query.limit ?? 100).map(toLogRow);
}

/** Every row matching the filter, newest first, read in pages so no single statement runs long. */
export function* allLogs(db: Db, filter: LogFilter, pageSize = 5000): Generator<LogRow> {
  let beforeId: number | undefined;
  for (;;) {
    const page = select(db, whereOf({ ...filter, beforeId }), pageSize);
    for (const r of page) yield toLogRow(r);
    if (page.length < pageSize) return;
    beforeId = page[page.length - 1]!.id;
  }
}

/** The plan SQLite picks for a page of the log (for tests and for measuring). */
export function logPlan(db: Db, query: LogQuery): string[] {
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(selectSql(whereOf(query), query.limit ?? 100));
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}
