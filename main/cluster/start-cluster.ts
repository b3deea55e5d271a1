/**
 * The engine's part in a cluster, wired in one place: the leader's duties (the dispatch runtime
 * and the schedules' clock), the events every console hears, and the health answers for a proxy.
 */
import type { DispatchRuntime } from '../dispatch/dispatch-runtime';
import type { Store } from '../db/store';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log';
import type { HealthPort } from '../server/health';
import { Cluster } from './cluster';

/** Starts and stops with the lead: the scheduler's clock (scheduler/start-scheduling.ts). */
export interface LeaderClock {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Joins the cluster on this database (leading at once when it is the only engine) and starts. */
export async function startCluster(opts: { store: Store; name: string; dispatch: DispatchRuntime; clock: LeaderClock; bus: EventBus; log: Logger }): Promise<Cluster> {
  const { dispatch, clock, bus } = opts;
  const cluster = new Cluster({
    store: opts.store,
    name: opts.name,
    duties: {
      lead: async (epoch, takeover) => {
        await dispatch.lead(epoch, takeover);
        await clock.start();
      },
      depose: async () => {
        await clock.stop();
        await dispatch.depose();
      },
      kick: () => dispatch.dispatcher.kick(),
    },
    log: opts.log,
  });
  cluster.onChange((status) => bus.emit('cluster.status', status));
  cluster.onTakeover((takeover) => bus.emit('cluster.takeover', takeover));
  // The leader on another machine lost (or found) the carrier: this engine's consoles show it.
  cluster.onUplinkSeen(() => bus.emit('carrier.status', dispatch.carrierStatus()));
  await cluster.start();
  return cluster;
}

/** `/healthz` and `/readyz` for this engine; `cluster` is null until it joined (or for an admin tool). */
export function clusterHealth(name: string, store: Store, cluster: () => Cluster | null): HealthPort {
  return {
    whoAmI: () => ({ workstation: name, role: cluster()?.leading ? 'leader' : 'standby' }),
    // A heartbeat is a real write; an admin tool (no cluster) has only the store's own view.
    canWrite: async () => {
      const joined = cluster();
      return joined ? joined.canWrite() : !store.availability.waiting;
    },
  };
}
