/**
 * The dispatch ledger's rows (dispatch_attempts), the same on SQLite and PostgreSQL. Every state
 * change is a conditional update that counts its `changes`, and `submitting` is committed (its
 * unit has ended) before any request leaves: after a crash, the ledger knows exactly which
 * attempts may have reached the carrier.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';
import type { AttemptState } from './attempt-status';

export interface AttemptRow {
  id: number;
  alertId: number;
  recipientId: number;
  channel: 'voice' | 'sms';
  purpose: 'alert' | 'stand_down';
  e164: string;
  cycle: number;
  attemptNo: number;
  state: AttemptState;
  carrierSid: string | null;
  submittingAt: number | null;
  notBefore: number;
}

/** Hoisted: every callback and every result reads these columns. */
const COLUMNS = sql.raw(`id, alert_id AS "alertId", recipient_id AS "recipientId", channel, purpose, e164, cycle, attempt_no AS "attemptNo",
  state, carrier_sid AS "carrierSid", submitting_at AS "submittingAt", not_before AS "notBefore"`);
const ACTIVE_ALERTS = sql.raw(`alert_id IN (SELECT id FROM alerts WHERE state IN ('queued', 'running'))`);

export function getAttempt(q: Queryable, id: number): Promise<AttemptRow | undefined> {
  return q.get<AttemptRow>(sql`SELECT ${COLUMNS} FROM dispatch_attempts WHERE id = ${id}`);
}

export function attemptBySid(q: Queryable, sid: string): Promise<AttemptRow | undefined> {
  return q.get<AttemptRow>(sql`SELECT ${COLUMNS} FROM dispatch_attempts WHERE carrier_sid = ${sid}`);
}

/** A due attempt with its alert's drill flag, which chooses the carrier (carriers.ts). */
export interface DueAttempt extends AttemptRow {
  drill: boolean;
}

/** Queued attempts that are due, oldest alert first, for alerts that may dispatch. */
export async function dueAttempts(q: Queryable, now: number, channel: 'voice' | 'sms', limit: number): Promise<DueAttempt[]> {
  const rows = await q.all<AttemptRow & { drill: number }>(sql`
    SELECT ${COLUMNS}, (SELECT a.drill FROM alerts a WHERE a.id = dispatch_attempts.alert_id) AS drill FROM dispatch_attempts
    WHERE state = 'queued' AND channel = ${channel} AND not_before <= ${now} AND ${ACTIVE_ALERTS}
    ORDER BY alert_id, purpose DESC, id
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, drill: Number(r.drill) === 1 }));
}

/** When the next queued attempt becomes due (for the dispatcher's timer), or null. */
export async function nextDueAt(q: Queryable): Promise<number | null> {
  const row = await q.get<{ t: number | null }>(sql`SELECT MIN(not_before) AS t FROM dispatch_attempts WHERE state = 'queued' AND ${ACTIVE_ALERTS}`);
  return row?.t == null ? null : Number(row.t);
}

/** Calls under way. The WHERE is word for word the partial index's (schema.ts), which is what lets both engines use it. */
export async function activeCalls(q: Queryable): Promise<number> {
  const row = await q.get<{ n: number }>(sql`
    SELECT COUNT(*) AS n FROM dispatch_attempts WHERE channel = 'voice' AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`);
  return Number(row?.n ?? 0);
}

/**
 * Claims attempts for sending, in one unit committed before any request leaves (the promise
 * settles after the commit). Each claim is conditional (`state = 'queued'`) and counted: returns
 * the ids actually claimed (another writer may have moved one meanwhile).
 */
export async function markSubmitting(q: Queryable, ids: number[], now: number, epoch: number): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return q.unit(async (tx) => {
    const claimed = new Set<number>();
    for (const id of ids) {
      // Fenced: only under the leadership's current epoch (cluster/). Taking the lead bumps the
      // epoch in a unit, and units take turns, so no claim of a deposed leader commits after it.
      const { changes } = await tx.run(sql`
        UPDATE dispatch_attempts SET state = 'submitting', submitting_at = ${now}, updated_at = ${now}
        WHERE id = ${id} AND state = 'queued' AND EXISTS (SELECT 1 FROM cluster_leadership WHERE id = 1 AND epoch = ${epoch})`);
      if (changes === 1) claimed.add(id);
    }
    if (claimed.size > 0) {
      await tx.run(sql`
        UPDATE alerts SET state = 'running', started_at = COALESCE(started_at, ${now})
        WHERE state = 'queued' AND id IN (SELECT alert_id FROM dispatch_attempts WHERE id IN (${sql.join([...claimed].map((id) => sql`${id}`), sql`, `)}))`);
    }
    return claimed;
  });
}

export interface RecentSpend {
  channel: 'voice' | 'sms';
  at: number;
  units: number;
}

/**
 * Creates sent since `since` (ms), by whichever engine: a new leader's pacing starts from them,
 * so the carrier's rate holds across a takeover.
 */
export function recentSpends(q: Queryable, since: number): Promise<RecentSpend[]> {
  return q.all<RecentSpend>(sql`
    SELECT channel AS "channel", submitting_at AS "at", COALESCE(segments, 1) AS "units"
    FROM dispatch_attempts WHERE submitting_at >= ${since} ORDER BY submitting_at`);
}

/** What the carrier answered a create with; `sentAt` is when the request left (the call was dialled then). */
export interface Submission {
  sid: string;
  account: string;
  sentAt: number;
  segments?: number;
}

export function markSubmitted(q: Queryable, id: number, { sid, account, sentAt, segments }: Submission, now: number) {
  return q.run(sql`
    UPDATE dispatch_attempts SET state = 'submitted', carrier_sid = ${sid}, carrier_account = ${account}, submitted_at = ${sentAt},
      segments = ${segments ?? null}, status_rank = 2, updated_at = ${now}
    WHERE id = ${id} AND state IN ('submitting', 'in_doubt')`);
}

export function requeue(q: Queryable, id: number, notBefore: number, reason: string | null, now: number) {
  return q.run(sql`
    UPDATE dispatch_attempts SET state = 'queued', not_before = ${notBefore}, error_message = ${reason}, updated_at = ${now}
    WHERE id = ${id} AND state IN ('submitting', 'in_doubt')`);
}

export function markInDoubt(q: Queryable, id: number, reason: string, now: number) {
  return q.run(sql`UPDATE dispatch_attempts SET state = 'in_doubt', error_message = ${reason}, updated_at = ${now} WHERE id = ${id} AND state = 'submitting'`);
}

/** After a crash: whatever was being submitted may or may not have reached the carrier. */
export async function recoverInterrupted(q: Queryable, now: number): Promise<number> {
  const { changes } = await q.run(sql`
    UPDATE dispatch_attempts SET state = 'in_doubt', error_message = 'engine stopped while submitting', updated_at = ${now}
    WHERE state = 'submitting'`);
  return changes;
}

export function inDoubtAttempts(q: Queryable): Promise<AttemptRow[]> {
  return q.all<AttemptRow>(sql`SELECT ${COLUMNS} FROM dispatch_attempts WHERE state = 'in_doubt' ORDER BY id`);
}

/** SIDs the ledger already holds, so an in-doubt attempt never adopts someone else's call. */
export async function knownSid(q: Queryable, sid: string): Promise<boolean> {
  return (await q.get(sql`SELECT 1 AS hit FROM dispatch_attempts WHERE carrier_sid = ${sid}`)) !== undefined;
}

/** A polled answer is no event: the row's clock moves so it is not asked about again at once. */
export function touchAttempt(q: Queryable, id: number, now: number) {
  return q.run(sql`UPDATE dispatch_attempts SET updated_at = ${now} WHERE id = ${id}`);
}

export interface StaleAttempt {
  id: number;
  alertId: number;
  channel: 'voice' | 'sms';
  sid: string;
}

/** Attempts in flight that have heard nothing since `before`, the stalest first. */
export function staleAttempts(q: Queryable, before: number, limit: number): Promise<StaleAttempt[]> {
  return q.all<StaleAttempt>(sql`
    SELECT id, alert_id AS "alertId", channel, carrier_sid AS sid FROM dispatch_attempts
    WHERE state IN ('submitted', 'ringing', 'in_progress') AND carrier_sid IS NOT NULL AND updated_at <= ${before}
    ORDER BY updated_at LIMIT ${limit}`);
}

/** Whether a number has opted out of texts (since an attempt to it was queued). */
export async function isOptedOut(q: Queryable, e164: string): Promise<boolean> {
  return (await q.get(sql`SELECT 1 AS hit FROM phone_numbers WHERE e164 = ${e164} AND sms_opted_out = 1 LIMIT 1`)) !== undefined;
}
