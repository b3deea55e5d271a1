/**
 * Outgoing webhooks: subscriptions, the durable outbox, signed deliveries with retries. The feed
 * runs on the leader only (it checks each round); every engine delivers (leases keep two from
 * sending one row). Admin tools (no dispatcher) answer the methods but neither feed nor deliver.
 */
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';
import { Deliverer } from './deliverer';
import { EventFeed } from './event-feed';
import { SubscriptionsService } from './subscriptions-service';

export { outboxCounts } from './outbox-store';

type SubscriptionMethod = Extract<keyof IntegrationHandlers, `subscriptions.${string}`>;

export interface Outbound {
  handlers: Pick<IntegrationHandlers, SubscriptionMethod>;
  service: SubscriptionsService;
  stop(): Promise<void>;
}

export function startOutbound(deps: IntegrationDeps): Outbound {
  const deliverer = deps.dispatch ? new Deliverer({ store: deps.store, log: deps.log, version: deps.version }) : null;
  const feed = deps.dispatch ? new EventFeed({ store: deps.store, isLeader: deps.isLeader, log: deps.log, onQueued: () => deliverer?.kick() }) : null;
  const service = new SubscriptionsService(deps.store, () => deliverer?.kick());
  deliverer?.start();
  feed?.start();
  return {
    handlers: {
      'subscriptions.list': () => service.list(),
      'subscriptions.create': (input, ctx) => service.create(input, ctx.actor()),
      'subscriptions.update': (input, ctx) => service.update(input, ctx.actor()),
      'subscriptions.delete': async (input, ctx) => {
        await service.delete(input.id, ctx.actor());
        return { ok: true } as never;
      },
      'subscriptions.sendTest': (input, ctx) => service.sendTest(input.id, ctx.actor()),
      'subscriptions.deliveries': (input) => service.deliveries(input),
    },
    service,
    stop: async () => {
      await feed?.stop();
      await deliverer?.stop();
    },
  };
}
