/** Outgoing webhook subscriptions' rows (webhook_subscriptions), with their outbox's figures. */
import { sql } from 'drizzle-orm';
import { nocaseOrder } from '../../db/dialect-sql';
import type { Queryable } from '../../db/store';

export interface SubscriptionRow {
  id: number;
  name: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  scope: 'all' | 'live' | 'drill';
  enabled: number;
  createdAt: number;
}

/** A subscription with its secret, for signing (never for an answer to a console). */
export interface SigningSubscription extends SubscriptionRow {
  secret: string;
}

export interface SubscriptionWithFigures extends SubscriptionRow {
  pending: number;
  failed: number;
  lastDeliveryAt: number | null;
}

const COLUMNS = sql`s.id AS "id", s.name AS "name", s.url AS "url", s.events AS "events", s.scope AS "scope", s.enabled AS "enabled", s.created_at AS "createdAt"`;

/** Every subscription with how many of its messages wait or gave up, and its last delivery. */
export async function listSubscriptions(q: Queryable): Promise<SubscriptionWithFigures[]> {
  const rows = await q.all<SubscriptionWithFigures>(sql`
    SELECT ${COLUMNS},
      (SELECT COUNT(*) FROM webhook_outbox o WHERE o.subscription_id = s.id AND o.state = 'pending') AS "pending",
      (SELECT COUNT(*) FROM webhook_outbox o WHERE o.subscription_id = s.id AND o.state = 'failed') AS "failed",
      (SELECT MAX(o.delivered_at) FROM webhook_outbox o WHERE o.subscription_id = s.id) AS "lastDeliveryAt"
    FROM webhook_subscriptions s ORDER BY ${nocaseOrder(q.dialect, sql`s.name`)}, s.id`);
  return rows.map((r) => ({ ...r, pending: Number(r.pending), failed: Number(r.failed), lastDeliveryAt: r.lastDeliveryAt === null ? null : Number(r.lastDeliveryAt) }));
}

export async function subscriptionById(q: Queryable, id: number): Promise<SubscriptionWithFigures | undefined> {
  return (await listSubscriptions(q)).find((s) => s.id === id);
}

/** The enabled subscriptions, with secrets: the feeder's and the deliverer's view. */
export function enabledSubscriptions(q: Queryable): Promise<SigningSubscription[]> {
  return q.all<SigningSubscription>(sql`SELECT ${COLUMNS}, s.secret AS "secret" FROM webhook_subscriptions s WHERE s.enabled = 1 ORDER BY s.id`);
}

export function signingSubscription(q: Queryable, id: number): Promise<SigningSubscription | undefined> {
  return q.get<SigningSubscription>(sql`SELECT ${COLUMNS}, s.secret AS "secret" FROM webhook_subscriptions s WHERE s.id = ${id}`);
}

export interface SubscriptionFields {
  name: string;
  url: string;
  events: string[];
  scope: 'all' | 'live' | 'drill';
  enabled: boolean;
}

export async function insertSubscription(q: Queryable, f: SubscriptionFields, secret: string, now: number): Promise<number> {
  const row = await q.get<{ id: number }>(sql`
    INSERT INTO webhook_subscriptions (name, url, events, scope, enabled, secret, created_at)
    VALUES (${f.name}, ${f.url}, ${JSON.stringify(f.events)}, ${f.scope}, ${f.enabled ? 1 : 0}, ${secret}, ${now})
    RETURNING id AS "id"`);
  return Number(row!.id);
}

/** Replaces the fields given; false when there is no such subscription. */
export async function updateSubscription(q: Queryable, id: number, f: SubscriptionFields): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE webhook_subscriptions SET name = ${f.name}, url = ${f.url}, events = ${JSON.stringify(f.events)}, scope = ${f.scope}, enabled = ${f.enabled ? 1 : 0}
    WHERE id = ${id}`);
  return changes > 0;
}

/** Deletes the subscription and (by the foreign key's cascade, said here too) its outbox. */
export async function deleteSubscription(q: Queryable, id: number): Promise<boolean> {
  await q.run(sql`DELETE FROM webhook_outbox WHERE subscription_id = ${id}`);
  const { changes } = await q.run(sql`DELETE FROM webhook_subscriptions WHERE id = ${id}`);
  return changes > 0;
}
