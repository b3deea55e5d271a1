/**
 * The call log and the SMS log: one row per attempt in the dispatch ledger, newest first. The
 * reads and their plans are in reports-store.ts.
 */
import type { LogQuery, LogRow } from '../contract';
import { iso, isoOrNull } from '../db/tx';
import type { Queryable } from '../db/store';
import { AppError } from '../errors';
import { attemptReason } from '../dispatch/carrier-reasons';
import { logPage, sqliteLogPlan, type LogAttemptRow, type LogWhere } from './reports-store';

/** The filters of a log, without paging (what an export takes). */
export type LogFilter = Omit<LogQuery, 'beforeId' | 'limit'>;

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

function whereOf(q: LogFilter & { beforeId?: number }): LogWhere {
  const fromMs = parseTime(q.from, 'from');
  const toMs = parseTime(q.to, 'to');
  return { channel: q.channel, alertId: q.alertId, contactId: q.contactId, state: q.state, fromMs, toMs, beforeId: q.beforeId };
}

const reasonFields = (reason: LogRow['reason']) => ({ error: reason?.message ?? null, reason });

function toLogRow(r: LogAttemptRow): LogRow {
  return {
    attemptId: r.id,
    alertId: r.alertId,
    alertTitle: r.title,
    drill: r.drill === 1,
    recipientName: r.name,
    contactId: r.contactId,
    e164: r.e164,
    channel: r.channel,
    purpose: r.purpose,
    state: r.state,
    queuedAt: iso(r.queuedAt),
    submittedAt: isoOrNull(r.submittedAt),
    answeredAt: isoOrNull(r.answeredAt),
    finishedAt: isoOrNull(r.finishedAt),
    durationS: r.durationS,
    segments: r.segments,
    answeredBy: r.answeredBy,
    ...reasonFields(attemptReason(r.state, r.errorCode, r.errorMessage)),
  };
}

/**
 * One page of the call log (channel voice) or SMS log (channel sms), newest first. `from` is
 * inclusive and `to` exclusive, both on the time the attempt was queued; page on with the last
 * row's attemptId as `beforeId`.
 */
export async function listLogs(q: Queryable, query: LogQuery): Promise<LogRow[]> {
  return (await logPage(q, whereOf(query), query.limit ?? 100)).map(toLogRow);
}

/**
 * Every row matching the filter, newest first, read in pages so no single statement runs long.
 * Read it inside one unit for one moment's rows.
 */
export async function* allLogs(q: Queryable, filter: LogFilter, pageSize = 5000): AsyncGenerator<LogRow> {
  let beforeId: number | undefined;
  for (;;) {
    const page = await logPage(q, whereOf({ ...filter, beforeId }), pageSize);
    for (const r of page) yield toLogRow(r);
    if (page.length < pageSize) return;
    beforeId = page[page.length - 1]!.id;
  }
}

/** The plan SQLite picks for a page of the log (for tests and for measuring). */
export function logPlan(q: Queryable, query: LogQuery): Promise<string[]> {
  return sqliteLogPlan(q, whereOf(query), query.limit ?? 100);
}
