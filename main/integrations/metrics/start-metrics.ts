/**
 * `GET /metrics` on the console port: Prometheus' text format (prom-client), from loopback or with
 * an API key allowed `metrics`. Figures from the database are read at scrape time (a few indexed
 * counts, one read at a time however many scrapers ask); the carrier latency comes from the
 * dispatcher as creates answer (the leader's: standbys send nothing).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { throttledWarn } from '../../log';
import type { HttpRoute, IntegrationDeps } from '../start-integrations';
import { startEventLoopDelay } from './event-loop-delay';
import { metricsAccess } from './metrics-access';
import { createEngineMetrics } from './metrics-registry';

export const METRICS_PATH = '/metrics';

const REFUSALS = {
  unauthenticated: { status: 401, text: 'Metrics are read from this machine, or with an API key allowed "metrics" (Authorization: Bearer gdk_…).' },
  forbidden: { status: 403, text: 'This API key may not read metrics: allow it "metrics".' },
  unavailable: { status: 503, text: 'The API key cannot be checked now: the database does not answer. From this machine, /metrics still answers (gdial_database_up).' },
} as const;

export function startMetrics(deps: IntegrationDeps & { keyAllows(req: IncomingMessage): Promise<boolean> }): { route: HttpRoute; stop(): Promise<void> } {
  const loop = startEventLoopDelay();
  const metrics = createEngineMetrics(
    {
      version: deps.version,
      workstation: deps.workstation,
      database: deps.store.dialect,
      isLeader: deps.isLeader,
      uplinkDown: () => deps.dispatch?.carrierStatus().uplinkDown ?? null,
    },
    loop,
  );
  const offCarrier = deps.dispatch?.dispatcher.onCarrierRequest(metrics.carrierRequest);
  const unreadable = throttledWarn(deps.log, 'metrics: the database could not be read for a scrape', { first: 1 });

  // Scrapes arriving together share one read of the database.
  let reading: Promise<void> | null = null;
  const refreshed = () =>
    (reading ??= metrics
      .refresh(deps.store, Date.now())
      .then((ok) => {
        if (!ok) unreadable.note({});
      })
      .finally(() => {
        reading = null;
      }));

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const access = await metricsAccess(req, deps.keyAllows);
    if (access !== 'allowed') {
      const refusal = REFUSALS[access];
      res
        .writeHead(refusal.status, {
          'Content-Type': 'text/plain; charset=utf-8',
          'Cache-Control': 'no-store',
          ...(access === 'unauthenticated' ? { 'WWW-Authenticate': 'Bearer realm="gdial-metrics"' } : {}),
        })
        .end(refusal.text + '\n');
      return;
    }
    await refreshed();
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const route: HttpRoute = (req, res, url) => {
    if (url.pathname !== METRICS_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics are read with GET.\n');
      return true;
    }
    answer(req, res).catch((error: unknown) => {
      deps.log.warn({ err: error }, 'metrics: a scrape failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Metrics could not be read.\n');
    });
    return true;
  };

  return {
    route,
    stop: async () => {
      offCarrier?.();
      loop.stop();
      await reading;
      unreadable.flush();
    },
  };
}
