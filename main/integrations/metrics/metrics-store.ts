/**
 * The database's side of a /metrics scrape: a few grouped counts, each read through an index
 * (alerts_state_idx, dispatch_attempts_work_idx, the primary key's ranges for the ledger (see
 * attempt-tally.ts), the outbox's, the leadership's one row). COUNT(*) comes back as a string
 * from PostgreSQL (bigint), hence the Number()s.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/store';
import { outboxCounts } from '../outbound/outbox-store';

export interface StateCount {
  state: string;
  n: number;
}

export interface ChannelStateCount extends StateCount {
  channel: string;
}

/** Alerts per state, over every alert kept. */
export async function alertsByState(q: Queryable): Promise<StateCount[]> {
  const rows = await q.all<{ state: string; n: number | string }>(sql`SELECT state AS "state", COUNT(*) AS "n" FROM alerts GROUP BY state`);
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

/** The ledger's highest attempt id (0 when empty): the primary key's last entry. */
export async function maxAttemptId(q: Queryable): Promise<number> {
  const row = await q.get<{ id: number | string | null }>(sql`SELECT MAX(id) AS "id" FROM dispatch_attempts`);
  return Number(row?.id ?? 0);
}

/** Attempts per channel and present state among ids [from, to): a range of the primary key, however long the ledger. */
export async function attemptsByChannelState(q: Queryable, from: number, to: number): Promise<ChannelStateCount[]> {
  const rows = await q.all<{ channel: string; state: string; n: number | string }>(sql`
    SELECT channel AS "channel", state AS "state", COUNT(*) AS "n" FROM dispatch_attempts
    WHERE id >= ${from} AND id < ${to} GROUP BY channel, state`);
  return rows.map((r) => ({ channel: r.channel, state: r.state, n: Number(r.n) }));
}

/** When the first attempt at or after `id` was written (queued_at is set once, at insert), or null if none. */
export async function firstQueuedAtFrom(q: Queryable, id: number): Promise<number | null> {
  const row = await q.get<{ at: number | string }>(sql`SELECT queued_at AS "at" FROM dispatch_attempts WHERE id >= ${id} ORDER BY id LIMIT 1`);
  return row ? Number(row.at) : null;
}

/**
 * Queued attempts of alerts that may dispatch (queued, running: as the dispatcher's own query),
 * by channel: those due now (its backlog) and those waiting for their time. An alert awaiting
 * approval is not in the queue yet.
 */
export async function dispatchQueue(q: Queryable, now: number): Promise<Array<{ channel: string; due: number; later: number }>> {
  const rows = await q.all<{ channel: string; due: number | string | null; later: number | string | null }>(sql`
    SELECT channel AS "channel",
           SUM(CASE WHEN not_before <= ${now} THEN 1 ELSE 0 END) AS "due",
           SUM(CASE WHEN not_before > ${now} THEN 1 ELSE 0 END) AS "later"
    FROM dispatch_attempts
    WHERE state = 'queued' AND alert_id IN (SELECT id FROM alerts WHERE state IN ('queued', 'running'))
    GROUP BY channel`);
  return rows.map((r) => ({ channel: r.channel, due: Number(r.due ?? 0), later: Number(r.later ?? 0) }));
}

/** Outgoing webhook messages per state (the outbox's own count), and how many pending ones have failed at least once (being retried). */
export async function webhookOutbox(q: Queryable): Promise<{ byState: StateCount[]; retrying: number }> {
  const [counts, retrying] = await Promise.all([
    outboxCounts(q),
    q.get<{ n: number | string }>(sql`SELECT COUNT(*) AS "n" FROM webhook_outbox WHERE state = 'pending' AND attempts > 0`),
  ]);
  return { byState: Object.entries(counts).map(([state, n]) => ({ state, n })), retrying: Number(retrying?.n ?? 0) };
}
