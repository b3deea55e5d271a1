/**
 * The durable outbox of outgoing webhooks (webhook_outbox): one row per message per subscription.
 * Rows are queued idempotently (unique (subscription_id, message_id)), claimed with a lease so
 * two workstations never send one row at once, and settled only by the lease's holder.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/store';
import { proposalMessageId } from './messages';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface OutboxRow {
  id: number;
  subscriptionId: number;
  messageId: string;
  eventType: string;
  alertId: number | null;
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAt: number | null;
  leaseUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface NewOutboxRow {
  subscriptionId: number;
  messageId: string;
  eventType: string;
  alertId: number | null;
  payload: string;
}

const COLUMNS = sql`id AS "id", subscription_id AS "subscriptionId", message_id AS "messageId", event_type AS "eventType", alert_id AS "alertId",
  payload AS "payload", state AS "state", attempts AS "attempts", next_at AS "nextAt", lease_until AS "leaseUntil", last_status AS "lastStatus",
  last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt"`;

/** bigint columns come back as strings from some drivers: one number shape on both. */
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const normal = (r: OutboxRow): OutboxRow => ({
  ...r,
  id: Number(r.id),
  subscriptionId: Number(r.subscriptionId),
  alertId: num(r.alertId),
  attempts: Number(r.attempts),
  nextAt: num(r.nextAt),
  leaseUntil: num(r.leaseUntil),
  lastStatus: num(r.lastStatus),
  createdAt: Number(r.createdAt),
  deliveredAt: num(r.deliveredAt),
});

/**
 * Queues messages, due at `now`. A message already queued for that subscription (the same
 * deterministic id, fed again after a crash or in an overlapping round) inserts nothing.
 * Returns the rows actually queued.
 */
export async function queueMessages(q: Queryable, rows: readonly NewOutboxRow[], now: number): Promise<number> {
  let queued = 0;
  for (const r of rows) {
    const { changes } = await q.run(sql`
      INSERT INTO webhook_outbox (subscription_id, message_id, event_type, alert_id, payload, state, attempts, next_at, created_at)
      VALUES (${r.subscriptionId}, ${r.messageId}, ${r.eventType}, ${r.alertId}, ${r.payload}, 'pending', 0, ${now}, ${now})
      ON CONFLICT (subscription_id, message_id) DO NOTHING`);
    queued += changes;
  }
  return queued;
}

/**
 * Which of these messages the subscriptions already have, as `subscriptionId:messageId` keys
 * (both lists name the unique index's columns, so this reads index entries, not the outbox).
 */
export async function queuedKeys(q: Queryable, subscriptionIds: readonly number[], messageIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  if (subscriptionIds.length === 0) return keys;
  const subscriptions = sql.join(
    subscriptionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  for (let i = 0; i < messageIds.length; i += 500) {
    const chunk = messageIds.slice(i, i + 500);
    const rows = await q.all<{ subscriptionId: number; messageId: string }>(sql`
      SELECT subscription_id AS "subscriptionId", message_id AS "messageId" FROM webhook_outbox
      WHERE subscription_id IN (${subscriptions}) AND message_id IN (${sql.join(
        chunk.map((id) => sql`${id}`),
        sql`, `,
      )})`);
    for (const r of rows) keys.add(`${Number(r.subscriptionId)}:${r.messageId}`);
  }
  return keys;
}

export async function outboxRow(q: Queryable, id: number): Promise<OutboxRow | undefined> {
  const row = await q.get<OutboxRow>(sql`SELECT ${COLUMNS} FROM webhook_outbox WHERE id = ${id}`);
  return row && normal(row);
}

/** A subscription's messages, newest first. */
export async function deliveriesOf(q: Queryable, subscriptionId: number, limit: number): Promise<OutboxRow[]> {
  return (await q.all<OutboxRow>(sql`SELECT ${COLUMNS} FROM webhook_outbox WHERE subscription_id = ${subscriptionId} ORDER BY id DESC LIMIT ${limit}`)).map(normal);
}

/**
 * Claims up to `limit` due rows of enabled subscriptions for `leaseMs`, in one statement: the
 * outer WHERE is checked again on each row as it is updated (PostgreSQL re-reads a row another
 * transaction just leased; SQLite has one writer), so a row is never leased twice at once. The
 * returned `leaseUntil` is the holder's token for settling the row.
 */
export async function claimDue(q: Queryable, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  const free = sql`state = 'pending' AND next_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})`;
  const rows = await q.all<OutboxRow>(sql`
    UPDATE webhook_outbox SET lease_until = ${now + leaseMs}
    WHERE id IN (
      SELECT o.id FROM webhook_outbox o JOIN webhook_subscriptions s ON s.id = o.subscription_id
      WHERE o.state = 'pending' AND o.next_at <= ${now} AND (o.lease_until IS NULL OR o.lease_until <= ${now}) AND s.enabled = 1
      ORDER BY o.next_at, o.id LIMIT ${limit})
    AND ${free}
    RETURNING ${COLUMNS}`);
  return rows.map(normal);
}

export interface Outcome {
  status: number | null;
  error: string | null;
}

/** Delivered (2xx). Only the lease's holder settles the row; false when it no longer holds it. */
export async function markDelivered(q: Queryable, id: number, lease: number, outcome: Outcome, now: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE webhook_outbox SET state = 'delivered', attempts = attempts + 1, last_status = ${outcome.status}, last_error = NULL,
      delivered_at = ${now}, next_at = NULL, lease_until = NULL
    WHERE id = ${id} AND lease_until = ${lease}`);
  return changes > 0;
}

/** Not delivered: tried again at `nextAt`, or given up (`nextAt` null → 'failed'). */
export async function markAttemptFailed(q: Queryable, id: number, lease: number, outcome: Outcome, nextAt: number | null): Promise<boolean> {
  const state: DeliveryState = nextAt === null ? 'failed' : 'pending';
  const { changes } = await q.run(sql`
    UPDATE webhook_outbox SET state = ${state}, attempts = attempts + 1, last_status = ${outcome.status}, last_error = ${outcome.error},
      next_at = ${nextAt}, lease_until = NULL
    WHERE id = ${id} AND lease_until = ${lease}`);
  return changes > 0;
}

/**
 * A burn: every message about the alert loses the alert's text (`data.text` becomes null), and the
 * proposal.created message of an inbound alarm the alert answered loses its headline and area (the
 * burn blanks the proposal's own, burner.ts), in the burn's unit, so nothing still waiting carries
 * them and no copy stays in the outbox. A proposal's message names no alert when it was fed
 * before the launch: it is found by its message id.
 */
export async function blankOutboxText(q: Queryable, alertId: number): Promise<number> {
  const proposals = await q.all<{ id: number }>(sql`SELECT id AS "id" FROM proposals WHERE alert_id = ${alertId}`);
  const proposalMessages = proposals.map((p) => sql`${proposalMessageId(Number(p.id))}`);
  const ofProposals = proposalMessages.length > 0 ? sql` OR message_id IN (${sql.join(proposalMessages, sql`, `)})` : sql``;
  const rows = await q.all<{ id: number; payload: string }>(sql`SELECT id AS "id", payload AS "payload" FROM webhook_outbox WHERE alert_id = ${alertId}${ofProposals}`);
  let blanked = 0;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { data?: { text?: unknown; headline?: unknown; area?: unknown } };
    const data = payload.data;
    if (!data) continue;
    const hasText = data.text !== undefined && data.text !== null;
    const words = (['headline', 'area'] as const).filter((k) => typeof data[k] === 'string' && data[k] !== '');
    if (!hasText && words.length === 0) continue;
    if (hasText) data.text = null;
    for (const k of words) data[k] = '';
    await q.run(sql`UPDATE webhook_outbox SET payload = ${JSON.stringify(payload)} WHERE id = ${row.id}`);
    blanked++;
  }
  return blanked;
}

/** The outbox's rows by state (metrics, health). */
export async function outboxCounts(q: Queryable): Promise<Record<DeliveryState, number>> {
  const rows = await q.all<{ state: DeliveryState; n: number }>(sql`SELECT state AS "state", COUNT(*) AS "n" FROM webhook_outbox GROUP BY state`);
  const counts: Record<DeliveryState, number> = { pending: 0, delivered: 0, failed: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/** The newest progress message queued about an alert (any subscription), to go on from after a restart. */
export async function lastProgress(q: Queryable, alertId: number): Promise<{ payload: string; createdAt: number } | undefined> {
  const row = await q.get<{ payload: string; createdAt: number }>(sql`
    SELECT payload AS "payload", created_at AS "createdAt" FROM webhook_outbox
    WHERE alert_id = ${alertId} AND event_type = 'alert.progress' ORDER BY id DESC LIMIT 1`);
  return row && { payload: row.payload, createdAt: Number(row.createdAt) };
}

/** Settled rows older than `before` are forgotten: the outbox does not grow for ever. */
export async function pruneOutbox(q: Queryable, before: number): Promise<number> {
  const { changes } = await q.run(sql`DELETE FROM webhook_outbox WHERE state IN ('delivered', 'failed') AND created_at < ${before}`);
  return changes;
}

/** The holder gives the row back untried (the engine stops mid-request): due again at once, no attempt counted. */
export async function releaseLease(q: Queryable, id: number, lease: number): Promise<void> {
  await q.run(sql`UPDATE webhook_outbox SET lease_until = NULL WHERE id = ${id} AND lease_until = ${lease}`);
}
