/** Outgoing webhooks: subscriptions, the durable outbox, signed deliveries with retries. */
import { notBuilt } from '../not-built';
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';

type SubscriptionMethod = Extract<keyof IntegrationHandlers, `subscriptions.${string}`>;

export function startOutbound(_deps: IntegrationDeps): { handlers: Pick<IntegrationHandlers, SubscriptionMethod>; stop(): Promise<void> } {
  const todo = notBuilt('Outgoing webhooks');
  return {
    handlers: {
      'subscriptions.list': todo,
      'subscriptions.create': todo,
      'subscriptions.update': todo,
      'subscriptions.delete': todo,
      'subscriptions.sendTest': todo,
      'subscriptions.deliveries': todo,
    },
    stop: async () => {},
  };
}
