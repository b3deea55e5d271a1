/**
 * The metrics one engine exposes, in a prom-client Registry of its own (several engines run in one
 * test process; the global default registry would mix them). What lives in the database is read
 * at scrape time (`refresh`); the carrier latency histogram is fed by the dispatcher as creates
 * answer. Every series of a known label set is written, with 0 when there is none, so a query
 * or an alert rule never has to guess whether a missing series means zero.
 */
import { Gauge, Histogram, Registry } from 'prom-client';
import { attemptStates } from '../../contract/alerts';
import { alertStates } from '../../db/schema';
import type { Store } from '../../db/store';
import { currentLeadership } from '../../cluster/cluster-store';
import type { CarrierRequestObserver } from '../../dispatch/dispatcher';
import { AttemptTally } from './attempt-tally';
import type { EventLoopDelay } from './event-loop-delay';
import * as reads from './metrics-store';

const CHANNELS = ['voice', 'sms'] as const;
const OUTBOX_STATES = ['pending', 'delivered', 'failed'] as const;
/** A create usually answers in tens to hundreds of ms; the carrier's timeout bounds the top. */
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A scrape answers within Prometheus' default timeout (10 s) even when the database hangs. */
const READ_TIMEOUT_MS = 3_000;

async function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the database did not answer in time')), READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface EngineFacts {
  version: string;
  workstation: string;
  database: Store['dialect'];
  isLeader(): boolean;
  /** Whether this engine's dispatcher (or the leader's) cannot reach the carrier; null without dispatch. */
  uplinkDown(): boolean | null;
}

export interface EngineMetrics {
  registry: Registry;
  /** Feeds the carrier latency histogram (Dispatcher.onCarrierRequest). */
  carrierRequest: CarrierRequestObserver;
  /** Reads the database's figures into the gauges; false (and those gauges emptied) when it does not answer. */
  refresh(store: Store, now: number): Promise<boolean>;
}

export function createEngineMetrics(facts: EngineFacts, loop: EventLoopDelay): EngineMetrics {
  const registry = new Registry();
  const tally = new AttemptTally();
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (this: Gauge<L>) => void) =>
    new Gauge<L>({ name, help, labelNames, registers, ...(collect ? { collect } : {}) });

  gauge('gdial_info', 'This engine: its version, workstation name and database kind (always 1).', ['version', 'workstation', 'database'] as const).set(
    { version: facts.version, workstation: facts.workstation, database: facts.database },
    1,
  );
  gauge('gdial_leader', 'Whether this engine leads its cluster and dispatches (1) or stands by (0); a lone engine leads.', ['workstation'] as const, function () {
    this.set({ workstation: facts.workstation }, facts.isLeader() ? 1 : 0);
  });
  gauge('gdial_carrier_uplink_down', 'Whether the carrier cannot be reached now, so alerts wait for it (1) or not (0).', [], function () {
    this.set(facts.uplinkDown() ? 1 : 0);
  });
  gauge('gdial_event_loop_delay_seconds', "The engine's event-loop delay over the last full minute, by quantile.", ['quantile'] as const, function () {
    for (const [q, seconds] of loop.figures().quantiles) this.set({ quantile: String(q) }, seconds);
  });
  gauge('gdial_event_loop_delay_max_seconds', "The engine's longest event-loop delay over the last full minute.", [], function () {
    this.set(loop.figures().maxSeconds);
  });

  const latency = new Histogram<'channel' | 'outcome'>({
    name: 'gdial_carrier_request_duration_seconds',
    help: 'How long carrier creates (calls, texts) took, by channel and outcome (created, rate_limited, unreachable, rejected, in_doubt).',
    labelNames: ['channel', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  // Both channels' created series exist from the start: a rate over them is 0, not absent.
  for (const channel of CHANNELS) latency.zero({ channel, outcome: 'created' });

  const databaseUp = gauge('gdial_database_up', "Whether this scrape could read the database's figures (1) or not (0: those series are absent).");
  const readSeconds = gauge('gdial_metrics_read_duration_seconds', "How long this scrape's database reads took.");
  const fromDatabase = {
    alerts: gauge('gdial_alerts', 'Alerts by state, over every alert kept.', ['state'] as const),
    attempts: gauge('gdial_attempts', 'Dispatch attempts (one call or text each) by channel and present state, over the whole ledger.', ['channel', 'state'] as const),
    inDoubt: gauge('gdial_attempts_in_doubt', 'Attempts in doubt: the carrier may have them; GDial asks it, or an operator decides.'),
    due: gauge('gdial_dispatch_queue_due', 'Queued attempts whose time has come, by channel: the dispatcher has yet to send them.', ['channel'] as const),
    later: gauge('gdial_dispatch_queue_scheduled', 'Queued attempts waiting for a later time (escalation rounds, retry after), by channel.', ['channel'] as const),
    webhooks: gauge('gdial_webhook_messages', 'Outgoing webhook messages by state: pending (to be sent or retried), delivered, failed (given up).', ['state'] as const),
    retrying: gauge('gdial_webhook_messages_retrying', 'Pending outgoing webhook messages that failed at least once and wait for a retry.'),
    epoch: gauge('gdial_leader_epoch', "The cluster's fencing epoch: it grows by one at every takeover."),
  };

  return {
    registry,
    carrierRequest: (channel, ms, outcome) => latency.observe({ channel, outcome }, ms / 1000),
    refresh: async (store, now) => {
      const started = performance.now();
      for (const g of Object.values(fromDatabase)) g.reset();
      try {
        if (store.availability.waiting) throw new Error('the database does not answer');
        const [alerts, attempts, queue, outbox, leadership] = await withinTime(
          Promise.all([reads.alertsByState(store), tally.count(store), reads.dispatchQueue(store, now), reads.webhookOutbox(store), currentLeadership(store)]),
        );
        const count = (rows: reads.StateCount[], state: string) => rows.find((r) => r.state === state)?.n ?? 0;
        for (const state of alertStates) fromDatabase.alerts.set({ state }, count(alerts, state));
        for (const channel of CHANNELS) {
          const ofChannel = attempts.filter((r) => r.channel === channel);
          for (const state of attemptStates) fromDatabase.attempts.set({ channel, state }, count(ofChannel, state));
          const queued = queue.find((r) => r.channel === channel);
          fromDatabase.due.set({ channel }, queued?.due ?? 0);
          fromDatabase.later.set({ channel }, queued?.later ?? 0);
        }
        fromDatabase.inDoubt.set(attempts.filter((r) => r.state === 'in_doubt').reduce((sum, r) => sum + r.n, 0));
        for (const state of OUTBOX_STATES) fromDatabase.webhooks.set({ state }, count(outbox.byState, state));
        fromDatabase.retrying.set(outbox.retrying);
        if (leadership) fromDatabase.epoch.set(leadership.epoch);
        databaseUp.set(1);
        return true;
      } catch {
        for (const g of Object.values(fromDatabase)) g.reset();
        databaseUp.set(0);
        return false;
      } finally {
        readSeconds.set((performance.now() - started) / 1000);
      }
    },
  };
}
