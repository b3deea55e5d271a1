/**
 * What a Prometheus scrape costs: `GET /metrics` over real HTTP on a SQLite engine holding one
 * alert of 1,500 recipients (3,000 attempts, voice and SMS) awaiting approval, against
 * `GET /healthz` on the same engine, the cheapest answer it gives. Median of nine after a
 * warm-up; the goal is a scrape that stays in the low milliseconds as the ledger grows.
 */
import { bookWithGroup, draft, FAST } from '../main/test-support/alert-fixture';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { round, timed, type Bench } from './harness';

const RECIPIENTS = 1500;
const SCRAPES = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function get(url: string): Promise<void> {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
}

async function medianSeconds(url: string): Promise<number> {
  await get(url); // warm-up: statements prepared, connection open
  const seconds: number[] = [];
  for (let i = 0; i < SCRAPES; i++) seconds.push((await timed(() => get(url))).seconds);
  return median(seconds);
}

async function scrapeCost() {
  const t = await startTestEngine({ port: 0, env: { GDIAL_APPROVAL_THRESHOLD: '10' }, simulatorConfig: FAST });
  try {
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, RECIPIENTS);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-metrics', draft: draft(groupId, { channels: ['voice', 'sms'] }) });
    if (alert.state !== 'pending_approval') throw new Error(`expected the alert to await approval, not ${alert.state}`);
    const scrape = await medianSeconds(`${t.engine.url}/metrics`);
    const health = await medianSeconds(`${t.engine.url}/healthz`);
    return { metrics_scrape_ms: round(scrape * 1000, 1), metrics_scrape_vs_healthz_ratio: round(scrape / health, 1) };
  } finally {
    await t.stop();
  }
}

export const metricsBench: Bench = { name: 'metrics', run: scrapeCost };
