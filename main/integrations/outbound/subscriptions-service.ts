/**
 * Admins' subscriptions to outgoing webhooks: listed with their outbox's figures, created (the
 * signing secret shown once), changed, deleted, and a test message queued on demand. Every
 * change is audited (never the secret).
 */
import { randomBytes } from 'node:crypto';
import type { Delivery, ParsedInput, Subscription } from '../../contract';
import { recordAudit, type Actor } from '../../audit/audit-log';
import type { Store } from '../../db/store';
import { iso, isoOrNull } from '../../db/tx';
import { notFound } from '../../errors';
import { payloadOf } from './messages';
import { deliveriesOf, outboxRow, queueMessages, type OutboxRow } from './outbox-store';
import {
  deleteSubscription,
  insertSubscription,
  listSubscriptions,
  subscriptionById,
  updateSubscription,
  type SubscriptionFields,
  type SubscriptionWithFigures,
} from './subscriptions-store';

/** Standard Webhooks' secret format: `whsec_` and the base64 of 32 random bytes. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function toSubscription(r: SubscriptionWithFigures): Subscription {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    events: JSON.parse(r.events) as Subscription['events'],
    scope: r.scope,
    enabled: Number(r.enabled) === 1,
    createdAt: iso(Number(r.createdAt)),
    pending: r.pending,
    failed: r.failed,
    lastDeliveryAt: isoOrNull(r.lastDeliveryAt),
  };
}

export function toDelivery(r: OutboxRow): Delivery {
  return {
    id: r.id,
    messageId: r.messageId,
    eventType: r.eventType,
    state: r.state,
    attempts: r.attempts,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    createdAt: iso(r.createdAt),
    nextAt: r.state === 'pending' ? isoOrNull(r.nextAt) : null,
    deliveredAt: isoOrNull(r.deliveredAt),
  };
}

/**
 * Where a subscription posts, as the audit keeps it: the origin only. A webhook URL often carries
 * a token in its path, query or user part, and the audit chain can never forget what it holds.
 */
const auditedUrl = (url: string) => new URL(url).origin;

/** What the audit keeps of a subscription: no secret, and the URL's origin only. */
const audited = (f: SubscriptionFields) => ({ name: f.name, url: auditedUrl(f.url), events: f.events, scope: f.scope, enabled: f.enabled });

export class SubscriptionsService {
  constructor(
    private readonly store: Store,
    /** A row was queued: deliver it now. */
    private readonly queued: () => void,
  ) {}

  async list(): Promise<Subscription[]> {
    return (await listSubscriptions(this.store)).map(toSubscription);
  }

  async create(input: ParsedInput<'subscriptions.create'>, actor: Actor): Promise<{ subscription: Subscription; secret: string }> {
    const secret = newSigningSecret();
    const fields: SubscriptionFields = { ...input, events: [...new Set(input.events)] };
    const subscription = await this.store.unit(async (tx) => {
      const id = await insertSubscription(tx, fields, secret, Date.now());
      await recordAudit(tx, actor, { action: 'subscriptions.create', target: { type: 'subscription', id }, details: audited(fields) });
      return toSubscription((await subscriptionById(tx, id))!);
    });
    return { subscription, secret };
  }

  async update(input: ParsedInput<'subscriptions.update'>, actor: Actor): Promise<Subscription> {
    return this.store.unit(async (tx) => {
      const current = await subscriptionById(tx, input.id);
      if (!current) throw notFound('subscription', input.id);
      const before = toSubscription(current);
      const next: SubscriptionFields = {
        name: input.name ?? before.name,
        url: input.url ?? before.url,
        events: input.events ? [...new Set(input.events)] : before.events,
        scope: input.scope ?? before.scope,
        enabled: input.enabled ?? before.enabled,
      };
      await updateSubscription(tx, input.id, next);
      const changed = (Object.keys(next) as Array<keyof SubscriptionFields>).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
      await recordAudit(tx, actor, { action: 'subscriptions.update', target: { type: 'subscription', id: input.id }, details: { ...audited(next), changed } });
      return toSubscription((await subscriptionById(tx, input.id))!);
    });
  }

  async delete(id: number, actor: Actor): Promise<void> {
    await this.store.unit(async (tx) => {
      const current = await subscriptionById(tx, id);
      if (!current || !(await deleteSubscription(tx, id))) throw notFound('subscription', id);
      await recordAudit(tx, actor, { action: 'subscriptions.delete', target: { type: 'subscription', id }, details: { name: current.name, url: auditedUrl(current.url) } });
    });
  }

  /** Queues a signed `test` message for this subscription now, and returns its delivery. */
  async sendTest(id: number, actor: Actor): Promise<Delivery> {
    const row = await this.store.unit(async (tx) => {
      const current = await subscriptionById(tx, id);
      if (!current) throw notFound('subscription', id);
      const now = Date.now();
      const messageId = `msg_test_${randomBytes(12).toString('hex')}`;
      const payload = payloadOf('test', now, { subscription: { id, name: current.name }, message: 'A test message from GDial.' });
      await queueMessages(tx, [{ subscriptionId: id, messageId, eventType: 'test', alertId: null, payload }], now);
      await recordAudit(tx, actor, { action: 'subscriptions.sendTest', target: { type: 'subscription', id }, details: { name: current.name, messageId } });
      return (await deliveriesOf(tx, id, 1))[0]!;
    });
    this.queued();
    return toDelivery(row);
  }

  async deliveries(input: ParsedInput<'subscriptions.deliveries'>): Promise<Delivery[]> {
    if (!(await subscriptionById(this.store, input.id))) throw notFound('subscription', input.id);
    return (await deliveriesOf(this.store, input.id, input.limit)).map(toDelivery);
  }

  /** One delivery as it is now (tests, the console's refresh). */
  async delivery(id: number): Promise<Delivery | null> {
    const row = await outboxRow(this.store, id);
    return row ? toDelivery(row) : null;
  }
}
