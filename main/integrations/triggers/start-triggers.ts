/** Inbound alarms (CAP 1.2, JSON), trigger rules, proposals and heartbeats. */
import { notBuilt } from '../not-built';
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';

type TriggerMethod = Extract<keyof IntegrationHandlers, `triggers.${string}` | `proposals.${string}`>;

export function startTriggers(_deps: IntegrationDeps): { handlers: Pick<IntegrationHandlers, TriggerMethod>; stop(): Promise<void> } {
  const todo = notBuilt('Inbound alarms');
  return {
    handlers: {
      'triggers.cap': todo,
      'triggers.json': todo,
      'triggers.heartbeat': todo,
      'triggers.sources': todo,
      'triggers.rules': todo,
      'triggers.createRule': todo,
      'triggers.updateRule': todo,
      'triggers.deleteRule': todo,
      'proposals.list': todo,
      'proposals.get': todo,
      'proposals.dismiss': todo,
      'proposals.resolveCancel': todo,
    },
    stop: async () => {},
  };
}
