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
  authorizeMetrics(req: IncomingMessage): Promise<boolean>;
  stop(): Promise<void>;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
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
    authorizeMetrics: async (req) => {
      if (isLoopback(req.socket.remoteAddress)) return true;
      const secret = bearerOf(req);
      const key = secret ? await keys.authenticate(secret) : null;
      return key !== null && keys.permits(key, 'metrics');
    },
    stop: async () => {},
  };
}
