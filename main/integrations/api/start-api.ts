/** The REST API (/api/v1) over the contract's router, and its keys. */
import type { IncomingMessage } from 'node:http';
import type { Router } from '../../rpc/router';
import { notBuilt } from '../not-built';
import type { HttpRoute, IntegrationDeps, IntegrationHandlers } from '../start-integrations';

export interface Api {
  handlers: Pick<IntegrationHandlers, 'system.apiDocument' | 'apiKeys.list' | 'apiKeys.create' | 'apiKeys.revoke'>;
  route(router: Router): HttpRoute;
  /** Whether a /metrics request may read: from loopback, or with an API key allowed `metrics`. */
  authorizeMetrics(req: IncomingMessage): Promise<boolean>;
  stop(): Promise<void>;
}

export function startApi(_deps: IntegrationDeps): Api {
  return {
    handlers: {
      'system.apiDocument': notBuilt('The API document'),
      'apiKeys.list': notBuilt('API keys'),
      'apiKeys.create': notBuilt('API keys'),
      'apiKeys.revoke': notBuilt('API keys'),
    },
    route: () => () => false,
    authorizeMetrics: async () => false,
    stop: async () => {},
  };
}
