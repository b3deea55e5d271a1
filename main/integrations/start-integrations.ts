/**
 * Integrations' composition: the REST API and its keys, inbound alarms (CAP 1.2, JSON) and their
 * proposals, CAP export, outgoing webhooks and metrics. The engine (engine.ts) starts this once;
 * each part lives in its own folder and is wired here only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handlers } from '../rpc/router';
import type { Router } from '../rpc/router';
import type { Store } from '../db/store';
import type { DispatchRuntime } from '../dispatch/dispatch-runtime';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log';
import type { SettingsService } from '../settings/settings-service';
import type { TemplatesService } from '../templates/templates-service';
import { startApi } from './api/start-api';
import { capHandlers } from './cap/cap-handlers';
import { startMetrics } from './metrics/start-metrics';
import { startOutbound } from './outbound/start-outbound';
import { startTriggers } from './triggers/start-triggers';

/** The contract's methods this capability answers. */
export type IntegrationMethod =
  | 'system.apiDocument'
  | `apiKeys.${'list' | 'create' | 'revoke'}`
  | `triggers.${'cap' | 'json' | 'heartbeat' | 'sources' | 'forgetSource' | 'rules' | 'createRule' | 'updateRule' | 'deleteRule'}`
  | `proposals.${'list' | 'get' | 'dismiss' | 'resolveCancel'}`
  | 'reports.cap'
  | `subscriptions.${'list' | 'create' | 'update' | 'delete' | 'sendTest' | 'deliveries'}`;
export type IntegrationHandlers = Pick<Handlers, IntegrationMethod>;

/** Answers a request on the console port, or returns false when the path is not its own. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface IntegrationDeps {
  store: Store;
  bus: EventBus;
  log: Logger;
  settings: SettingsService;
  templates: TemplatesService;
  /** Null in admin tools (no dispatcher): nothing is launched, delivered or fed. */
  dispatch: DispatchRuntime | null;
  /** Whether this engine leads its cluster (always, alone): leader-only work checks it each round. */
  isLeader: () => boolean;
  /** This workstation's name (metrics, logs). */
  workstation: string;
  version: string;
}

export interface Integrations {
  handlers: IntegrationHandlers;
  /** The console port's routes: /api/v1/… and /metrics. */
  httpRoutes(router: Router): HttpRoute[];
  stop(): Promise<void>;
}

export function startIntegrations(deps: IntegrationDeps): Integrations {
  const log = deps.log.child({ module: 'integrations' });
  const api = startApi({ ...deps, log: log.child({ part: 'api' }) });
  const triggers = startTriggers({ ...deps, log: log.child({ part: 'triggers' }) });
  const outbound = startOutbound({ ...deps, log: log.child({ part: 'webhooks-out' }) });
  const metrics = startMetrics({ ...deps, log: log.child({ part: 'metrics' }), keyAllows: api.keyAllowsMetrics });
  return {
    handlers: { ...api.handlers, ...triggers.handlers, ...capHandlers(deps), ...outbound.handlers },
    httpRoutes: (router) => [api.route(router), metrics.route],
    stop: async () => {
      await outbound.stop();
      await triggers.stop();
      await metrics.stop();
      await api.stop();
    },
  };
}
