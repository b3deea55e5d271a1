/**
 * The database's side of a /metrics scrape: a few grouped counts, each read through an index
 * (alerts_state_idx, dispatch_attempts_work_idx, webhook_outbox_due_idx, the leadership's one row).
 * COUNT(*) comes back as a string from PostgreSQL (bigint), hence the Number()s.
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

/** Dispatch attempts per channel and state, over the whole ledger (each attempt counted once, in its present state). */
export async function attemptsByChannelState(q: Queryable): Promise<ChannelStateCount[]> {
  const rows = await q.all<{ channel: string; state: string; n: number | string }>(
    sql`SELECT channel AS "channel", state AS "state", COUNT(*) AS "n" FROM dispatch_attempts GROUP BY channel, state`,
  );
  return rows.map((r) => ({ channel: r.channel, state: r.state, n: Number(r.n) }));
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
