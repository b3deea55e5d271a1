/** The REST API (/api/v1) over the contract's router, its keys and its OpenAPI document. */
import type { IncomingMessage } from 'node:http';
import type { Router } from '../../rpc/router';
import type { HttpRoute, IntegrationDeps, IntegrationHandlers } from '../start-integrations';
import { ApiKeysService } from './api-keys';
import { buildApiDocument } from './openapi';
import { KeyRateLimiter, type RateLimits } from './rate-limit';
import { bearerOf, restRoute } from './rest-api';

export interface Api {
  handlers: Pick<IntegrationHandlers, 'system.apiDocument' | 'apiKeys.list' | 'apiKeys.create' | 'apiKeys.revoke'>;
  route(router: Router): HttpRoute;
  /** Whether a /metrics request may read: from loopback, or with an API key allowed `metrics`. */
  keyAllowsMetrics(req: IncomingMessage): Promise<boolean>;
  stop(): Promise<void>;
}

export function startApi(deps: IntegrationDeps, opts: { rateLimits?: RateLimits } = {}): Api {
  const keys = new ApiKeysService(deps.store, deps.settings);
  const limiter = new KeyRateLimiter(opts.rateLimits);
  let document: Record<string, unknown> | null = null;
  const apiDocument = () => (document ??= buildApiDocument(deps.version));
  return {
    handlers: {
      'system.apiDocument': () => apiDocument(),
      'apiKeys.list': () => keys.list(),
      'apiKeys.create': (input, ctx) => keys.create(input, ctx.actor()),
      'apiKeys.revoke': (input, ctx) => keys.revoke(input.id, ctx.actor()),
    },
    route: (router) => restRoute({ router, keys, limiter, store: deps.store, log: deps.log, document: apiDocument }),
    keyAllowsMetrics: async (req) => {
      const secret = bearerOf(req);
      const key = secret ? await keys.authenticate(secret) : null;
      return key !== null && keys.permits(key, 'metrics');
    },
    stop: async () => {},
  };
}
